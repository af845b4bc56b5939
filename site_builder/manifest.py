"""The build manifest: what the last build wrote, from what, so the next one can skip it.

A small SQLite file inside the release folder (`_build/manifest.sqlite3`, never
published) rather than JSON: an incremental build of a 160,000-page site reads and
updates a handful of rows. It holds

- `outputs`: every file the site has, with the fingerprint of what it read, the unit it is
  planned in and its plan parameters (so one listing can be re-rendered on its own);
- `output_pages`: the pages each output shows (which outputs does a booth appear on?);
- `output_media`: the media files each output references (what goes into `media/`);
- `booths`: each booth's place in the listings (edition, number, title, categories), to
  tell an edit that moves it in a listing from one that does not;
- `sitemap`: one row per URL of the sitemaps, so that they are rewritten in part;
- `state`: the theme fingerprint, the change-journal cursor, search bookkeeping.
"""

import json
import sqlite3
from contextlib import closing
from typing import NamedTuple

SCHEMA_VERSION = "3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    page_id INTEGER,
    fingerprint TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    locale_id INTEGER,
    params TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS outputs_unit ON outputs (unit);
CREATE INDEX IF NOT EXISTS outputs_page ON outputs (page_id);
CREATE TABLE IF NOT EXISTS output_pages (
    path TEXT NOT NULL,
    page_id INTEGER NOT NULL,
    PRIMARY KEY (path, page_id)
);
CREATE INDEX IF NOT EXISTS output_pages_page ON output_pages (page_id);
CREATE TABLE IF NOT EXISTS output_media (
    path TEXT NOT NULL,
    media TEXT NOT NULL,
    PRIMARY KEY (path, media)
);
CREATE INDEX IF NOT EXISTS output_media_media ON output_media (media);
CREATE TABLE IF NOT EXISTS booths (
    booth_id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL,
    locale_id INTEGER NOT NULL,
    listing_key TEXT NOT NULL,
    translation_key TEXT NOT NULL,
    booth_number TEXT NOT NULL,
    order_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS booths_number ON booths (edition_id, booth_number);
CREATE TABLE IF NOT EXISTS sitemap (
    path TEXT PRIMARY KEY,
    locale_id INTEGER NOT NULL,
    lastmod TEXT NOT NULL,
    alternates TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sitemap_locale ON sitemap (locale_id);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

BOOTH_COLUMNS = "edition_id, locale_id, listing_key, translation_key, booth_number, order_key"
PAGES_IN_PATHS = "SELECT path, page_id FROM output_pages WHERE path IN ({marks})"
IN_PATHS = "SELECT {columns} FROM outputs WHERE path IN ({{marks}})"  # noqa: S608 (our columns)

TABLES = ("outputs", "output_pages", "output_media", "booths", "sitemap", "state")


class StoredPlan(NamedTuple):
    """An output as the last build planned it: enough to plan it again on its own."""

    path: str
    kind: str
    locale_id: int | None
    page_id: int | None
    unit: str
    params: dict
    page_ids: list


class Manifest:
    def __init__(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = NORMAL")
        # The version first: an older manifest's tables may lack columns SCHEMA indexes.
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        if self.get("schema") != SCHEMA_VERSION:
            self.reset()
        self.connection.executescript(SCHEMA)

    def reset(self):
        """Forget everything (a manifest from an older builder): the next build is full."""
        for table in TABLES:
            self.connection.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608
        self.connection.executescript(SCHEMA)
        self.set("schema", SCHEMA_VERSION)
        self.commit()

    def close(self):
        self.connection.close()

    def _rows(self, sql, parameters=()):
        with closing(self.connection.execute(sql, parameters)) as rows:
            return rows.fetchall()

    def _rows_in(self, sql, values):
        """Rows of `sql` whose `{marks}` is a parameter list, for any number of values."""
        rows = []
        for batch in batched(sorted(values)):
            rows += self._rows(sql.format(marks=",".join("?" * len(batch))), batch)
        return rows

    # -- outputs ---------------------------------------------------------------------
    def fingerprints(self, paths=None):
        """{path: fingerprint} of every output, or of the given paths."""
        if paths is None:
            return dict(self._rows("SELECT path, fingerprint FROM outputs"))
        return dict(self._rows_in(IN_PATHS.format(columns="path, fingerprint"), paths))

    def hashes(self, paths=None):
        """{path: sha256} of the files the last build wrote (all, or these)."""
        if paths is None:
            return dict(self._rows("SELECT path, sha256 FROM outputs"))
        return dict(self._rows_in(IN_PATHS.format(columns="path, sha256"), paths))

    def kinds_of(self, paths):
        """{path: (kind, page_id)} of these outputs."""
        return {
            path: (kind, pk)
            for path, kind, pk in self._rows_in(
                IN_PATHS.format(columns="path, kind, page_id"), paths
            )
        }

    def outputs_of_units(self, units):
        """{path: (kind, page_id)} of the outputs planned in these units."""
        sql = "SELECT path, kind, page_id FROM outputs WHERE unit IN ({marks})"
        return {path: (kind, pk) for path, kind, pk in self._rows_in(sql, units)}

    def outputs_of_pages(self, page_ids):
        """(path, kind, unit) of the outputs drawing these pages (page outputs)."""
        sql = "SELECT path, kind, unit FROM outputs WHERE page_id IN ({marks})"
        return self._rows_in(sql, page_ids)

    def plans_of_unit(self, unit):
        """StoredPlans of the outputs of one unit."""
        paths = [p for (p,) in self._rows("SELECT path FROM outputs WHERE unit = ?", (unit,))]
        return self._plans(paths, None)

    def outputs_showing(self, page_ids, kinds):
        """StoredPlans of the outputs of these kinds that show any of these pages."""
        sql = "SELECT DISTINCT path FROM output_pages WHERE page_id IN ({marks})"
        return self._plans({path for (path,) in self._rows_in(sql, page_ids)}, kinds)

    def _plans(self, paths, kinds):
        columns = "path, kind, locale_id, page_id, unit, params"
        shown = {}
        for path, pk in self._rows_in(PAGES_IN_PATHS, paths):
            shown.setdefault(path, []).append(pk)
        return [
            StoredPlan(
                path, kind, locale_id, page_id, unit, json.loads(params), shown.get(path, [])
            )
            for path, kind, locale_id, page_id, unit, params in self._rows_in(
                IN_PATHS.format(columns=columns), paths
            )
            if kinds is None or kind in kinds
        ]

    def record(self, rendered):
        """Record rendered outputs: [(output, sha256, media names)], in a few statements."""
        from site_builder.plan import params_json

        paths = [(output.path,) for output, _sha, _media in rendered]
        self.connection.executemany(
            "INSERT OR REPLACE INTO outputs "
            "(path, kind, page_id, fingerprint, sha256, unit, locale_id, params) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    output.path,
                    output.kind,
                    output.page_id,
                    output.fingerprint,
                    sha256,
                    output.unit,
                    output.locale_id,
                    params_json(output.params),
                )
                for output, sha256, _media in rendered
            ],
        )
        self.connection.executemany("DELETE FROM output_pages WHERE path = ?", paths)
        self.connection.executemany(
            "INSERT OR IGNORE INTO output_pages (path, page_id) VALUES (?, ?)",
            [(output.path, pk) for output, _sha, _media in rendered for pk in output.page_ids],
        )
        self.connection.executemany("DELETE FROM output_media WHERE path = ?", paths)
        self.connection.executemany(
            "INSERT INTO output_media (path, media) VALUES (?, ?)",
            [(output.path, name) for output, _sha, media in rendered for name in sorted(media)],
        )

    def forget(self, paths):
        rows = [(p,) for p in paths]
        for table in ("outputs", "output_pages", "output_media"):
            self.connection.executemany(f"DELETE FROM {table} WHERE path = ?", rows)  # noqa: S608

    def referenced_media(self):
        return {name for (name,) in self._rows("SELECT DISTINCT media FROM output_media")}

    def media_of(self, paths):
        sql = "SELECT DISTINCT media FROM output_media WHERE path IN ({marks})"
        return {name for (name,) in self._rows_in(sql, paths)}

    def still_referenced(self, names):
        """The media files among `names` that some output references."""
        sql = "SELECT DISTINCT media FROM output_media WHERE media IN ({marks})"
        return {name for (name,) in self._rows_in(sql, names)}

    # -- booths' places in the listings ------------------------------------------------
    def booth_keys(self, booth_ids=None):
        """{booth_id: ListingKey} (site_builder.incremental.listing_key)."""
        sql = f"SELECT booth_id, {BOOTH_COLUMNS} FROM booths"  # noqa: S608 (our columns)
        if booth_ids is None:
            rows = self._rows(sql)
        else:
            rows = self._rows_in(sql + " WHERE booth_id IN ({marks})", booth_ids)
        return {pk: tuple(rest) for pk, *rest in rows}

    def booths_numbered(self, edition_id, booth_number):
        """How many booths of an edition carry this booth number."""
        sql = "SELECT COUNT(*) FROM booths WHERE edition_id = ? AND booth_number = ?"
        return self._rows(sql, (edition_id, booth_number))[0][0]

    def booths_with_translation_keys(self, keys):
        sql = "SELECT booth_id FROM booths WHERE translation_key IN ({marks})"
        return {pk for (pk,) in self._rows_in(sql, keys)}

    def set_booth_keys(self, keys, replace_all=False, forget=()):
        if replace_all:
            self.connection.execute("DELETE FROM booths")
        self.connection.executemany(
            "DELETE FROM booths WHERE booth_id = ?", [(pk,) for pk in forget]
        )
        self.connection.executemany(
            f"INSERT OR REPLACE INTO booths (booth_id, {BOOTH_COLUMNS}) "  # noqa: S608
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(pk, *value) for pk, value in keys.items()],
        )

    # -- sitemap rows ------------------------------------------------------------------
    def sitemap_rows(self, locale_id=None, paths=None):
        """{path: (locale_id, lastmod, alternates)} of one language, or of some paths."""
        sql = "SELECT path, locale_id, lastmod, alternates FROM sitemap"
        if paths is not None:
            rows = self._rows_in(sql + " WHERE path IN ({marks})", paths)
        else:
            rows = self._rows(sql + " WHERE locale_id = ?", (locale_id,))
        return {path: tuple(rest) for path, *rest in rows}

    def sitemap_counts(self):
        return dict(self._rows("SELECT locale_id, COUNT(*) FROM sitemap GROUP BY locale_id"))

    def set_sitemap_rows(self, rows, replace_all=False, forget=()):
        if replace_all:
            self.connection.execute("DELETE FROM sitemap")
        self.connection.executemany("DELETE FROM sitemap WHERE path = ?", [(p,) for p in forget])
        self.connection.executemany(
            "INSERT OR REPLACE INTO sitemap (path, locale_id, lastmod, alternates) "
            "VALUES (?, ?, ?, ?)",
            [(path, *value) for path, value in rows.items()],
        )

    # -- state -------------------------------------------------------------------------
    def get(self, key, default=""):
        row = self.connection.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key, value):
        self.connection.execute(
            "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value)
        )

    def commit(self):
        self.connection.commit()


def batched(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
