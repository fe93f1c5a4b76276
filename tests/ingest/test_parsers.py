"""Parsers alone (no database): formats, detection, line numbers, mappings."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from entanglements.core.messages import clip
from entanglements.core.models import EntityRecord, ListingRecord, RelationshipRecord
from entanglements.ingest.inputs import (
    CSL,
    FINDINGS_CSV,
    FINDINGS_JSONL,
    FINDINGS_YAML,
    FTM,
    detect,
)
from entanglements.ingest.parsers import parse
from entanglements.ingest.parsers.csl import entity_id, list_key
from tests.ingest.helpers import findings, write_jsonl


def _items(path: Path, fmt: str = "auto") -> list:  # type: ignore[type-arg]
    return list(parse(detect(path, str(path), fmt)))


def test_detection(tmp_path: Path) -> None:
    jsonl = write_jsonl(tmp_path / "x.txt", findings("p-"))
    assert detect(jsonl, "x", "auto").fmt == FINDINGS_JSONL
    ftm = tmp_path / "y"
    ftm.write_text('{"id": "a", "schema": "Person", "properties": {}}\n')
    assert detect(ftm, "y", "auto").fmt == FTM
    csl = tmp_path / "list.csv"
    csl.write_text("source,entity_number,type,name,federal_register_notice\n")
    assert detect(csl, "l", "auto").fmt == CSL
    entities = tmp_path / "entities.csv"
    entities.write_text("id,kind,name\n")
    assert (detect(entities, "e", "auto").fmt, detect(entities, "e", "auto").record_type) == (
        FINDINGS_CSV,
        "entity",
    )
    yml = tmp_path / "noext"
    yml.write_text("# a comment\nentities:\n  - id: a\n")
    assert detect(yml, "n", "auto").fmt == FINDINGS_YAML
    gz = tmp_path / "z.gz"
    gz.write_bytes(gzip.compress(jsonl.read_bytes()))
    assert detect(gz, "z", "auto").fmt == FINDINGS_JSONL
    assert len(_items(gz)) == 8


def test_jsonl_line_numbers_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text('\n\n{"record": "source", "id": "s", "title": "T"}\n\n{"record": 1}\n')
    items = _items(path)
    assert [i.location for i in items] == [f"{path}:3", f"{path}:5"]
    assert items[0].record is not None and items[1].error is not None


def test_csv_citation_rows_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_text(
        "id,entity,list,listed,citation_source,citation_locator\n"
        "l1,e1,el,2019,s1,p. 1\nl1,,,,s2,\nl2,e2,el,2020-02,s1,\n"
    )
    items = _items(path)
    assert [i.location for i in items] == [f"{path}:2", f"{path}:4"]
    first = items[0].record
    assert isinstance(first, ListingRecord)
    assert [c.source for c in first.citations] == ["s1", "s2"]


def test_csv_rows_of_one_id_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_text("id,kind,name\ne1,Person,Ann\ne1,Person,Anne\n")
    assert "disagree on 'name'" in (_items(path)[0].error or "")


def test_ftm_mapping() -> None:
    path = Path(__file__).parent / "data" / "sample.ftm.json"
    items = [i for i in _items(path) if i.record is not None]
    kinds = [type(i.record).__name__ for i in items]
    assert kinds.count("EntityRecord") == 2 and "RelationshipRecord" in kinds
    rel = next(i.record for i in items if isinstance(i.record, RelationshipRecord))
    assert (rel.type.value, rel.share, str(rel.start)) == ("ownership", 25.5, "2015-03")
    person = next(i.record for i in items if isinstance(i.record, EntityRecord))
    assert person.name == "Ivan Petrov" and "Иван Петров" in person.aliases


def test_csl_ids_and_lists() -> None:
    assert list_key("Entity List (EL) - Bureau of Industry and Security") == "el"
    assert list_key("Some New List - Somebody") == "some-new-list-somebody"
    assert entity_id({"entity_number": "123"}, "sdn") == "csl-ofac-123"
    a = entity_id({"name": "Acme  Ltd"}, "el")
    assert a == entity_id({"name": "acme ltd"}, "el") and a.startswith("csl-el-")


def test_clip_keeps_messages_short() -> None:
    assert len(clip("x" * 1_000_000)) < 80
    assert json.dumps(clip("ok")) == "\"'ok'\""
