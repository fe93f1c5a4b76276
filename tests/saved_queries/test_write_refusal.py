"""A saved query can only read: refused at load, at run, and by each lock on its own.

Every spelling of a write in test_safety.WRITES is written to a query file, loaded, and
run through the same function the API and the CLI use; the graph must not change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries import load_library, run_saved_query
from entanglements.core.saved_queries import runner as runner_module
from entanglements.core.saved_queries.library import load_folders
from entanglements.core.saved_queries.model import SavedQuery
from entanglements.core.settings import Settings
from tests.db import SyncDb
from tests.saved_queries.conftest import count_graph
from tests.saved_queries.test_safety import WRITES


def _file(name: str, body: str) -> str:
    return f"// name: {name}\n// description: Tries to write.\n{body}\n"


def test_every_spelling_is_refused_at_load_and_run(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    names = {}
    for index, (label, body) in enumerate(WRITES.items()):
        name = f"write-{index}"
        names[name] = label
        folder = query_folder(name, _file(name, body)).parent
    settings = settings.model_copy(update={"query_path": str(folder)})
    before = count_graph(db)

    library = load_library(settings)
    refused = {r.name for r in library.refused}
    assert refused == set(names), f"loaded: {set(names) - refused}"
    for name in names:
        assert not any(q.name == name for q in library)
        with pytest.raises(BadInputError, match=r"write-\d+\.cypher: refused"):
            db.using(settings).run(run_saved_query, name, {})

    assert count_graph(db) == before


def _bypassing_load(path: Path, text: str) -> SavedQuery:
    """A query object that never went through the loader (as a buggy caller might build)."""
    return SavedQuery(name=path.stem, description="d", parameters=[], path=path, text=text)


def test_run_checks_the_text_again(db: SyncDb, settings: Settings, tmp_path: Path) -> None:
    before = count_graph(db)
    query = _bypassing_load(tmp_path / "sneaky.cypher", "CREATE (n:Probe) RETURN n")
    with pytest.raises(BadInputError, match=r"sneaky\.cypher: refused: CREATE"):
        db.run(runner_module.run_query, query, {})
    assert count_graph(db) == before


def test_explain_refuses_a_write_the_text_check_missed(
    db: SyncDb, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock 2 alone: with the text check disabled, EXPLAIN's query type stops the write."""
    monkeypatch.setattr(runner_module, "check_file_text", lambda text, origin: [])
    before = count_graph(db)
    for text in (
        "CREATE (n:Probe) RETURN n",
        "CALL db.createLabel('Probe')",
        "MATCH (n:Entity) WITH n LIMIT 1 CALL (n) { SET n.probe = 1 } RETURN n",
    ):
        query = _bypassing_load(tmp_path / "sneaky.cypher", text)
        with pytest.raises(
            BadInputError, match=r"refused: Neo4j plans it as query type '(w|rw|s)'"
        ):
            db.run(runner_module.run_query, query, {})
    assert count_graph(db) == before


def test_read_transaction_refuses_a_write_the_plan_check_missed(
    db: SyncDb, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lock 3 alone: with both checks disabled, Neo4j's read transaction refuses the write."""
    monkeypatch.setattr(runner_module, "check_file_text", lambda text, origin: [])
    monkeypatch.setattr(runner_module, "_refuse_unless_read", lambda query, summary: None)
    before = count_graph(db)
    query = _bypassing_load(tmp_path / "sneaky.cypher", "CREATE (n:Probe) RETURN n")
    with pytest.raises(
        BadInputError, match=r"saved query 'sneaky': refused: Neo4j reports that it writes"
    ):
        db.run(runner_module.run_query, query, {})
    assert count_graph(db) == before


def test_a_file_changed_after_load_is_checked_again(
    db: SyncDb, settings: Settings, query_folder: Callable[[str, str], Path]
) -> None:
    path = query_folder("changes", _file("changes", "RETURN 1 AS one"))
    library = load_folders([path.parent])
    assert library.get("changes")
    path.write_text(_file("changes", "CREATE (n:Probe) RETURN n"), encoding="utf-8")
    before = count_graph(db)
    with pytest.raises(BadInputError, match=r"changes\.cypher: refused: CREATE"):
        db.run(run_saved_query, "changes", {}, library=library)
    assert count_graph(db) == before
