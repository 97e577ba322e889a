"""A LibreTranslate-compatible HTTP double, so deep-translator's real code runs in tests.

It answers `/translate` from a small phrase book and `/languages` with the server's languages.
Unknown phrases come back tagged `[nl] …` so a test can see that a translation happened.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk", "fa"]


class LibreTranslateDouble:
    def __init__(self, phrases: dict[tuple[str, str, str], str] | None = None) -> None:
        self.phrases = phrases or {}
        self.requests: list[dict[str, str]] = []
        self.delay = 0.0  # seconds; to test time limits
        self.fail_with: int | None = None  # HTTP status to answer with
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _reply(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if urlparse(self.path).path.rstrip("/") == "/languages":
                    self._reply(
                        200, [{"code": c, "name": c, "targets": LANGUAGES} for c in LANGUAGES]
                    )
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                if raw:
                    try:
                        params.update(json.loads(raw))
                    except ValueError:
                        params.update({k: v[0] for k, v in parse_qs(raw).items()})
                double.requests.append(params)
                if double.delay:
                    time.sleep(double.delay)
                if double.fail_with:
                    self._reply(double.fail_with, {"error": "unavailable"})
                    return
                if url.path.rstrip("/") != "/translate":
                    self._reply(404, {"error": "not found"})
                    return
                source, target, text = (
                    params.get("source"),
                    params.get("target"),
                    params.get("q", ""),
                )
                if source not in LANGUAGES or target not in LANGUAGES:
                    self._reply(400, {"error": f"{source}->{target} is not supported"})
                    return
                translated = double.phrases.get((source or "", target or "", text))
                self._reply(200, {"translatedText": translated or f"[{target}] {text}"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    @contextmanager
    def running(self) -> Iterator[LibreTranslateDouble]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
