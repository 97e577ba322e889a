"""`wijkwijzer content validate|import|export`: the editors' catalogue in and out."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.content import hsds, yaml_files
from bot.adapters.db import catalogue_repository
from bot.adapters.db.session import transaction
from bot.core.catalogue.model import Catalogue
from bot.core.catalogue.validation import validate
from bot.core.errors import ContentError, WijkwijzerError
from bot.core.topics import taxonomy
from bot.settings import settings


def register(commands: Any) -> None:
    content = commands.add_parser("content", help="the service catalogue")
    sub = content.add_subparsers(dest="content_command", required=True, metavar="COMMAND")

    check = sub.add_parser("validate", help="check a content directory; writes nothing")
    check.add_argument("directory", type=Path)
    check.set_defaults(handler=run_validate)

    load = sub.add_parser(
        "import", help="load a content directory (or HSDS JSON) into the database, all or nothing"
    )
    load.add_argument("source", type=Path, help="content directory, or an HSDS .json file")
    load.add_argument("--prune", action="store_true", help="delete items the source no longer has")
    load.add_argument("--language", default="nl", help="language of HSDS texts (default nl)")
    load.add_argument(
        "--default-topic", choices=taxonomy().ids, help="topic for HSDS services without one"
    )
    load.set_defaults(handler=run_import)

    out = sub.add_parser("export", help="write the catalogue from the database")
    out.add_argument("--format", choices=("yaml", "hsds"), required=True)
    out.add_argument("--out", type=Path, required=True, help="output directory")
    out.set_defaults(handler=run_export)


def _load_checked(directory: Path) -> Catalogue:
    loaded = yaml_files.load(directory)
    problems = loaded.problems()
    if problems:
        # Editors fix files in one go when they see every problem, one line each.
        raise WijkwijzerError("\n".join(str(p) for p in problems))
    return loaded.catalogue


def run_validate(args: argparse.Namespace) -> int:
    catalogue = _load_checked(args.directory)
    print(
        f"{args.directory}: valid: {len(catalogue.services)} services, "
        f"{len(catalogue.organizations)} organisations, {len(catalogue.wijkteams)} wijkteams, "
        f"{len(catalogue.neighbourhoods())} neighbourhoods"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    source: Path = args.source
    if source.is_file() and source.suffix == ".json":
        return _import_hsds(args)
    catalogue = _load_checked(source)
    try:
        with transaction(settings().database_url) as session:
            counts = catalogue_repository.save(session, catalogue, prune=args.prune)
    except SQLAlchemyError as error:
        raise WijkwijzerError(
            f"database: import failed, nothing written: {_reason(error)}"
        ) from None
    print("imported: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def _reason(error: SQLAlchemyError) -> str:
    return str(getattr(error, "orig", None) or error).splitlines()[0]


def _import_hsds(args: argparse.Namespace) -> int:
    try:
        data = json.loads(args.source.read_text(encoding="utf-8"))
        documents = hsds.services_from_document(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ContentError(str(args.source), "", f"not HSDS JSON: {error}") from None
    try:
        with transaction(settings().database_url) as session:
            current = catalogue_repository.load(session)
            result = hsds.import_services(
                documents,
                [o.id for o in current.organizations],
                args.language,
                args.default_topic,
            )
            merged = Catalogue(
                current.municipality,
                current.topic_labels,
                current.organizations + tuple(result.organizations),
                tuple(s for s in current.services if s.id not in {n.id for n in result.services})
                + tuple(result.services),
                current.wijkteams,
            )
            problems = validate(merged)
            if problems:
                first = problems[0]
                raise ContentError(
                    str(args.source), f"{first.kind} {first.id}.{first.field}", first.message
                )
            catalogue_repository.save(session, merged)
    except LookupError as error:
        raise WijkwijzerError(str(error)) from None
    except ValueError as error:
        raise ContentError(str(args.source), "", str(error)) from None
    except SQLAlchemyError as error:
        raise WijkwijzerError(
            f"database: import failed, nothing written: {_reason(error)}"
        ) from None
    for line in result.report:
        print(f"not imported: {line}")
    print(f"imported: {len(result.services)} services, {len(result.organizations)} organisations")
    return 0


def run_export(args: argparse.Namespace) -> int:
    try:
        with transaction(settings().database_url) as session:
            catalogue = catalogue_repository.load(session)
    except LookupError as error:
        raise WijkwijzerError(str(error)) from None
    except SQLAlchemyError as error:
        raise WijkwijzerError(f"database: {_reason(error)}") from None
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.format == "yaml":
        yaml_files.dump(catalogue, out)
    else:
        services = hsds.export_services(catalogue)
        (out / "services.json").write_text(
            json.dumps(services, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    print(f"exported {len(catalogue.services)} services to {out}")
    return 0
