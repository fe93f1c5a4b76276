"""`entangle serve` as a person runs it: a real uvicorn process on a free port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ENTANGLE = str(Path(sys.executable).with_name("entangle"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_answers_and_stops(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ENTANGLE_ANONYMOUS_ROLE": "reader", "ENTANGLE_GRAPHIQL": "false"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [ENTANGLE, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
        answer = httpx.post(
            f"{url}/graphql", json={"query": "{ sanctionsLists { id } }"}, timeout=10
        )
        assert answer.status_code == 200 and "errors" not in answer.json()
        assert "reader" in (tmp_path / "serve.log").read_text()  # says anonymous is reader
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
    assert server.returncode in (0, -signal.SIGTERM)


def test_serve_refuses_bad_options() -> None:
    result = subprocess.run(
        [ENTANGLE, "serve", "--workers", "0"], capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "--workers" in result.stderr
