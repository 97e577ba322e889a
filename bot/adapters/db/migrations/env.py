"""Alembic environment: the URL comes from the caller (settings), never from alembic.ini."""

from __future__ import annotations

from alembic import context

from bot.adapters.db.models import Base
from bot.adapters.db.session import engine_for

config = context.config
url = config.get_main_option("sqlalchemy.url")
if url is None:
    raise RuntimeError("alembic: sqlalchemy.url must be set by bot.adapters.db.migrate")

engine = engine_for(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
