"""The catalogue: one SQLite file holding the whole dataset and what is known of every source file.

Tables (columns of documents / rows / executors come from ``ingest.schema.TABLES``; lists and maps
are stored as JSON text, dates as ISO text):

- ``files``: one line per source file ever seen, keyed by its absolute path; ``seq`` is the order
  it was first seen in (its position in the run that first met it), then size, mtime_ns, sha256,
  the pipeline version that extracted it, status, error, error_kind, seconds, first_seen, last_run.
- ``documents``: one line per source file (key ``path`` = ``files.path``), the dataset's documents
  record. Byte-identical copies share a ``doc_id``; ``duplicate_of`` names the ``source_path`` of
  the first file (by ``seq``) with the same ``content_id`` (or, without one, the same ``doc_id``).
- ``rows`` and ``executors``: keyed by ``(doc_id, row_index)`` and ``(doc_id, row_index,
  party_index)``, primary keys, so the rows of a byte-identical copy exist once.
- ``runs``: one line per run (start, end, pid, host, summary JSON, status counts JSON).
- ``file_runs``: a file's state after each run that did something with it (``run_id``, ``path``,
  ``sha256``, ``status``, ``action``: extracted, copied from a byte-identical file, or restat for
  the same bytes under a new mtime), written in the file's own transaction; unchanged files that
  were skipped get no line. Reports tell "changed" and "fixed" files from it.
- ``meta``: the change counter (``generation``) and what was exported where.

WAL journal, one transaction per file; ``PRAGMA user_version`` is the layout's version, upgraded by
``MIGRATIONS`` in order. A file that is not a catalogue, is damaged, or comes from a newer version
raises ``CatalogError`` (the command line exits 5).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator

from ingest.path_text import BYTES_KEY, key_to_path
from ingest.schema import TABLES

VERSION = 3
JSON_TYPES = frozenset({"str_list", "str_map", "intervals", "executor_list"})
SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "date": "TEXT"}
FILE_FIELDS = ("size", "mtime_ns", "sha256", "pipeline_version", "status", "error", "error_kind", "seconds")


class CatalogError(Exception):
    """The catalogue cannot be used: damaged, not a catalogue, or from an unknown version."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _data_columns_sql(table: str) -> str:
    return ", ".join(f"{_q(c.name)} {SQL_TYPES.get(c.type, 'TEXT')}" for c in TABLES[table])


def _script(conn: sqlite3.Connection, script: str) -> None:
    """Statements one by one, inside the caller's transaction (``executescript`` would commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1(conn: sqlite3.Connection) -> None:
    """The first layout."""
    _script(conn, f"""
        CREATE TABLE files (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE,
            size INTEGER, mtime_ns INTEGER, sha256 TEXT, pipeline_version TEXT,
            status TEXT NOT NULL DEFAULT 'pending', error TEXT, error_kind TEXT, seconds REAL,
            first_seen TEXT NOT NULL, first_run INTEGER, last_run INTEGER);
        CREATE TABLE documents (
            path TEXT PRIMARY KEY REFERENCES files(path) ON DELETE CASCADE, {_data_columns_sql("documents")});
        CREATE TABLE rows ({_data_columns_sql("rows")}, PRIMARY KEY (doc_id, row_index));
        CREATE TABLE executors ({_data_columns_sql("executors")}, PRIMARY KEY (doc_id, row_index, party_index));
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT,
            pid INTEGER, host TEXT, argv TEXT, summary TEXT);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """)


def _migrate_2(conn: sqlite3.Connection) -> None:
    """Status counts per run, and the indexes the duplicate pass and garbage collection use."""
    _script(conn, """
        ALTER TABLE runs ADD COLUMN counts TEXT;
        CREATE INDEX documents_doc_id ON documents(doc_id);
        CREATE INDEX documents_content_id ON documents(content_id);
    """)


def _migrate_3(conn: sqlite3.Connection) -> None:
    """Each file's state per run; the state each file has now is kept as that of its last run."""
    _script(conn, """
        CREATE TABLE file_runs (
            run_id INTEGER NOT NULL, path TEXT NOT NULL, sha256 TEXT, status TEXT, action TEXT NOT NULL,
            PRIMARY KEY (path, run_id));
        CREATE INDEX file_runs_run ON file_runs(run_id);
        INSERT INTO file_runs (run_id, path, sha256, status, action)
            SELECT last_run, path, sha256, status, 'recorded' FROM files
            WHERE last_run IS NOT NULL AND status != 'pending'
    """)


MIGRATIONS = {1: _migrate_1, 2: _migrate_2, 3: _migrate_3}  # version reached -> step from the version before


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _to_sql(table: str, record: dict[str, Any]) -> list[Any]:
    out = []
    for c in TABLES[table]:
        v = record.get(c.name)
        if c.type in JSON_TYPES:
            v = json.dumps(v if v is not None else ([] if c.type != "str_map" else {}), ensure_ascii=False)
        out.append(v)
    return out


def _from_sql(columns: list[str], types: dict[str, str], values: Iterable[Any]) -> dict[str, Any]:
    record = {}
    for name, v in zip(columns, values):
        if types[name] in JSON_TYPES and v is not None:
            v = json.loads(v)
        record[name] = v
    return record


class Catalog:
    """An open catalogue. Writes happen in ``transaction()`` blocks; one per source file."""

    def __init__(self, path: str | os.PathLike, create: bool = True):
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise CatalogError(f"there is no catalogue at {self.path}; run `roadmap-ingest run` first")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise CatalogError(f"{self.path} is not a readable catalogue ({exc}); "
                               "move it away or pass another --state") from exc

    @classmethod
    def reader(cls, path: str | os.PathLike) -> "Catalog":
        """A second connection to an open catalogue, for lookups from another thread (no migration)."""
        obj = cls.__new__(cls)
        obj.path = Path(path)
        obj.conn = sqlite3.connect(obj.path, isolation_level=None, timeout=30, check_same_thread=False)
        obj.conn.execute("PRAGMA busy_timeout = 30000")
        return obj

    # -- opening, versions ------------------------------------------------------------------
    def _setup(self) -> None:
        c = self.conn
        c.execute("PRAGMA busy_timeout = 30000")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and tables - {"sqlite_sequence"}:
            raise CatalogError(f"{self.path} is an SQLite file of another program (it has tables but no catalogue "
                               "version); pass another --state")
        if version > VERSION:
            raise CatalogError(f"{self.path} was written by a newer roadmap-ingest (catalogue version {version}, "
                               f"this one reads up to {VERSION}); upgrade roadmap-ingest or pass another --state")
        # checked before anything is written: a refused file is left exactly as it was
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        if version < VERSION:
            self._migrate(version)
        missing = {"files", "documents", "rows", "executors", "runs", "meta", "file_runs"} - {
            r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if missing:
            raise CatalogError(f"{self.path} is damaged: the tables {', '.join(sorted(missing))} are missing; "
                               "move it away or pass another --state")
        self._sync_columns()

    def _migrate(self, version: int) -> None:
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            version = c.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
            for target in range(version + 1, VERSION + 1):
                MIGRATIONS[target](c)
                c.execute(f"PRAGMA user_version = {target}")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _sync_columns(self) -> None:
        """Columns added to ``ingest.schema.TABLES`` since the catalogue was made are added to it."""
        for table, columns in TABLES.items():
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({_q(table)})")}
            for col in columns:
                if col.name not in have:
                    self.conn.execute(f"ALTER TABLE {_q(table)} ADD COLUMN {_q(col.name)} "
                                      f"{SQL_TYPES.get(col.type, 'TEXT')}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        return _Transaction(self.conn)

    # -- meta ---------------------------------------------------------------------------------
    def meta(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    @property
    def generation(self) -> int:
        return self.meta("generation", 0)

    def _bump(self) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('generation', '1') "
                          "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # -- runs ---------------------------------------------------------------------------------
    def start_run(self, argv: list[str] | None = None) -> int:
        with self.transaction():
            cur = self.conn.execute("INSERT INTO runs (started, pid, host, argv) VALUES (?, ?, ?, ?)",
                                    (now_iso(), os.getpid(), socket.gethostname(), json.dumps(argv or [])))
        return cur.lastrowid

    def finish_run(self, run_id: int, summary: dict, counts: dict) -> None:
        with self.transaction():
            self.conn.execute("UPDATE runs SET finished = ?, summary = ?, counts = ? WHERE id = ?",
                              (now_iso(), json.dumps(summary, ensure_ascii=False), json.dumps(counts), run_id))

    # -- files --------------------------------------------------------------------------------
    def files_by_path(self, paths: list[str]) -> dict[str, dict[str, Any]]:
        out = {}
        for i in range(0, len(paths), 500):
            chunk = paths[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                    f"SELECT path, {', '.join(FILE_FIELDS)} FROM files WHERE path IN ({marks})", chunk):
                out[row[0]] = dict(zip(FILE_FIELDS, row[1:]))
        return out

    def register(self, path: str, run_id: int) -> None:
        """A file seen for the first time: it takes the next ``seq`` (its place in first-seen order)."""
        self.conn.execute("INSERT OR IGNORE INTO files (path, first_seen, first_run, last_run) VALUES (?, ?, ?, ?)",
                          (path, now_iso(), run_id, run_id))

    def touch(self, path: str, run_id: int) -> None:
        self.conn.execute("UPDATE files SET last_run = ? WHERE path = ?", (run_id, path))

    def restat(self, path: str, size: int, mtime_ns: int, run_id: int | None = None) -> None:
        """Same bytes under a new mtime: only the stat changes, nothing in the dataset."""
        self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))
        if run_id is not None:
            self.conn.execute("INSERT OR REPLACE INTO file_runs (run_id, path, sha256, status, action) "
                              "SELECT ?, path, sha256, status, 'restat' FROM files WHERE path = ?", (run_id, path))

    def done_with_sha(self, sha256: str, version: str) -> str | None:
        """A file with these bytes already extracted by this pipeline version, not failed."""
        row = self.conn.execute(
            "SELECT f.path FROM files f JOIN documents d ON d.path = f.path WHERE f.sha256 = ? "
            "AND f.pipeline_version = ? AND f.status NOT IN ('failed', 'pending') ORDER BY f.seq LIMIT 1",
            (sha256, version)).fetchone()
        return row[0] if row else None

    def document_of(self, path: str) -> dict[str, Any] | None:
        cols = [c.name for c in TABLES["documents"]]
        row = self.conn.execute(f"SELECT {', '.join(map(_q, cols))} FROM documents WHERE path = ?", (path,)).fetchone()
        return _from_sql(cols, {c.name: c.type for c in TABLES["documents"]}, row) if row else None

    # -- writing one file's result (call inside a transaction) --------------------------------
    def store(self, path: str, document: dict[str, Any], rows: list[dict], executors: list[dict],
              stat: dict[str, Any], run_id: int, write_rows: bool = True, action: str | None = None) -> None:
        """Replace the file's documents line and, unless ``write_rows`` is false, its doc_id's rows;
        ``action`` (default: extracted, or copied without ``write_rows``) goes into ``file_runs``."""
        c = self.conn
        old = c.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        doc_id = document.get("doc_id")
        c.execute("DELETE FROM documents WHERE path = ?", (path,))
        if old and old[0] and old[0] != doc_id:
            self._collect(old[0])
        cols = [c_.name for c_ in TABLES["documents"]]
        c.execute(f"INSERT INTO documents (path, {', '.join(map(_q, cols))}) VALUES (?{', ?' * len(cols)})",
                  [path] + _to_sql("documents", {**document, "duplicate_of": None}))
        failed = document.get("status") == "failed"
        if doc_id and write_rows and (not failed or not self._doc_id_live(doc_id, path)):
            # the rows belong to the bytes: rewrite them whole (extraction is deterministic)
            c.execute("DELETE FROM rows WHERE doc_id = ?", (doc_id,))
            c.execute("DELETE FROM executors WHERE doc_id = ?", (doc_id,))
            self._insert("rows", rows)
            self._insert("executors", executors)
        fields = {**stat, "status": document.get("status"), "error": document.get("error"),
                  "error_kind": document.get("error_kind"), "seconds": document.get("seconds")}
        c.execute(f"UPDATE files SET {', '.join(f'{k} = ?' for k in FILE_FIELDS)}, last_run = ? WHERE path = ?",
                  [fields.get(k) for k in FILE_FIELDS] + [run_id, path])
        c.execute("INSERT OR REPLACE INTO file_runs (run_id, path, sha256, status, action) VALUES (?, ?, ?, ?, ?)",
                  (run_id, path, fields.get("sha256"), fields.get("status"),
                   action or ("extracted" if write_rows else "copied")))
        self._bump()

    def _doc_id_live(self, doc_id: str, other_than: str) -> bool:
        return c_exists(self.conn, "SELECT 1 FROM documents WHERE doc_id = ? AND path != ? AND status != 'failed'",
                        (doc_id, other_than))

    def _collect(self, doc_id: str) -> None:
        """Drop the rows of bytes no file has any more."""
        if not c_exists(self.conn, "SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)):
            self.conn.execute("DELETE FROM rows WHERE doc_id = ?", (doc_id,))
            self.conn.execute("DELETE FROM executors WHERE doc_id = ?", (doc_id,))

    def _insert(self, table: str, records: list[dict]) -> None:
        if not records:
            return
        cols = [c.name for c in TABLES[table]]
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(map(_q, cols))}) VALUES ({', '.join('?' * len(cols))})",
                              (_to_sql(table, r) for r in records))

    def remove(self, path: str) -> None:
        """Forget a file (``--prune``); its rows go when no other file has the same bytes."""
        old = self.conn.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        self.conn.execute("DELETE FROM documents WHERE path = ?", (path,))
        self.conn.execute("DELETE FROM files WHERE path = ?", (path,))
        self.conn.execute("DELETE FROM file_runs WHERE path = ?", (path,))
        if old and old[0]:
            self._collect(old[0])
        self._bump()

    def paths_under(self, root: str) -> Iterator[str]:
        """The keys of the files at or under the absolute path ``root`` (either key form)."""
        prefix = root.rstrip(os.sep) + os.sep
        for (key,) in self.conn.execute(
                "SELECT path FROM files WHERE path = ? OR substr(path, 1, ?) = ? OR substr(path, 1, ?) = ? "
                "ORDER BY seq", (root, len(prefix), prefix, len(BYTES_KEY), BYTES_KEY)).fetchall():
            path = key_to_path(key)
            if path == root or path.startswith(prefix):
                yield key

    # -- duplicates ---------------------------------------------------------------------------
    def refresh_duplicates(self) -> None:
        """``duplicate_of`` = the source_path of the first file (by seq) of the same order.

        The same order: the same ``content_id`` where the document has one, else the same bytes
        (``doc_id``). The first copy itself has none. Done over the whole catalogue in one
        transaction, only when something changed since the last pass.
        """
        generation = self.generation
        if self.meta("duplicates_generation") == generation:
            return
        with self.transaction():
            self.conn.execute("""
                WITH ordered AS (
                    SELECT d.path, d.doc_id, d.content_id,
                        FIRST_VALUE(d.path) OVER (PARTITION BY d.content_id ORDER BY f.seq) AS c_path,
                        FIRST_VALUE(d.source_path) OVER (PARTITION BY d.content_id ORDER BY f.seq) AS c_source,
                        FIRST_VALUE(d.path) OVER (PARTITION BY d.doc_id ORDER BY f.seq) AS b_path,
                        FIRST_VALUE(d.source_path) OVER (PARTITION BY d.doc_id ORDER BY f.seq) AS b_source
                    FROM documents d JOIN files f ON f.path = d.path),
                decided AS (
                    SELECT path, CASE
                        WHEN content_id IS NOT NULL THEN CASE WHEN c_path != path THEN c_source END
                        WHEN doc_id IS NOT NULL THEN CASE WHEN b_path != path THEN b_source END
                    END AS dup FROM ordered)
                UPDATE documents SET duplicate_of = decided.dup FROM decided
                WHERE documents.path = decided.path AND documents.duplicate_of IS NOT decided.dup
            """)
            self.set_meta("duplicates_generation", generation)

    # -- reading the dataset ------------------------------------------------------------------
    def count(self, sql: str, params: tuple = ()) -> int:
        return self.conn.execute(sql, params).fetchone()[0]


def c_exists(conn: sqlite3.Connection, sql: str, params: tuple) -> bool:
    return conn.execute(sql, params).fetchone() is not None


class _Transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        return False


class CatalogSource:
    """The dataset in the catalogue as a ``write_exports`` source: each call streams a new cursor.

    Documents in first-seen order; rows and executors in their document's order, then row_index.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def _stream(self, table: str, sql: str) -> Iterator[dict[str, Any]]:
        cols = [c.name for c in TABLES[table]]
        types = {c.name: c.type for c in TABLES[table]}
        conn = self._connect()
        try:
            cursor = conn.execute(sql.format(cols=", ".join(f"t.{_q(c)}" for c in cols)))
            while True:
                batch = cursor.fetchmany(1000)
                if not batch:
                    break
                for values in batch:
                    yield _from_sql(cols, types, values)
        finally:
            conn.close()

    _ORDER = ("JOIN (SELECT d.doc_id AS k, MIN(f.seq) AS s FROM documents d JOIN files f ON f.path = d.path "
              "GROUP BY d.doc_id) o ON o.k = t.doc_id")

    def documents(self) -> Iterator[dict[str, Any]]:
        return self._stream("documents", "SELECT {cols} FROM documents t JOIN files f ON f.path = t.path ORDER BY f.seq")

    def rows(self) -> Iterator[dict[str, Any]]:
        return self._stream("rows", f"SELECT {{cols}} FROM rows t {self._ORDER} ORDER BY o.s, t.row_index")

    def executors(self) -> Iterator[dict[str, Any]]:
        return self._stream("executors", f"SELECT {{cols}} FROM executors t {self._ORDER} "
                                         "ORDER BY o.s, t.row_index, t.party_index")
