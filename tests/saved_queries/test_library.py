"""Loading the library: the bundled queries, ENTANGLE_QUERY_PATH, and refused files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from entanglements.core.errors import BadInputError, NotFoundError
from entanglements.core.saved_queries import load_library
from entanglements.core.saved_queries.library import load_folders
from entanglements.core.settings import Settings
from tests import REPO_ROOT

BUNDLED = REPO_ROOT / "cypher" / "queries"

GOOD = "// name: {name}\n// description: A test query.\n// param n: int = 1   N.\nRETURN $n AS n\n"


def test_bundled_library_loads_whole(settings: Settings) -> None:
    library = load_folders([BUNDLED])
    assert library.refused == []
    assert len(library) >= 12
    assert {q.path.parent for q in library} == {BUNDLED}
    assert sorted(q.name for q in library) == sorted(p.stem for p in BUNDLED.glob("*.cypher"))


def test_query_path_adds_a_folder(
    settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    mine = query_folder("my-query", GOOD.format(name="my-query"))
    library = load_library(settings.model_copy(update={"query_path": f"{mine.parent}:"}))
    assert library.get("my-query").path == mine
    assert "exposure-paths" in library.queries and library.refused == []


def test_missing_query_path_folder_fails_the_load(settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(BadInputError, match=r"query folder .*nowhere does not exist"):
        load_library(settings.model_copy(update={"query_path": str(missing)}))


def test_refused_files_are_listed_and_fail_by_name(
    settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    query_folder("ok", GOOD.format(name="ok"))
    writes = query_folder(
        "writes", "// name: writes\n// description: d\nMATCH (n) DETACH DELETE n\n"
    )
    query_folder("no-header", "MATCH (n) RETURN n\n")
    query_folder("undeclared", "// name: undeclared\n// description: d\nRETURN $who\n")
    query_folder("unused", "// name: unused\n// description: d\n// param x: int  X.\nRETURN 1\n")
    query_folder("exposure-paths", GOOD.format(name="exposure-paths"))  # a taken name
    (writes.parent / "latin1.cypher").write_bytes(b"// name: latin1\n// description: \xe9\n")
    library = load_library(settings.model_copy(update={"query_path": str(writes.parent)}))

    assert library.get("ok").name == "ok"
    messages = {r.name: r.message for r in library.refused}
    assert set(messages) == {
        "writes",
        "no-header",
        "undeclared",
        "unused",
        "exposure-paths",
        "latin1",
    }
    assert messages["writes"].endswith(
        "writes.cypher: refused: DETACH is not allowed: saved queries only read"
    )
    assert "no-header.cypher: bad header: no '// name:' line" in messages["no-header"]
    assert "$who is used but not declared" in messages["undeclared"]
    assert "parameter 'x' is never used" in messages["unused"]
    assert (
        "a query named 'exposure-paths' already exists in cypher/queries/"
        in (messages["exposure-paths"])
    )
    assert "not UTF-8" in messages["latin1"]
    # the bundled query keeps its name; the refused one is reported, not run
    assert library.get("exposure-paths").path.parent == BUNDLED
    with pytest.raises(BadInputError, match=r"writes\.cypher: refused: DETACH"):
        library.get("writes")
    with pytest.raises(NotFoundError, match="no saved query 'nope'"):
        library.get("nope")
