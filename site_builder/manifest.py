"""The build manifest: what the last build wrote, from what, so the next one can skip it.

A small SQLite file inside the release folder (`_build/manifest.sqlite3`, never
published) rather than JSON: an incremental build of a 100,000-page site reads the
fingerprints in one query and updates a handful of rows.
"""

import sqlite3
from contextlib import closing

SCHEMA = """
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    page_id INTEGER,
    fingerprint TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS output_media (
    path TEXT NOT NULL,
    media TEXT NOT NULL,
    PRIMARY KEY (path, media)
);
CREATE INDEX IF NOT EXISTS output_media_media ON output_media (media);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Manifest:
    def __init__(self, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path)
        self.connection.executescript(SCHEMA)

    def close(self):
        self.connection.close()

    def fingerprints(self):
        with closing(self.connection.execute("SELECT path, fingerprint FROM outputs")) as rows:
            return dict(rows)

    def outputs(self):
        with closing(self.connection.execute("SELECT path, kind, page_id FROM outputs")) as rows:
            return {path: (kind, page_id) for path, kind, page_id in rows}

    def record(self, output, sha256, media):
        self.connection.execute(
            "INSERT OR REPLACE INTO outputs (path, kind, page_id, fingerprint, sha256) "
            "VALUES (?, ?, ?, ?, ?)",
            (output.path, output.kind, output.page_id, output.fingerprint, sha256),
        )
        self.connection.execute("DELETE FROM output_media WHERE path = ?", (output.path,))
        self.connection.executemany(
            "INSERT INTO output_media (path, media) VALUES (?, ?)",
            [(output.path, name) for name in sorted(media)],
        )

    def forget(self, paths):
        self.connection.executemany("DELETE FROM outputs WHERE path = ?", [(p,) for p in paths])
        self.connection.executemany(
            "DELETE FROM output_media WHERE path = ?", [(p,) for p in paths]
        )

    def referenced_media(self):
        with closing(self.connection.execute("SELECT DISTINCT media FROM output_media")) as rows:
            return {name for (name,) in rows}

    def get(self, key, default=""):
        row = self.connection.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key, value):
        self.connection.execute(
            "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value)
        )

    def commit(self):
        self.connection.commit()
