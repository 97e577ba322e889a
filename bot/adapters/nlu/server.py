"""The local Rasa server that `make run`, the CLI and the tests start from `.venv-rasa`."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import httpx

from bot.adapters.nlu.training import RASA_ENV, latest_model, rasa_executable
from bot.core.errors import WijkwijzerError
from bot.settings import VAR

log = logging.getLogger(__name__)
START_TIMEOUT = 180.0  # TensorFlow's import and the model load take ~20 s on a 2-core machine


def local_token() -> str:
    """The auth token of the local server: generated at first run, kept private in var/."""
    path = VAR / "nlu-token"
    if path.exists():
        return path.read_text().strip()
    VAR.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.touch(mode=0o600)
    path.write_text(token)
    return token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RasaServer:
    """`rasa run --enable-api --auth-token …` on loopback; a context manager that stops it."""

    def __init__(self, model: Path | None = None, port: int | None = None, token: str | None = None):
        found = model or latest_model()
        if found is None:
            raise WijkwijzerError("no trained NLU model: run 'wijkwijzer nlu train' (make setup)")
        self.model = found.resolve()  # Rasa runs in var/: a relative path would miss
        self.port = port or free_port()
        self.token = token or local_token()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> RasaServer:
        with (VAR / "rasa-server.log").open("ab") as log:
            self._process = subprocess.Popen(
                [
                    str(rasa_executable()), "run", "--enable-api", "--auth-token", self.token,
                    "--model", str(self.model), "--port", str(self.port),
                    "--interface", "127.0.0.1",
                ],
                cwd=VAR,
                env={**os.environ, **RASA_ENV},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so stop() can end Rasa's own child processes too
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise WijkwijzerError("the NLU server stopped at start-up: see var/rasa-server.log")
            try:
                response = httpx.get(
                    f"{self.url}/status", params={"token": self.token}, timeout=2.0
                )
                if response.status_code == 200 and response.json().get("model_file"):
                    return
            except (httpx.HTTPError, ValueError):
                log.debug("NLU server not up yet")  # expected while TensorFlow loads
            time.sleep(0.5)
        self.stop()
        raise WijkwijzerError("the NLU server did not start in time: see var/rasa-server.log")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def __enter__(self) -> RasaServer:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
