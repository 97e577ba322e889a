"""Factories for tests: a small valid catalogue written as editor files, the CLI in-process."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import yaml

from bot.cli import main
from bot.core.languages import CODES
from bot.core.topics import taxonomy


def write_yaml(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def service_doc(service_id: str, topics: list[str], **extra: Any) -> dict[str, Any]:
    texts: dict[str, Any] = {
        "nl": {
            "name": f"Dienst {service_id}",
            "description": "Hulp in de buurt.",
            "fees": "Gratis.",
        }
    }
    for code in CODES[1:]:
        texts[code] = {
            "state": "machine",
            "name": f"Service {service_id} ({code})",
            "description": f"Help nearby ({code}).",
        }
    return {
        "id": service_id,
        "organization": "org",
        "topics": topics,
        "languages": ["nl"],
        "texts": texts,
        **extra,
    }


def write_mini_catalogue(root: Path) -> Path:
    """A small catalogue that validates: 1 organisation, 2 wijkteams, 3 neighbourhoods."""
    write_yaml(
        root / "municipality.yml",
        {
            "id": "mini",
            "name": "Gemeente Mini (fictief)",
            "fictional": True,
            "phone": "000 555 0000",
            "texts": {code: {"notice": f"fictional ({code})"} for code in CODES},
        },
    )
    write_yaml(
        root / "topics.yml",
        {"topics": {t.id: {code: f"{t.en} ({code})" for code in CODES} for t in taxonomy().topics}},
    )
    write_yaml(
        root / "organizations/org.yml",
        {
            "id": "org",
            "name": "Organisatie",
            "description": "Fictief.",
            "locations": [
                {
                    "id": "kantoor",
                    "name": "Kantoor",
                    "address": {"street": "Straat 1", "postcode": "9901 AA", "city": "Mini"},
                }
            ],
        },
    )
    for index, (team, hoods) in enumerate(
        {
            "team-a": [("hood-a", [["9901", "9902"], ["9903AA", "9903KZ"]])],
            "team-b": [("hood-b", [["9903LA", "9903ZZ"]]), ("hood-c", [["9904", "9904"]])],
        }.items()
    ):
        write_yaml(
            root / f"wijkteams/{team}.yml",
            {
                "id": team,
                "name": f"Wijkteam {team}",
                "phone": "000 555 0201",
                "email": f"{team}@mini.example",
                "address": {"street": "Plein 1", "postcode": "9901 AB", "city": "Mini"},
                "telegram_group_id": -1001000000000 - index,
                "hours": [
                    {"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "17:00"}
                ],
                "neighbourhoods": [{"id": h, "name": h.title(), "postcodes": p} for h, p in hoods],
                "texts": {code: {"about": f"Wijkteam ({code})"} for code in CODES},
            },
        )
    write_yaml(
        root / "services/schuldhulp.yml",
        service_doc(
            "schuldhulp",
            ["debt_help"],
            languages=["nl", "ar"],
            location="kantoor",
            phones=[{"number": "000 555 0110"}],
            hours=[{"days": ["mo"], "opens": "09:00", "closes": "12:00"}],
        ),
    )
    write_yaml(root / "services/budget.yml", service_doc("budget", ["debt_help", "income_support"]))
    write_yaml(
        root / "services/buurthuis-b.yml",
        service_doc("buurthuis-b", ["debt_help"], area=["hood-b"], languages=["nl", "tr"]),
    )
    write_yaml(
        root / "services/landelijk.yml",
        service_doc("landelijk", ["debt_help"], area="national", languages=["nl", "en"]),
    )
    return root


def cli(*args: str) -> tuple[int, str, str]:
    """Run `wijkwijzer ARGS` in this process; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse exits on bad arguments
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()
