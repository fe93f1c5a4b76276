"""Every reproduction of issue #23 that ended in a traceback or an HTTP 500 now gives one
line (and exit 2) or a documented status."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ClientFactory, codes
from tests.conftest import ROOT

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")
DEEP = "[" * 2000 + "]" * 2000


def entangle(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENTANGLE, *args], capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT,
        timeout=300, check=False,
    )  # fmt: skip


def one_line(done: subprocess.CompletedProcess[str], exit_code: int, *parts: str) -> None:
    assert done.returncode == exit_code, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    for part in parts:
        assert part in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.jsonl", '{"record": "source", "id": "x", "title": "t"}\n{"record": ' + DEEP + "}\n"),
        ("deep-first.jsonl", '{"record": ' + DEEP + "}\n"),
        ("deep.ftm.json", '{"schema": "Person", "id": "p", "properties": ' + DEEP + "}\n"),
        ("deep.yaml", "sources: " + DEEP + "\n"),
    ],
)
def test_ingest_of_deep_nesting(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    done = entangle("ingest", "--dry-run", str(path))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert f"{name}:" in done.stderr and "nested" in done.stderr


def test_compare_of_deep_nesting(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"a": {"name": "x"}, "b": {"name": "y"}}) + "\n" + DEEP + "\n")
    one_line(entangle("compare", str(path)), 2, f"{path}:2: not JSON (nested 2000 levels deep")


def test_screen_refuses_an_unterminated_quote(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text('name,ref\nAlpha Ltd,1\n"Beta Ltd,2\nGamma Ltd,3\n')
    one_line(entangle("screen", str(path)), 2, f"{path}:3: a quote is never closed")


def test_api_variables_nested_deep(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    body = '{"query": "{ viewer { role } }", "variables": {"a": ' + DEEP + "}}"
    response = client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400 and "Traceback" not in response.text
    query = 'query($p: JSON) { runSavedQuery(name: "hubs", parameters: $p) { columns } }'
    nested = json.loads("[" * 60 + "]" * 60)  # within the nesting limit: coerced, refused
    response = client.post("/graphql", json={"query": query, "variables": {"p": {"limit": nested}}})
    assert response.status_code == 200 and codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("value", ["²", "٣", "1e3", "--1", "9" * 40])
def test_query_string_numbers_are_ascii_digits(client: TestClient, value: str) -> None:
    response = client.get(f"/entities/xjtlu/dossier.md?maxHops={value}")
    assert response.status_code == 400, response.text
    assert response.text.startswith("BAD_USER_INPUT: ") and response.text.count("\n") == 1


def test_dossier_errors_are_one_line_with_their_status(make_client: ClientFactory) -> None:
    with make_client(anonymous_role=None) as client:
        response = client.get("/entities/xjtlu/dossier.md")
        assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
        assert response.text.startswith("UNAUTHENTICATED: ") and response.text.count("\n") == 1
    with make_client(request_timeout_s=0.001) as client:
        response = client.get("/entities/xjtlu/dossier.md?maxHops=6")
        assert response.status_code == 504, response.text
        assert response.text.startswith("TIMEOUT: ") and response.text.count("\n") == 1
