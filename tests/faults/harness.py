"""Real processes for the fault scenarios: a throw-away Neo4j, `entangle` subprocesses, an
`entangle serve` uvicorn, a synthetic findings generator and a graph checksum.

Nothing here mocks anything: every helper drives the same commands a person runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from entanglements.cli.server import local
from entanglements.core.settings import Settings
from tests.db import SyncDb

ENTANGLE = str(Path(sys.executable).with_name("entangle"))

#: Ports of other instances on this machine (make run, make test, other engineers): the
#: fault instance is stopped and started by the tests and must never be one of them.
FORBIDDEN_PORTS = frozenset({7687, 7688, 7689, 7701, 7702, 7703})
FAULT_PORT = 7691

#: Properties that record *which run* wrote a node or relationship (``runs``: every run that
#: created or changed it, for history). Run ids are fresh for every run (two clean runs of the
#: same file differ in them, and an interrupted run adds its own), so the graph checksum leaves
#: them out and the scenarios check first_run/last_run separately.
RUN_PROPERTIES = frozenset({"first_run", "last_run", "runs"})
#: Nodes that are bookkeeping, not investigation data.
BOOKKEEPING_LABELS = ("IngestRun", "ApiKey", "SchemaMigration")

TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "neo4j.exceptions")


def run_entangle(
    *args: str, env: Mapping[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def spawn_entangle(*args: str, env: Mapping[str, str]) -> subprocess.Popen[str]:
    """An `entangle` command in the background, in its own process group."""
    return subprocess.Popen(
        [ENTANGLE, *args],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def settings_from(env: Mapping[str, str]) -> Settings:
    """The Settings an `entangle` subprocess with ``env`` sees (init values beat os.environ)."""
    return Settings(
        NEO4J_URI=env["NEO4J_URI"],
        NEO4J_PASSWORD=env["NEO4J_PASSWORD"],
        ENTANGLE_HOME=Path(env["ENTANGLE_HOME"]),
        ENTANGLE_NEO4J_HEAP=env.get("ENTANGLE_NEO4J_HEAP", "1g"),
        ENTANGLE_NEO4J_PAGECACHE=env.get("ENTANGLE_NEO4J_PAGECACHE", "256m"),
    )


@dataclass
class Instance:
    """A Neo4j of the fault tests' own: started and stopped with `entangle db`."""

    env: dict[str, str]
    settings: Settings
    _db: SyncDb | None = field(default=None, repr=False)
    _handles: contextlib.ExitStack = field(default_factory=contextlib.ExitStack, repr=False)

    @classmethod
    def create(cls, home: Path, source_settings: Settings, port: int = FAULT_PORT) -> Instance:
        if port in FORBIDDEN_PORTS:
            raise AssertionError(f"port {port} belongs to another instance")
        cached = source_settings.home.resolve() / f"neo4j-{source_settings.neo4j_version}"
        if cached.exists() and not (home / cached.name).exists():
            shutil.copytree(cached, home / cached.name, symlinks=True)
        env = {
            **os.environ,
            "NEO4J_URI": f"bolt://127.0.0.1:{port}",
            "ENTANGLE_HOME": str(home),
            "NEO4J_PASSWORD": "faults-only-password",
            "ENTANGLE_NEO4J_VERSION": source_settings.neo4j_version,
            "ENTANGLE_NEO4J_HEAP": "1g",
            "ENTANGLE_NEO4J_PAGECACHE": "256m",
        }
        env.pop("ENTANGLE_ANONYMOUS_ROLE", None)
        return cls(env=env, settings=settings_from(env))

    @property
    def layout(self) -> local.Layout:
        return local.Layout.of(self.settings)

    def start(self) -> float:
        """`entangle db start`; returns the seconds it took until Bolt answered."""
        began = time.monotonic()
        result = run_entangle("db", "start", env=self.env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return time.monotonic() - began

    def stop(self) -> float:
        began = time.monotonic()
        result = run_entangle("db", "stop", env=self.env, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return time.monotonic() - began

    def migrate(self) -> None:
        result = run_entangle("db", "migrate", env=self.env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr

    def is_running(self) -> bool:
        return local.read_pid(self.layout) is not None

    def ensure_running(self) -> None:
        """Scenarios stop the server; the next one starts it again if a failure left it down."""
        if not self.is_running():
            self.start()

    def db(self) -> SyncDb:
        """This instance's database handle, opened on first use (the server may restart
        under it: the driver's pool reconnects)."""
        if self._db is None:
            self._db = self._handles.enter_context(SyncDb.open(self.settings))
        return self._db

    def wipe(self) -> None:
        """Delete every node but the API keys and the schema record (`entangle db reset`)."""
        result = run_entangle("db", "reset", "--yes", env=self.env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr

    def shutdown(self) -> None:
        """Teardown, also after a failure: no Neo4j process may outlive the tests."""
        if self._db is not None:
            with contextlib.suppress(Exception):
                self._handles.close()
            self._db = None
        with contextlib.suppress(Exception):
            run_entangle("db", "stop", env=self.env, timeout=120)
        pid = local.read_pid(self.layout)
        if pid is not None:  # `db stop` failed: do not leave a JVM behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@dataclass
class Server:
    """An `entangle serve` subprocess (uvicorn) on a free loopback port."""

    process: subprocess.Popen[str]
    url: str
    log: Path

    @classmethod
    def start(cls, env: Mapping[str, str], log: Path, timeout: float = 90) -> Server:
        port = free_port()
        handle = log.open("w")
        process = subprocess.Popen(
            [ENTANGLE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=dict(env),
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        handle.close()
        server = cls(process=process, url=f"http://127.0.0.1:{port}", log=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(
                    f"entangle serve exited with {process.returncode}:\n{log.read_text()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    return server
            time.sleep(0.2)
        server.stop()
        raise AssertionError(f"entangle serve did not answer within {timeout}s:\n{log.read_text()}")

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def gql(
    client: httpx.Client,
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
    key: str | None = None,
    timeout: float = 30,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = variables
    return client.post(url, json=body, headers=headers, timeout=timeout)


def error_codes(payload: Mapping[str, Any]) -> list[str]:
    return [str((err.get("extensions") or {}).get("code")) for err in payload.get("errors") or []]


def assert_no_traceback(text: str) -> None:
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"traceback text in a response: {text[:500]}"


# --- synthetic input ------------------------------------------------------------------------

KINDS = ("Organization", "Company", "Person", "PublicBody", "LegalEntity")
REL_TYPES = ("partnership", "ownership", "funding", "employment", "collaboration", "membership")


@dataclass(frozen=True)
class Synthetic:
    """What a generated findings file holds."""

    path: Path
    sources: int
    lists: int
    entities: int
    relationships: int
    listings: int

    @property
    def records(self) -> int:
        return self.sources + self.lists + self.entities + self.relationships + self.listings


def write_findings(
    path: Path, *, entities: int, relationships: int, prefix: str = "f", seed: int = 8
) -> Synthetic:
    """A deterministic findings JSON Lines file: sources, lists, entities (with aliases in
    several scripts), relationships with 1-3 citations and dates, listings."""
    rng = random.Random(seed)
    n_sources = max(10, entities // 50)
    n_lists = 3
    n_listings = max(1, entities // 100)
    scripts = ("Ünïversität", "大学", "Институт", "جامعة", "O'Brien & Co")
    with path.open("w", encoding="utf-8") as out:

        def emit(record: dict[str, Any]) -> None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

        for i in range(n_sources):
            emit(
                {
                    "record": "source",
                    "id": f"{prefix}src-{i}",
                    "title": f"Source {i}",
                    "url": f"https://example.org/{prefix}{i}",
                    "published": f"{2000 + i % 24}-{1 + i % 12:02d}",
                    "kind": "article",
                }
            )
        for i in range(n_lists):
            emit(
                {
                    "record": "list",
                    "id": f"{prefix}list-{i}",
                    "name": f"List {i}",
                    "authority": f"Authority {i}",
                    "country": ("us", "gb", "eu")[i],
                }
            )
        for i in range(entities):
            emit(
                {
                    "record": "entity",
                    "id": f"{prefix}e-{i}",
                    "kind": KINDS[i % len(KINDS)],
                    "name": f"Entity {i} {scripts[i % len(scripts)]}",
                    "aliases": [f"Alias {i}-{j}" for j in range(rng.randint(0, 2))],
                    "countries": [("cn", "us", "ru", "gb", "de")[i % 5]],
                    "tags": ["university"] if i % 7 == 0 else [],
                    "description": f"synthetic entity {i}",
                }
            )
        for i in range(relationships):
            # preferential attachment towards low ids: a few hubs, a long tail
            a = int(entities * rng.random() ** 2)
            b = rng.randrange(entities)
            if a == b:
                b = (b + 1) % entities
            year = rng.randint(1995, 2023)
            record: dict[str, Any] = {
                "record": "relationship",
                "id": f"{prefix}r-{i}",
                "type": REL_TYPES[i % len(REL_TYPES)],
                "from": f"{prefix}e-{a}",
                "to": f"{prefix}e-{b}",
                "start": str(year),
                "citations": [
                    {
                        "source": f"{prefix}src-{rng.randrange(n_sources)}",
                        "quote": f"quote {i}-{j}",
                        "locator": f"p. {j + 1}",
                    }
                    for j in range(rng.randint(1, 3))
                ],
            }
            if i % 3 == 0:
                record["end"] = f"{year + rng.randint(0, 5)}-{rng.randint(1, 12):02d}"
            if record["type"] == "ownership":
                record["share"] = round(rng.uniform(1, 100), 2)
            emit(record)
        for i in range(n_listings):
            emit(
                {
                    "record": "listing",
                    "id": f"{prefix}l-{i}",
                    "entity": f"{prefix}e-{rng.randrange(entities)}",
                    "list": f"{prefix}list-{i % n_lists}",
                    "program": "EL",
                    "listed": f"{rng.randint(2000, 2023)}",
                    "citations": [{"source": f"{prefix}src-{i % n_sources}"}],
                }
            )
    # Listings draw entities at random: two on one entity and list are still two listings.
    return Synthetic(path, n_sources, n_lists, entities, relationships, n_listings)


# --- the graph, as data -----------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)  # neo4j dates and datetimes: their ISO text


@dataclass(frozen=True)
class GraphState:
    """Counts and a SHA-256 over every data node and relationship, run bookkeeping excluded."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    checksum: str
    distinct_ids: bool


def graph_state(db: SyncDb, settings: Settings) -> GraphState:
    digest_lines: list[str] = []
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    ids_by_label: dict[str, list[str]] = {}
    for record in db.rows(
        # bookkeeping left out: runs, keys, the schema's record and the graph version (its
        # counter counts transactions, which an interrupted run and its rerun multiply)
        "MATCH (n) WHERE NOT n:IngestRun AND NOT n:ApiKey AND NOT n:SchemaMigration "
        "AND NOT n:GraphVersion "
        "RETURN labels(n) AS labels, properties(n) AS props"
    ):
        labels = sorted(record["labels"])
        props = {k: v for k, v in record["props"].items() if k not in RUN_PROPERTIES}
        key = ":".join(labels)
        nodes[key] = nodes.get(key, 0) + 1
        ids_by_label.setdefault(labels[0], []).append(str(props.get("id")))
        digest_lines.append(json.dumps(["n", labels, _canonical(props)], sort_keys=True))
    for record in db.rows(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props"
    ):
        props = {k: v for k, v in record["props"].items() if k not in RUN_PROPERTIES}
        rels[record["type"]] = rels.get(record["type"], 0) + 1
        # a derived relationship without an id of its own (a listed-hop mirror) is one per
        # ends and mirrored relationship
        ident = props.get("id") or json.dumps([record["a"], record["b"], props.get("rel")])
        ids_by_label.setdefault(f"rel:{record['type']}", []).append(str(ident))
        digest_lines.append(
            json.dumps(
                ["r", record["type"], record["a"], record["b"], _canonical(props)],
                sort_keys=True,
            )
        )
    digest = hashlib.sha256()
    for line in sorted(digest_lines):
        digest.update(line.encode() + b"\n")
    distinct = all(len(set(ids)) == len(ids) for ids in ids_by_label.values())
    return GraphState(nodes, rels, digest.hexdigest(), distinct)


def count(db: SyncDb, settings: Settings, cypher: str) -> int:
    """The one value of ``cypher``'s one row (rows come back as maps)."""
    [value] = db.rows(cypher)[0].values()
    return int(value)


def ingest_runs(db: SyncDb, settings: Settings) -> list[dict[str, Any]]:
    return [
        dict(r["run"]) for r in db.rows("MATCH (r:IngestRun) RETURN r AS run ORDER BY r.started_at")
    ]


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` is the elapsed seconds."""
    box: list[float] = []
    began = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - began)


@dataclass
class Bystander:
    """A well-behaved client that keeps querying while a scenario attacks the server."""

    url: str
    key: str | None
    query: str
    variables: dict[str, Any]
    expect: Any  # a callable(payload) -> bool
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with httpx.Client() as client:
            while not self._stop.is_set():
                began = time.perf_counter()
                try:
                    response = gql(client, self.url, self.query, self.variables, self.key)
                    payload = response.json()
                    good = response.status_code == 200 and bool(self.expect(payload))
                    detail = response.text[:300]
                except (httpx.HTTPError, ValueError) as exc:
                    good, detail = False, repr(exc)
                self.latencies_ms.append((time.perf_counter() - began) * 1000)
                if not good:
                    self.failures.append(detail)
                time.sleep(0.02)


@contextlib.contextmanager
def bystander(
    url: str, key: str | None, query: str, variables: dict[str, Any], expect: Any
) -> Iterator[Bystander]:
    """Run a Bystander in a thread for the duration of the block."""
    client = Bystander(url, key, query, variables, expect)
    thread = threading.Thread(target=client.run, daemon=True)
    thread.start()
    try:
        yield client
    finally:
        client._stop.set()
        thread.join(timeout=60)
