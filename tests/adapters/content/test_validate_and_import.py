"""`content validate` and `content import`: valid catalogues load, bad ones name file and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.adapters.db.models import ServiceRow
from bot.adapters.db.session import transaction
from tests.helpers import cli, service_doc, write_mini_catalogue, write_yaml


def edit(path: Path, change: Callable[[dict], None]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    write_yaml(path, document)


def test_valid_catalogue_validates(tmp_path: Path) -> None:
    root = write_mini_catalogue(tmp_path / "content")
    code, out, err = cli("content", "validate", str(root))
    assert (code, err) == (0, "")
    assert "4 services" in out and "3 neighbourhoods" in out


def _invalid_yaml(root: Path) -> None:
    (root / "services/budget.yml").write_text("id: budget\ntopics: [debt_help\n", encoding="utf-8")


def _unknown_topic(root: Path) -> None:
    edit(root / "services/budget.yml", lambda d: d.update(topics=["debts"]))


def _no_dutch(root: Path) -> None:
    edit(root / "services/budget.yml", lambda d: d["texts"].pop("nl"))


def _duplicate_id(root: Path) -> None:
    write_yaml(
        root / "wijkteams/team-c.yml",
        {
            **yaml.safe_load((root / "wijkteams/team-a.yml").read_text()),
            "id": "team-c",
            "telegram_group_id": -1009,
            "neighbourhoods": [{"id": "hood-a", "name": "Again", "postcodes": [["9950", "9951"]]}],
        },
    )


def _overlap(root: Path) -> None:
    edit(
        root / "wijkteams/team-b.yml",
        lambda d: d["neighbourhoods"][1].update(postcodes=[["9902", "9902"]]),
    )


def _malformed_range(root: Path) -> None:
    edit(
        root / "wijkteams/team-b.yml",
        lambda d: d["neighbourhoods"][1].update(postcodes=[["99O4", "9904"]]),
    )


def _group_not_integer(root: Path) -> None:
    edit(root / "wijkteams/team-a.yml", lambda d: d.update(telegram_group_id="wijkteam-a-groep"))


def _duplicate_service(root: Path) -> None:
    write_yaml(root / "services/budget-2.yml", service_doc("budget", ["debt_help"]))


@pytest.mark.parametrize(
    ("mutate", "file", "field"),
    [
        (_invalid_yaml, "services/budget.yml", "invalid YAML"),
        (_unknown_topic, "services/budget.yml", "topics: unknown topic 'debts'"),
        (_no_dutch, "services/budget.yml", "texts.nl"),
        (_duplicate_id, "wijkteams/team-c.yml", "duplicate id 'hood-a'"),
        (_overlap, "wijkteams/team-b.yml", "neighbourhoods.hood-c.postcodes: postcodes"),
        (_malformed_range, "wijkteams/team-b.yml", "neighbourhoods[1].postcodes[0]"),
        (_group_not_integer, "wijkteams/team-a.yml", "telegram_group_id: must be an integer"),
        (_duplicate_service, "services/budget-2.yml", "must equal the file name"),
    ],
)
def test_bad_input_names_file_and_field_and_writes_nothing(
    tmp_path: Path, database_url: str, mutate: Callable[[Path], None], file: str, field: str
) -> None:
    root = write_mini_catalogue(tmp_path / "content")
    mutate(root)
    for command in ("validate", "import"):
        code, _out, err = cli("content", command, str(root))
        assert code != 0
        lines = err.strip().splitlines()
        assert len(lines) == 1, lines
        assert file in lines[0] and field in lines[0], lines[0]
        assert "Traceback" not in err
    with transaction(database_url) as session:
        assert session.scalar(select(func.count()).select_from(ServiceRow)) == 0


def test_import_is_idempotent(tmp_path: Path, database_url: str) -> None:
    root = write_mini_catalogue(tmp_path / "content")
    for _ in range(2):
        code, _out, err = cli("content", "import", str(root))
        assert (code, err) == (0, ""), err
    with transaction(database_url) as session:
        assert session.scalar(select(func.count()).select_from(ServiceRow)) == 4


def test_import_is_all_or_nothing_when_the_database_refuses(
    tmp_path: Path, database_url: str
) -> None:
    root = write_mini_catalogue(tmp_path / "content")
    # Two wijkteams with the same Telegram group pass file validation but break a unique
    # constraint in the database, after services have already been written in the transaction.
    edit(root / "wijkteams/team-b.yml", lambda d: d.update(telegram_group_id=-1001000000000))
    code, _, err = cli("content", "import", str(root))
    assert code != 0 and "nothing written" in err
    with transaction(database_url) as session:
        assert session.scalar(select(func.count()).select_from(ServiceRow)) == 0
