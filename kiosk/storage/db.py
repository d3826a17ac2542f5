"""The database engine: SQLite pragmas on every connection, schema created or migrated at start."""

from __future__ import annotations

import logging
import os

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker

log = logging.getLogger("kiosk.storage")


class Base(DeclarativeBase):
    """Declarative base of every table the kiosk stores (models live beside their subsystem)."""


#: Each migration takes a connection and brings the schema from version N-1 to N.
#: Version 1 is the schema `Base.metadata.create_all` builds; later versions add steps here.
MIGRATIONS: dict[int, callable] = {}
SCHEMA_VERSION = 1


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and the pragmas set on connect."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = url[len("sqlite:///"):]
        os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def init_schema(engine: Engine) -> None:
    """Create missing tables and run pending migrations, recording the schema version."""
    # import the models so their tables are registered on Base.metadata
    import kiosk.storage.models  # noqa: F401
    from kiosk.storage.models import SchemaVersion

    fresh = not inspect(engine).has_table(SchemaVersion.__tablename__)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        current = conn.execute(select(SchemaVersion.version)).scalar()
        if current is None:
            conn.execute(SchemaVersion.__table__.insert().values(id=1, version=SCHEMA_VERSION))
            log.info("database schema %s at version %d", "created" if fresh else "adopted", SCHEMA_VERSION)
            return
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
            log.info("database migrated to schema version %d", version)
        if current < SCHEMA_VERSION:
            conn.execute(SchemaVersion.__table__.update().values(version=SCHEMA_VERSION))


def open_database(url: str, *, fill_pool: bool = False) -> tuple[Engine, sessionmaker]:
    """Engine and session factory with the schema ready.

    ``fill_pool`` (the kiosk): open every connection the pool keeps now, so the kiosk's descriptors are the
    same from start-up on. Left to open them on demand, the pool reaches its size only when that many of
    the kiosk's threads (GUI, audit trail, printer jobs, recovery, pruning) first use the database at the
    same moment, which can be thousands of residents later, and then looks like a descriptor leak."""
    engine = make_engine(url)
    init_schema(engine)
    if fill_pool:
        _fill_pool(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


def _fill_pool(engine: Engine) -> None:
    size = getattr(engine.pool, "size", None)
    if size is None:  # a pool that keeps nothing (NullPool, StaticPool)
        return
    conns = [engine.connect() for _ in range(size())]
    for conn in conns:
        conn.close()  # back to the pool, still open
