"""Storage: SQLAlchemy 2 over SQLite (WAL) by default, portable to PostgreSQL."""
