"""Storage: SQLAlchemy models, repositories (which never commit) and Alembic migrations."""
