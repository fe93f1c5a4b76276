"""The API under test: `entangle serve` (uvicorn) as a subprocess on a loopback port."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def _entangle() -> str:
    """The `entangle` script of the interpreter running the benchmark (the project's venv)."""
    script = Path(sys.executable).with_name("entangle")
    return str(script) if script.exists() else "entangle"


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:  # noqa: S310 (loopback URL we built)
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def serve(env: dict[str, str], port: int, log: Path, timeout_s: float = 120) -> Iterator[int]:
    """Run `entangle serve` until the block ends; yield its pid. It is always stopped, and
    its whole process group with it, so no worker outlives the benchmark."""
    url = f"http://127.0.0.1:{port}"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [_entangle(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout_s
        while not _ready(url):
            if process.poll() is not None:
                raise RuntimeError(f"entangle serve exited ({process.returncode}); see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"entangle serve not ready after {timeout_s:.0f}s; see {log}")
            time.sleep(0.3)
        yield process.pid
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
