"""The web app's routes without a browser: every page URL answers the shell, the package holds
the libraries it serves, and the security headers are on every response."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient

from entanglements.api.web.routes import PAGES
from tests.api.conftest import ClientFactory

VENDOR = ("cytoscape.esm.min.js", "graphiql.min.js", "graphiql.min.css", "react.production.min.js",
          "react-dom.production.min.js")  # fmt: skip


@pytest.mark.parametrize("page", [p.replace("{entity_id:path}", "xjtlu") for p in PAGES])
def test_every_page_url_answers_the_shell(client: TestClient, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/js/main.js"></script>' in answer.text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", answer.text) is None  # no inline script


@pytest.mark.parametrize("name", VENDOR)
def test_the_package_ships_the_libraries_it_serves(client: TestClient, name: str) -> None:
    assert (files("entanglements.api.web") / "static" / "vendor" / name).is_file()
    answer = client.get(f"/static/vendor/{name}")
    assert answer.status_code == 200 and len(answer.content) > 1000


def test_graphiql_is_the_local_copy(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/static/") or s.startswith("data:") for s in sources)
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text) is None


@pytest.mark.parametrize("path", ["/", "/healthz", "/static/app.css", "/entities/x/dossier.md"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"


def test_dossier_md_answers_errors_in_one_line(client: TestClient) -> None:
    missing = client.get("/entities/no-such-entity/dossier.md")
    assert missing.status_code == 404 and missing.text.startswith("NOT_FOUND: ")
    bad = client.get("/entities/xjtlu/dossier.md?maxHops=99")
    assert bad.status_code == 400 and bad.text.startswith("BAD_USER_INPUT: ")
    assert "Traceback" not in missing.text + bad.text


def test_dossier_md_needs_a_key_when_anonymous_is_off(make_client: ClientFactory) -> None:
    with make_client(anonymous_role=None) as keyed:
        answer = keyed.get("/entities/xjtlu/dossier.md")
    assert answer.status_code == 401
