"""Several `entangle serve` processes behind Debian's nginx (deploy/nginx.conf), and a load
run through the proxy: the harness of tests/deploy/test_multi_instance.py.

Each instance is a real `entangle serve` in its own session (process group), so a kill
takes its matcher workers with it as a crash would. nginx runs in the foreground from the
repository's config with its ports and folder filled in. The load run is a few clients,
each with one request in flight at a time, alternating GET and POST reads; every answer is
kept with its latency and the instance nginx says served it (``X-Entangle-Upstream``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import httpx

from tests import REPO_ROOT
from tests.api.test_serve import ENTANGLE

CONFIG = REPO_ROOT / "deploy" / "nginx.conf"


def nginx() -> str | None:
    """Debian's nginx (in /usr/sbin, which is not on every user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def _kill_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)


@dataclass
class Instance:
    """One `entangle serve` on ``port``; its output goes to ``log``."""

    port: int
    log: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [ENTANGLE, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--no-access-log"],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def ready(self) -> bool:
        assert self.process is not None
        assert self.process.poll() is None, self.log.read_text()[-2000:]
        with contextlib.suppress(httpx.HTTPError):
            return httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200
        return False

    def kill(self) -> None:
        """SIGKILL, workers and all: a crash, not a shutdown."""
        assert self.process is not None
        _kill_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _kill_group(self.process, signal.SIGTERM)


def wait_ready(instances: list[Instance], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    waiting = list(instances)
    while waiting:
        waiting = [i for i in waiting if not i.ready()]
        assert time.monotonic() < deadline, f"not ready after {timeout_s:g} s: {waiting}"
        time.sleep(0.3)


@dataclass
class Proxy:
    """nginx from deploy/nginx.conf in front of ``upstreams``, listening on ``port``."""

    port: int
    folder: Path
    upstreams: list[Instance]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        servers = "\n        ".join(
            f"server {i.address} max_fails=1 fail_timeout=2s;" for i in self.upstreams
        )
        text = Template(CONFIG.read_text()).safe_substitute(
            PREFIX=str(self.folder), LISTEN=f"127.0.0.1:{self.port}", UPSTREAMS=servers
        )
        assert "${" not in text  # every placeholder filled (nginx's own $variables stay)
        return text

    def start(self, binary: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config())
        log = (self.folder / "stderr.log").open("ab")
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(conf), "-e", str(self.folder / "error.log"),
             "-g", "daemon off;"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            assert self.process.poll() is None, self.errors()
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            assert time.monotonic() < deadline, self.errors()
            time.sleep(0.1)

    def errors(self) -> str:
        return "".join(
            p.read_text() for p in (self.folder / "stderr.log", self.folder / "error.log")
            if p.exists()
        )  # fmt: skip

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            _kill_group(self.process, signal.SIGQUIT)  # graceful: workers finish, then exit


@dataclass(frozen=True)
class Outcome:
    method: str
    status: int  # 0: no HTTP answer at all
    ok: bool  # HTTP 200 and a GraphQL answer without errors
    ms: float
    upstream: str  # what nginx says served it (the last tried when it retried)
    at: float  # when it was sent (time.monotonic)


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)

    def failed(self, method: str | None = None) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok and method in (None, o.method)]

    def p95_ms(self) -> float:
        times = sorted(o.ms for o in self.outcomes)
        return times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0

    def served_by(self, address: str, since: float = 0.0) -> int:
        return sum(1 for o in self.outcomes if o.ok and o.at >= since and address in o.upstream)

    def summary(self, seconds: float) -> str:
        by_method = {m: len([o for o in self.outcomes if o.method == m]) for m in ("GET", "POST")}
        spread: dict[str, int] = {}
        for o in self.outcomes:
            if o.ok:
                spread[o.upstream] = spread.get(o.upstream, 0) + 1
        return (
            f"{len(self.outcomes)} requests in {seconds:.1f} s "
            f"({by_method['GET']} GET, {by_method['POST']} POST), "
            f"{len(self.failed())} errors ({len(self.failed('GET'))} GET, "
            f"{len(self.failed('POST'))} POST), p95 {self.p95_ms():.1f} ms; "
            f"answered by {dict(sorted(spread.items()))}"
        )


async def load(
    url: str,
    headers: dict[str, str],
    query: str,
    variables: dict[str, Any],
    clients: int,
    done: Callable[[], bool],
    pause_s: float = 0.0,
) -> Figures:
    """``clients`` loops, one request in flight each, GET and POST in turn, until ``done``
    (each pausing ``pause_s`` between two requests)."""
    figures = Figures()
    get_params = {"query": query, "variables": json.dumps(variables)}
    post_body = {"query": query, "variables": variables}

    async def one(client: httpx.AsyncClient, method: str) -> Outcome:
        sent = time.monotonic()
        try:
            if method == "GET":
                answer = await client.get(url, params=get_params, headers=headers)
            else:
                answer = await client.post(url, json=post_body, headers=headers)
        except httpx.HTTPError:
            return Outcome(method, 0, False, (time.monotonic() - sent) * 1000, "", sent)
        ms = (time.monotonic() - sent) * 1000
        ok = answer.status_code == 200 and _clean(answer)
        upstream = answer.headers.get("x-entangle-upstream", "")
        return Outcome(method, answer.status_code, ok, ms, upstream, sent)

    async def loop(client: httpx.AsyncClient, n: int) -> None:
        while not done():
            figures.outcomes.append(await one(client, "GET" if n % 2 else "POST"))
            n += 1
            # paced: the load must leave the killed instance's restart some CPU
            await asyncio.sleep(pause_s)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    # Longer than nginx's proxy_read_timeout (60 s): nginx, not the client, ends a stall.
    async with httpx.AsyncClient(timeout=90, limits=limits) as client:
        await asyncio.gather(*(loop(client, n) for n in range(clients)))
    return figures


def _clean(answer: httpx.Response) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return False
    return isinstance(body, dict) and not body.get("errors") and body.get("data") is not None
