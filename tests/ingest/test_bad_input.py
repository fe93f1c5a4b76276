"""Every kind of bad input: reported as ``file:line: message``, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entanglements.core.errors import BadInputError
from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.helpers import count, findings, write_jsonl


def _fails(db: SyncDb, settings: Settings, path: Path, prefix: str) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [path])
    assert isinstance(caught.value, BadInputError)
    assert count(db, settings, prefix) == (0, 0), "an invalid input wrote something"
    assert "Traceback" not in str(caught.value)
    return caught.value


def _with_line(records: list[str], tmp_path: Path, at: int, bad: str) -> Path:
    lines = list(records)
    lines.insert(at, bad)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _lines(prefix: str) -> list[str]:
    return [json.dumps(r) for r in findings(prefix)]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ('{"record": "entity", "id": "X", ', "malformed JSON"),
        ('{"record": "entity", "id": "PX", "kind": "Persn", "name": "A"}', "unknown entity kind"),
        (
            '{"record": "relationship", "id": "PX", "type": "likes", "from": "Pa", "to": "Pb", '
            '"citations": [{"source": "Ps"}]}',
            "type: Input should be",
        ),
        ('{"record": "entity", "id": "PX", "kind": "Person"}', "missing required field 'name'"),
        ('{"record": "gossip", "id": "PX"}', "unknown record type 'gossip'"),
        (
            '{"record": "listing", "id": "PX", "entity": "Puni", "list": "Pel", '
            '"listed": "2019-02-30", "citations": [{"source": "Psrc"}]}',
            "impossible date '2019-02-30'",
        ),
        (
            '{"record": "listing", "id": "PX", "entity": "Puni", "list": "Pel", '
            '"listed": "12/05/2019", "citations": [{"source": "Psrc"}]}',
            "invalid date '12/05/2019'",
        ),
        (
            '{"record": "relationship", "id": "PX", "type": "funding", "from": "Puni", '
            '"to": "Plab", "citations": []}',
            "citations: List should have at least 1 item",
        ),
        (
            '{"record": "entity", "id": "PX", "kind": "Person", "name": "A", "colour": "red"}',
            "unknown field 'colour'",
        ),
    ],
)
def test_invalid_record_names_its_line(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path, bad: str, expected: str
) -> None:
    bad = bad.replace('"P', f'"{prefix}')
    path = _with_line(_lines(prefix), tmp_path, 4, bad)
    error = _fails(db, settings, path, prefix)
    assert len(error.errors) == 1, error.errors
    assert error.errors[0].location == f"{path}:5"
    assert expected in error.errors[0].message
    assert f"{path}:5: " in str(error)
    assert "https://" not in str(error)


def test_dangling_reference_names_both_ids(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    bad = json.dumps(
        {
            "record": "relationship",
            "id": f"{prefix}rx",
            "type": "funding",
            "from": f"{prefix}uni",
            "to": f"{prefix}ghost",
            "citations": [{"source": f"{prefix}src"}],
        }
    )
    path = _with_line(_lines(prefix), tmp_path, 8, bad)
    error = _fails(db, settings, path, prefix)
    assert error.errors[0].location == f"{path}:9"
    assert f"{prefix}rx" in error.errors[0].message and f"{prefix}ghost" in error.errors[0].message


def test_dangling_citation_source(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = findings(prefix)
    records[5]["citations"] = [{"source": f"{prefix}nowhere"}]
    error = _fails(db, settings, write_jsonl(tmp_path / "f.jsonl", records), prefix)
    assert "unknown source" in error.errors[0].message and ":6" in error.errors[0].location


def test_conflicting_kind_in_input(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = [
        *findings(prefix),
        {"record": "entity", "id": f"{prefix}uni", "kind": "Person", "name": "A University"},
    ]
    error = _fails(db, settings, write_jsonl(tmp_path / "f.jsonl", records), prefix)
    assert "is a Person here but a Organization" in error.errors[0].message


def test_conflicting_kind_with_the_graph(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    db.run(ingest_paths, [write_jsonl(tmp_path / "a.jsonl", findings(prefix))])
    before = count(db, settings, prefix)
    clash = [
        {"record": "entity", "id": f"{prefix}lab", "kind": "Person", "name": "A Lab"},
        {"record": "entity", "id": f"{prefix}new", "kind": "Person", "name": "New"},
    ]
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [write_jsonl(tmp_path / "b.jsonl", clash)])
    assert "in the graph" in caught.value.errors[0].message
    assert count(db, settings, prefix) == before


def test_relationship_id_reused_with_another_type(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    db.run(ingest_paths, [write_jsonl(tmp_path / "a.jsonl", findings(prefix))])
    reuse = [
        {
            "record": "relationship",
            "id": f"{prefix}r1",
            "type": "funding",
            "from": f"{prefix}uni",
            "to": f"{prefix}lab",
            "citations": [{"source": f"{prefix}src"}],
        }
    ]
    with pytest.raises(InvalidInputError) as caught:
        db.run(ingest_paths, [write_jsonl(tmp_path / "b.jsonl", reuse)])
    assert "a funding here but a partnership in the graph" in caught.value.errors[0].message


def test_non_utf8_bytes(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    lines = [line.encode() for line in _lines(prefix)]
    lines[2] = lines[2].replace(b"A University", b"A Univ\xffersity")
    path.write_bytes(b"\n".join(lines) + b"\n")
    error = _fails(db, settings, path, prefix)
    assert error.errors[0].location == f"{path}:3"
    assert "not UTF-8" in error.errors[0].message


@pytest.mark.parametrize("name", ["empty.jsonl", "entities.csv", "set.yaml"])
def test_empty_file(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("")
    error = _fails(db, settings, path, prefix)
    assert "empty file" in error.errors[0].message and error.errors[0].location == f"{path}:1"


def test_megabyte_name(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    records = findings(prefix)
    records[3]["name"] = "x" * 1_000_000
    error = _fails(db, settings, write_jsonl(tmp_path / "f.jsonl", records), prefix)
    assert error.errors[0].location.endswith(":4")
    assert "name: String should have at most 1000 characters" in error.errors[0].message
    assert len(str(error)) < 2_000


def test_malformed_yaml(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(f"entities:\n  - id: {prefix}a\n    kind: Person\n    name: [unclosed\n")
    error = _fails(db, settings, path, prefix)
    assert "malformed YAML" in error.errors[0].message and error.errors[0].location.startswith(
        f"{path}:"
    )


def test_yaml_record_line_and_duplicate_key(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        f"entities:\n  - id: {prefix}a\n    kind: Person\n    name: A\n"
        f"  - id: {prefix}b\n    kind: Persn\n    name: B\n"
    )
    error = _fails(db, settings, path, prefix)
    assert error.errors[0].location == f"{path}:5"
    path.write_text(f"entities:\n  - id: {prefix}a\n    kind: Person\n    name: A\n    name: B\n")
    assert "duplicate key 'name'" in _fails(db, settings, path, prefix).errors[0].message


def test_malformed_csv(db: SyncDb, settings: Settings, prefix: str, tmp_path: Path) -> None:
    (tmp_path / "entities.csv").write_text(
        f"id,kind,name\n{prefix}a,Person,Ann\n{prefix}b,Person,Bob,extra\n"
    )
    error = _fails(db, settings, tmp_path, prefix)
    assert error.errors[0].location == f"{tmp_path / 'entities.csv'}:3"
    (tmp_path / "entities.csv").write_text(f"id,kind,nom\n{prefix}a,Person,Ann\n")
    assert "unknown column 'nom'" in _fails(db, settings, tmp_path, prefix).errors[0].message


def test_one_bad_record_among_many_writes_nothing(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    records = [
        {"record": "entity", "id": f"{prefix}e{i}", "kind": "Person", "name": f"P {i}"}
        for i in range(3000)
    ]
    records[2500]["countries"] = ["Germany"]
    error = _fails(db, settings, write_jsonl(tmp_path / "f.jsonl", records), prefix)
    assert error.errors[0].location.endswith(":2501")


def test_message_lists_the_first_errors_only(
    db: SyncDb, settings: Settings, prefix: str, tmp_path: Path
) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text("not json\n" * 50)
    error = _fails(db, settings, path, prefix)
    assert len(error.errors) == 50 and "... and 30 more" in str(error)
