from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli, write_mini_catalogue


def test_teams_list_json_follows_the_contract(tmp_path: Path, database_url: str) -> None:
    assert cli("content", "import", str(write_mini_catalogue(tmp_path / "mini")))[0] == 0
    code, out, err = cli("teams", "list", "--json")
    assert code == 0, err
    teams = json.loads(out)
    by_name = {t["team"]: t for t in teams}
    assert set(by_name) == {"Wijkteam team-a", "Wijkteam team-b"}
    hoods = {h["name"]: h["postcodes"] for t in teams for h in t["neighbourhoods"]}
    assert hoods == {
        "Hood-A": [["9901", "9902"], ["9903", "9903"]],
        "Hood-B": [["9903", "9903"]],
        "Hood-C": [["9904", "9904"]],
    }
    code, text, _ = cli("teams", "list")
    assert code == 0 and "Hood-A: 9901–9902, 9903" in text


def test_teams_list_on_an_empty_database_says_what_to_do(database_url: str) -> None:
    code, _, err = cli("teams", "list")
    assert code != 0 and "content import" in err and "Traceback" not in err
