"""The identity fields every official list carries (names of several qualities, birth dates,
places, gender, identifiers, addresses) go in through the findings format and come out of
the API as they went in; a later file adds to them."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from entanglements.core.settings import Settings
from tests.api.conftest import Findings, data
from tests.db import SyncDb

IDENTITY = """
query($id: ID!) {
  entity(id: $id) {
    name aliases weakAliases countries birthDates birthPlaces gender identifiers addresses
  }
}
"""


def test_identity_fields_round_trip_and_accumulate(
    client: TestClient, db: SyncDb, settings: Settings
) -> None:
    first = Findings(f"t{uuid.uuid4().hex[:10]}-")
    first.entity(
        "p",
        name="Ivan Petrov",
        kind="Person",
        aliases=["Иван Петров"],
        weak_aliases=["Vanya", "Ivan Petrov"],  # the name itself is not a weak alias
        countries=["ru"],
        birth_dates=["1970-03", "1971"],
        birth_places=["Moscow"],
        gender="male",
        identifiers=["passport:123456789", "ofac-sdn:10689"],
        addresses=["Tverskaya 1, Moscow"],
    )
    first.load(db, settings)
    assert data(client, IDENTITY, id=first.id("p"))["entity"] == {
        "name": "Ivan Petrov",
        "aliases": ["Иван Петров"],
        "weakAliases": ["Vanya"],
        "countries": ["ru"],
        "birthDates": ["1970-03", "1971"],
        "birthPlaces": ["Moscow"],
        "gender": "male",
        "identifiers": ["passport:123456789", "ofac-sdn:10689"],
        "addresses": ["Tverskaya 1, Moscow"],
    }

    later = Findings(first.prefix)
    later.entity("p", name="Ivan Petrov", kind="Person", birth_dates=["1970-03", "1970-03-05"],
                 identifiers=["national-id:77"])  # fmt: skip
    later.load(db, settings)
    entity = data(client, IDENTITY, id=first.id("p"))["entity"]
    assert entity["birthDates"] == ["1970-03", "1971", "1970-03-05"]
    assert entity["identifiers"] == ["passport:123456789", "ofac-sdn:10689", "national-id:77"]
    assert entity["gender"] == "male"  # not stated later: kept
