"""The migration chain is linear and matches the models (mealie's checks)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.adapters.db.migrate import alembic_config
from bot.adapters.db.models import Base
from bot.adapters.db.session import engine_for
from tests.helpers import cli


def test_revision_chain_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    for revision in script.walk_revisions():
        assert not revision.is_merge_point


def test_autogenerate_finds_nothing_to_add(database_url: str) -> None:
    with engine_for(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_db_upgrade_command_creates_the_schema(empty_database_url: str) -> None:
    code, out, err = cli("db", "upgrade")
    assert code == 0, err
    assert "up to date" in out
    with engine_for(empty_database_url).connect() as connection:
        tables = set(connection.dialect.get_table_names(connection))
    assert {"service", "service_text", "wijkteam", "postcode_range"} <= tables
