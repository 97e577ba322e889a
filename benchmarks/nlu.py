"""NLU: training time on this machine, server and bot memory, pipeline latency."""

from __future__ import annotations

import asyncio
import csv
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bot.adapters.nlu import training
from bot.adapters.nlu.server import RasaServer
from bot.core.understanding.evaluation import percentile
from bot.settings import PROJECT_ROOT, settings
from bot.wiring import NluEndpoint, understander


def rss_kb(pid: int) -> int:
    """Resident memory of a process and all its children, in kB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(
            ["pgrep", "-g", str(os.getpgid(pid))], capture_output=True, text=True, check=False
        ).stdout.split()
        pids = sorted({pid, *map(int, children)})
    except (ProcessLookupError, FileNotFoundError):
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def training_time() -> float:
    """A full training from scratch (no Rasa cache) of the current data, in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        data = training.stage()
        started = time.monotonic()
        subprocess.run(
            [
                str(training.rasa_executable()),
                "train",
                "nlu",
                "--config",
                str(training.NLU_DIR / "config.yml"),
                "--nlu",
                str(data),
                "--out",
                tmp,
                "--fixed-model-name",
                "bench",
            ],
            cwd=tmp,
            env={**os.environ, **training.RASA_ENV},
            check=True,
            capture_output=True,
        )
        return time.monotonic() - started


async def _latencies(pipeline, texts: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    await pipeline.understand("warm-up")
    result = []
    for text in texts:
        started = time.perf_counter()
        await pipeline.understand(text)
        result.append((time.perf_counter() - started) * 1000)
    return result


def run() -> list[str]:
    lines = [f"NLU training from scratch on 2 cores: {training_time():.0f} s (target ≤ 600 s)"]
    texts = [
        row["text"]
        for path in sorted((PROJECT_ROOT / "nlu/heldout").glob("*.csv"))
        for row in csv.DictReader(path.open(encoding="utf-8"))
    ]
    with RasaServer() as server:
        pipeline = understander(settings(), NluEndpoint(server.url, server.token, server))
        latencies = asyncio.run(_latencies(pipeline, texts))
        assert server.pid() is not None
        lines.append(f"NLU server RSS: {rss_kb(server.pid() or 0) / 1024:.0f} MB")
    lines.append(
        f"understanding pipeline, {len(texts)} messages: p50 {percentile(latencies, 0.5):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms (target p95 ≤ 60 ms)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lines.append(
        f"bot-side process peak RSS (lingua, crisis phrases, client): {peak / 1024:.0f} MB"
    )
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
    shutil.rmtree(training.STAGING, ignore_errors=True)
