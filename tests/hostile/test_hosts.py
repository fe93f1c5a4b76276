"""DNS rebinding and cross-site requests: the server answers only its own host names, and
refuses state-changing requests and WebSockets from another site's pages (issue #23)."""

from __future__ import annotations

import os
import subprocess

import pytest
from starlette.websockets import WebSocketDisconnect

from entanglements.api.hosts import allowed_hosts, check_listening, host_name, is_loopback
from entanglements.core.errors import BadInputError
from entanglements.core.settings import Settings
from tests.api.conftest import ClientFactory
from tests.conftest import ROOT

VIEWER = {"query": "{ viewer { role } }"}
EVIL = "rebind.evil.example:8000"
EVERYWHERE = "0.0.0.0"  # noqa: S104 (the address under test, never bound here)


def test_a_foreign_host_is_refused_and_a_loopback_host_answered(
    make_client: ClientFactory,
) -> None:
    with make_client(allowed_hosts="") as client:  # the default: loopback names only
        for path in ("/graphql", "/entities/xjtlu/dossier.md", "/healthz", "/"):
            refused = client.get(path, headers={"host": EVIL})
            assert refused.status_code == 400, path
            assert "rebind.evil.example" in refused.json()["errors"][0]["message"]
        posted = client.post("/graphql", json=VIEWER, headers={"host": EVIL})
        assert posted.status_code == 400
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"):
            answered = client.post("/graphql", json=VIEWER, headers={"host": host})
            assert answered.status_code == 200, host
            assert answered.json() == {"data": {"viewer": {"role": "READER"}}}
        assert client.get("/healthz", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_configured_hosts(make_client: ClientFactory) -> None:
    with make_client(allowed_hosts="graph.example.org, 10.0.0.5") as client:
        ok = client.post("/graphql", json=VIEWER, headers={"host": "graph.example.org"})
        assert ok.status_code == 200
        assert client.get("/healthz", headers={"host": "127.0.0.1:8000"}).status_code == 400
    with make_client(allowed_hosts="*") as client:
        assert client.get("/healthz", headers={"host": EVIL}).status_code == 200


def test_a_foreign_origin_cannot_post(make_client: ClientFactory) -> None:
    own = {"host": "127.0.0.1:8000"}
    with make_client(allowed_hosts="") as client:
        for origin in ("http://evil.example", "null", "http://127.0.0.1:9999"):
            refused = client.post("/graphql", json=VIEWER, headers={**own, "origin": origin})
            assert refused.status_code == 403, origin
            assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        same = client.post(
            "/graphql", json=VIEWER, headers={**own, "origin": "http://127.0.0.1:8000"}
        )
        assert same.status_code == 200
        # Reading pages with a foreign Origin (a link followed) is not state-changing.
        got = client.get("/healthz", headers={**own, "origin": "http://evil.example"})
        assert got.status_code == 200


def test_a_foreign_websocket_is_closed(make_client: ClientFactory) -> None:
    with make_client(allowed_hosts="") as client:
        for headers in ({"host": EVIL}, {"host": "127.0.0.1", "origin": "http://evil.example"}):
            with (
                pytest.raises(WebSocketDisconnect) as closed,
                client.websocket_connect("/graphql", headers=headers),
            ):
                pass
            assert closed.value.code == 1008


@pytest.mark.parametrize(
    ("value", "name"),
    [("Example.ORG:8000", "example.org"), ("[::1]:80", "::1"), ("", None), ("a:b", None)],
)
def test_host_name(value: str, name: str | None) -> None:
    assert host_name(value) == name


def test_anonymous_roles_above_reader_only_on_loopback(settings: Settings) -> None:
    editor = settings.model_copy(update={"anonymous_role": "editor"})
    check_listening(editor, "127.0.0.1")
    check_listening(editor, "::1")
    check_listening(settings.model_copy(update={"anonymous_role": "reader"}), EVERYWHERE)
    with pytest.raises(BadInputError, match="only when listening on loopback"):
        check_listening(editor, EVERYWHERE)
    assert is_loopback("127.0.0.2") and not is_loopback("192.168.1.2")
    assert allowed_hosts(settings.model_copy(update={"allowed_hosts": ""})) == {
        "localhost",
        "127.0.0.1",
        "::1",
    }


def test_serve_refuses_an_anonymous_editor_beyond_loopback() -> None:
    env = {**os.environ, "ENTANGLE_ANONYMOUS_ROLE": "admin"}
    done = subprocess.run(
        [str(ROOT / ".venv/bin/entangle"), "serve", "--host", EVERYWHERE, "--port", "1"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "only when listening on loopback" in done.stderr
