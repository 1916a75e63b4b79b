"""Alembic environment: the engine is handed over by openler.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from openler.store.models import Base

engine = context.config.attributes["engine"]
assert isinstance(engine, Engine)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
