"""Connecting: one engine per URL, SQLite and PostgreSQL run the same
statements, and each batch is one transaction that holds the write lock
from its first statement.

- SQLite: pysqlite's own transaction handling is switched off and every
  transaction starts with `BEGIN IMMEDIATE`, so a second `load` on the same
  file waits (up to `LOCK_TIMEOUT` seconds) for the first to commit, and then
  sees its rows; it never interleaves with it. Foreign keys are enforced.
- PostgreSQL: a transaction-scoped advisory lock does the same.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from .schema import SCHEMA_NAME, SCHEMA_VERSION, metadata, schema_version

DEFAULT_URL = "sqlite:///kzextract.db"
LOCK_TIMEOUT = float(os.environ.get("KZ_DB_LOCK_TIMEOUT", "60"))
_PG_LOCK_KEY = 0x6B7A_6C6F_6164  # "kzload"
SQLITE_CACHE_KIB = 256 * 1024


class StoreError(Exception):
    """The database cannot be used: unreachable, locked too long, or of
    another schema version. Nothing was written."""


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_engine(url: str, *, write: bool = True, must_exist: bool = False) -> Engine:
    """An engine for `url`. With `must_exist`, a SQLite file that is not
    there is an error instead of a new empty database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r} (sqlite:///FILE or postgresql://user@host:port/name)") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"{safe_url(url)}: only sqlite:// and postgresql:// databases are supported")
    if backend == "sqlite" and must_exist:
        database = parsed.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            raise StoreError(f"{safe_url(url)}: no such database file")
    try:
        if backend == "sqlite":
            engine = create_engine(parsed, connect_args={"timeout": LOCK_TIMEOUT}, json_serializer=_json)
            _sqlite_transactions(engine, immediate=write)
        else:
            engine = create_engine(parsed, connect_args={"connect_timeout": 10}, json_serializer=_json)
    except (NoSuchModuleError, ArgumentError) as err:
        raise StoreError(f"{safe_url(url)}: {err}") from None
    return engine


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_transactions(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # SQLite's default page cache is 2 MiB; a large batch then spills
        # pages of the mention indexes out and reads them back on every insert.
        # This is a ceiling, only used as the database grows into it.
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the database's write lock (see the module
    docstring); committed when the block ends, rolled back on any error."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        yield connection


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def check_schema(connection: Connection, *, create: bool) -> bool:
    """Check the schema version; create the schema in an empty database when
    `create`. Returns whether the schema exists. Raises StoreError for a
    database of another version or one that is not kzextract's."""
    names = set(inspect(connection).get_table_names())
    if schema_version.name not in names:
        ours = names & set(metadata.tables)
        if ours:
            raise StoreError(
                f"the database has tables {', '.join(sorted(ours))} but no kz_schema version table: "
                "not a kzextract database, or one too old to use"
            )
        if not create:
            return False
        metadata.create_all(connection)
        connection.execute(schema_version.insert().values(name=SCHEMA_NAME, version=SCHEMA_VERSION))
        return True
    found = connection.execute(
        select(schema_version.c.version).where(schema_version.c.name == SCHEMA_NAME)
    ).scalar_one_or_none()
    if found != SCHEMA_VERSION:
        raise StoreError(
            f"the database has kzextract schema version {found}, this kzextract uses version {SCHEMA_VERSION}; "
            "load into a new database (nothing was written)"
        )
    return True


def describe_error(url: str, err: Exception) -> str:
    """A one-line message for an error raised while using the database."""
    if isinstance(err, StoreError):
        return str(err)
    if isinstance(err, DBAPIError) and err.orig is not None:
        return f"{safe_url(url)}: {_first_line(err.orig)}"
    if isinstance(err, SQLAlchemyError):
        return f"{safe_url(url)}: {_first_line(err)}"
    return f"{safe_url(url)}: {err}"
