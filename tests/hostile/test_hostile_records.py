"""Hostile values in records: read as data, never coerced into something else."""

from __future__ import annotations

import uuid

import pytest

from entanglements.core.settings import Settings
from entanglements.ingest.errors import InvalidInputError
from entanglements.ingest.pipeline import ingest_records
from tests.db import SyncDb


@pytest.mark.parametrize("field", ["share", "shareMin", "shareMax"])
def test_a_boolean_share_is_refused_not_stored_as_one_percent(
    db: SyncDb, settings: Settings, field: str
) -> None:
    p = f"t{uuid.uuid4().hex[:10]}-"
    records = [
        {"record": "source", "id": p + "s", "title": "S"},
        {"record": "entity", "id": p + "a", "kind": "Company", "name": "A"},
        {"record": "entity", "id": p + "b", "kind": "Company", "name": "B"},
        {"record": "relationship", "id": p + "r", "type": "ownership", "from": p + "a",
         "to": p + "b", field: True, "citations": [{"source": p + "s"}]},
    ]  # fmt: skip
    with pytest.raises(InvalidInputError) as refused:
        db.run(ingest_records, records, origin="api")
    [problem] = refused.value.summary.errors
    assert "a share is a percentage" in problem.message and "true/false" in problem.message
    assert not db.rows("MATCH ()-[r {id: $id}]->() RETURN r", id=p + "r")
