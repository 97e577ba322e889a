"""`wijkwijzer eval understanding --data FILE.csv [--json]` (contract in shared/spec)."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import time
from pathlib import Path
from typing import Any

from bot.adapters.translation.factory import translator_from
from bot.core.errors import WijkwijzerError
from bot.core.topics import taxonomy
from bot.core.understanding.evaluation import Row, score
from bot.core.understanding.pipeline import Understander
from bot.core.understanding.types import Understanding
from bot.settings import settings
from bot.wiring import nlu_endpoint, understander


def register(commands: Any) -> None:
    evaluate = commands.add_parser("eval", help="evaluations")
    sub = evaluate.add_subparsers(dest="eval_command", required=True, metavar="COMMAND")
    understanding = sub.add_parser(
        "understanding", help="score language, intent and crisis detection on a labelled CSV"
    )
    understanding.add_argument("--data", type=Path, required=True, help="CSV with lang,topic,text")
    understanding.add_argument("--json", action="store_true", help="print one JSON object")
    understanding.set_defaults(handler=run_understanding)


def read_rows(path: Path) -> list[Row]:
    """Rows of a `lang,topic,text` CSV; a malformed file is a one-line error."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not {"lang", "topic", "text"} <= set(reader.fieldnames):
                raise WijkwijzerError(f"{path}: the header must be lang,topic,text")
            rows = [Row(r["lang"].strip(), r["topic"].strip(), r["text"]) for r in reader]
    except FileNotFoundError:
        raise WijkwijzerError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise WijkwijzerError(f"{path}: not UTF-8") from None
    known = set(taxonomy().ids) | set(taxonomy().conversation)
    for number, row in enumerate(rows, start=2):
        if row.topic not in known:
            raise WijkwijzerError(f"{path}: line {number}: unknown topic '{row.topic}'")
    if not rows:
        raise WijkwijzerError(f"{path}: no rows")
    return rows


async def _run(pipeline: Understander, rows: list[Row]) -> tuple[list[Understanding], list[float]]:
    results, latencies = [], []
    try:
        await pipeline.understand("warm-up")  # the first call pays for connection set-up
        for row in rows:
            started = time.perf_counter()
            results.append(await pipeline.understand(row.text))
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        await pipeline.aclose()
    return results, latencies


def run_understanding(args: argparse.Namespace) -> int:
    rows = read_rows(args.data)
    config = settings()
    with nlu_endpoint(config) as endpoint:
        pipeline = understander(config, endpoint, translator_from(config))
        results, latencies = asyncio.run(_run(pipeline, rows))
    report = score(rows, results, latencies, taxonomy().crisis_ids)
    confusions = report.pop("confusions")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"{report['n']} messages")
    for key in (
        "intent_accuracy",
        "language_accuracy",
        "fallback_rate",
        "crisis_recall",
        "crisis_false_alarm_rate",
    ):
        print(f"  {key:<24} {report[key]:.3f}")
    print(
        f"  latency p50/p95 ms       {report['latency_ms']['p50']} / {report['latency_ms']['p95']}"
    )
    print("\n  lang   n   intent  language")
    for lang, values in report["per_language"].items():
        print(
            f"  {lang:<4} {values['n']:>4}   {values['intent_accuracy']:.3f}   "
            f"{values['language_accuracy']:.3f}"
        )
    if confusions:
        print("\n  most frequent confusions (expected -> predicted)")
        for c in confusions:
            print(f"  {c['count']:>3}  {c['expected']} -> {c['predicted']}")
    return 0
