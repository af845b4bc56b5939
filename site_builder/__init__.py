"""The static site: plan what changed, render it with the theme, index it, publish it.

See ARCHITECTURE.md: content lives in Wagtail; the site, the search index and the CDN copy
are derived from it and can be rebuilt at any time (`build_site --full`).
"""
