"""Training the Rasa model from `nlu/` deterministically, and only when its inputs changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.errors import WijkwijzerError
from bot.settings import PROJECT_ROOT, VAR

NLU_DIR = PROJECT_ROOT / "nlu"
RASA_VENV = PROJECT_ROOT / ".venv-rasa"
MODELS = NLU_DIR / "models"
STAGING = VAR / "nlu" / "data"
# Fixed seeds for reproducible training; PYTHONPATH makes nlu/components importable for Rasa.
RASA_ENV = {
    "PYTHONHASHSEED": "0",
    "TF_DETERMINISTIC_OPS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONPATH": str(NLU_DIR),
    "RASA_TELEMETRY_ENABLED": "false",  # no network: no telemetry, no error reports
}


@dataclass(frozen=True, slots=True)
class TrainingResult:
    model: Path
    trained: bool  # False: an up-to-date model already existed
    seconds: float


def rasa_executable() -> Path:
    path = RASA_VENV / "bin" / "rasa"
    if not path.exists():
        raise WijkwijzerError(f"Rasa is not installed in {RASA_VENV}: run 'make rasa-venv'")
    return path


def stage(labelled: Iterable[tuple[str, str]] = ()) -> Path:
    """Copy the training data, plus examples editors labelled from unanswered questions."""
    if STAGING.exists():
        shutil.rmtree(STAGING)
    STAGING.mkdir(parents=True)
    for path in sorted((NLU_DIR / "data").glob("*.yml")):
        shutil.copyfile(path, STAGING / path.name)
    by_intent: dict[str, list[str]] = {}
    for text, topic in labelled:
        by_intent.setdefault(topic, []).append(text)
    if by_intent:
        document = {
            "version": "3.1",
            "nlu": [
                {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
                for intent, texts in sorted(by_intent.items())
            ],
        }
        (STAGING / "zz-labelled.yml").write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return STAGING


def fingerprint(data_dir: Path, config: Path) -> str:
    """A hash of the training data, the pipeline configuration and our custom components."""
    digest = hashlib.sha256(config.read_bytes())
    for path in sorted((NLU_DIR / "components").glob("*.py")) + sorted(data_dir.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def latest_model() -> Path | None:
    models = sorted(MODELS.glob("wijkwijzer-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def train(labelled: Iterable[tuple[str, str]] = (), force: bool = False) -> TrainingResult:
    """Train unless a model for exactly this data and configuration exists."""
    config = NLU_DIR / "config.yml"
    data = stage(labelled)
    name = f"wijkwijzer-{fingerprint(data, config)}"
    model = MODELS / f"{name}.tar.gz"
    if model.exists() and not force:
        os.utime(model)  # newest = current
        return TrainingResult(model, trained=False, seconds=0.0)
    started = time.monotonic()
    command = [
        str(rasa_executable()), "train", "nlu", "--config", str(config), "--nlu", str(data),
        "--out", str(MODELS), "--fixed-model-name", name,
    ]
    completed = subprocess.run(
        command, cwd=VAR, env={**os.environ, **RASA_ENV}, capture_output=True, text=True
    )
    if completed.returncode != 0 or not model.exists():
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        raise WijkwijzerError("NLU training failed: " + " | ".join(tail))
    for old in MODELS.glob("wijkwijzer-*.tar.gz"):
        if old != model:
            old.unlink()
    return TrainingResult(model, trained=True, seconds=time.monotonic() - started)
