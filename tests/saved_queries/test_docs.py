"""docs/queries.md is generated from the query headers and must be current."""

from __future__ import annotations

from entanglements.core.saved_queries.docs import bundled, render
from tests import REPO_ROOT


def test_docs_queries_md_is_current() -> None:
    page = REPO_ROOT / "docs" / "queries.md"
    assert page.read_text(encoding="utf-8") == render(bundled()), (
        "docs/queries.md is stale: run `make docs`"
    )


def test_docs_list_every_query_and_parameter() -> None:
    library = bundled()
    page = render(library)
    for query in library:
        assert f"### {query.name}" in page
        for param in query.parameters:
            assert f"| `{param.name}` | `{param.type}` |" in page
