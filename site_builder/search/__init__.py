"""Search for buyers (SPEC 4.5, 4.7.2): Meilisearch documents, settings, keys and queries.

`server` finds (or starts) Meilisearch, `documents` turns booth and exhibit pages into
documents, `indexer` pushes them, `keys` and `levels` decide who may read what, `query`
searches from the server side and `ui_config` tells the search page where and how to ask.
"""
