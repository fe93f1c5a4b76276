"""One odd value never stops a publisher's file: it is left out and counted, the entry is
loaded with everything else (issue 24). Historical FollowTheMoney country codes map to a
current code or are skipped, never stored."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from entanglements.core.dates import PartialDate
from entanglements.core.settings import Settings
from entanglements.ingest.parsers.lists.countries import country_code, resolve_country
from entanglements.ingest.parsers.lists.entries import Entry, Mapper
from entanglements.ingest.parsers.lists.ofac import publication
from tests.conftest import ROOT
from tests.db import SyncDb

ENTANGLE = str(ROOT / ".venv" / "bin" / "entangle")

_UN = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2024-10-17T00:00:00.000Z"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>IVAN</FIRST_NAME><SECOND_NAME>ODDVALUES</SECOND_NAME>
<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.{p}1</REFERENCE_NUMBER>
<LISTED_ON>2001-10-06</LISTED_ON><GENDER>Male</GENDER>
<NATIONALITY><VALUE>former Soviet Union</VALUE></NATIONALITY>
<NATIONALITY><VALUE>Atlantis</VALUE></NATIONALITY>
<NATIONALITY><VALUE>Pakistan</VALUE></NATIONALITY>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>IVAN O.</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1974-01-32</DATE>
</INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1975-02-03</DATE>
</INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>PLAIN</FIRST_NAME><SECOND_NAME>ENTRY</SECOND_NAME>
<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.{p}2</REFERENCE_NUMBER>
<LISTED_ON>2001-10-06</LISTED_ON><NATIONALITY><VALUE>East Germany</VALUE></NATIONALITY>
</INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
"""


def test_un_entry_with_historical_unknown_country_and_impossible_date_ingests_whole(
    db: SyncDb, settings: Settings, tmp_path: Path, prefix: str
) -> None:
    """The issue's reproduction: 'former Soviet Union' (FtM's ``suhh``) refused the entity
    and then its listing, exit 2, nothing of the list loaded."""
    path = tmp_path / "consolidated.xml"
    path.write_text(_UN.format(p=prefix), encoding="utf-8")
    done = subprocess.run(
        [ENTANGLE, "ingest", str(path), "--json"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["counts"]["entity"]["read"] == 2 and summary["counts"]["listing"]["read"] == 2
    assert summary["skipped"] == {
        "un-sc: historical country suhh: no single current country": 1,
        "un-sc: country not recognised": 1,
        "un-sc: birth date not understood": 1,
    }
    rows = db.rows(
        "MATCH (e:Entity) WHERE e.id IN $ids OPTIONAL MATCH (e)-[l:LISTED_ON]->() "
        "RETURN e.id AS id, e.countries AS countries, e.birth_dates AS dob, e.gender AS g, "
        "count(l) AS listings ORDER BY id",
        ids=[f"un-sc:QDi.{prefix}1", f"un-sc:QDi.{prefix}2"],
    )
    assert rows == [
        {"id": f"un-sc:QDi.{prefix}1", "countries": ["pk"], "dob": ["1975-02-03"], "g": "male",
         "listings": 1},
        {"id": f"un-sc:QDi.{prefix}2", "countries": ["de"], "dob": [], "g": None,
         "listings": 1},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "reason"),
    [
        ("former Soviet Union", None, "historical country suhh: no single current country"),
        ("suhh", None, "historical country suhh: no single current country"),
        ("Serbia and Montenegro", None, "historical country csxx: no single current country"),
        ("csxx", None, "historical country csxx: no single current country"),
        ("Yugoslavia", None, "historical country yucs: no single current country"),
        ("Czechoslovakia", None, "historical country cshh: no single current country"),
        ("ddde", "de", None),
        ("dd", "de", None),
        ("East Germany", "de", None),
        ("Zaire", "cd", None),
        ("zr", "cd", None),
        ("Burma", "mm", None),
        ("Kosovo", "xk", None),
        ("xk", "xk", None),
        ("Scotland", "gb", None),
        ("South Ossetia", "ge", None),
        ("eu", None, "not a country (eu)"),
        ("Atlantis", None, "country not recognised"),
        ("x" * 10_000, None, "country not recognised"),
        ("Pak\x07istan", "pk", None),
        ("UNKNOWN", None, None),
        ("", None, None),
    ],
)
def test_countries_resolve_to_current_codes(
    text: str, code: str | None, reason: str | None
) -> None:
    assert resolve_country(text) == (code, reason)


def test_every_code_found_is_a_current_alpha2() -> None:
    """Whatever FtM's table knows resolves to two letters or to a reason, never to
    ``suhh``, ``x-so`` or ``gb-sct``."""
    from rigour.territories import get_territories

    for territory in get_territories():
        for text in (territory.code, territory.name):
            found = country_code(text)
            assert found is None or (len(found) == 2 and found.isalpha()), (text, found)


def _mapped(entry: Entry) -> tuple[list[object], list[str]]:
    pub = publication("sdn", "https://example.org", PartialDate.parse("2024-01-02"), "0" * 64)
    items = list(Mapper(pub, "x").items(entry))
    assert all(i.error is None for i in items), [i.error for i in items]
    return [i.record for i in items if i.record], [i.skipped for i in items if i.skipped]


def test_values_the_models_refuse_are_left_out_and_counted() -> None:
    entry = Entry(ref="1", kind="Person", name="A PERSON", location="x:1", raw={})
    entry.aliases = ["GOOD ALIAS", "y" * 2_000, "   "]
    entry.reason = "r" * 30_000
    entry.description = "bell\x07 in the title"
    entry.programmes = ["SDGT"]
    entry.listed, entry.delisted = PartialDate.parse("2020"), PartialDate.parse("2019")
    records, skipped = _mapped(entry)
    entity, _list, listing = records
    assert entity.aliases == ["GOOD ALIAS"]  # type: ignore[union-attr]
    assert entity.description == "bell in the title"  # type: ignore[union-attr]
    assert listing.reason is None and listing.delisted is None  # type: ignore[union-attr]
    assert sorted(skipped) == sorted(
        [
            "ofac-sdn: aliases value left out (string_too_long)",
            "ofac-sdn: aliases value left out (string_too_short)",
            "ofac-sdn: control characters removed (description)",
            "ofac-sdn: reason value left out (string_too_long)",
            "ofac-sdn: delisting date before the listing date",
        ]
    )


def test_a_name_too_long_gives_way_to_an_alias() -> None:
    entry = Entry(ref="2", kind="Organization", name="n" * 5_000, location="x:1", raw={})
    entry.aliases = ["SHORT NAME"]
    records, skipped = _mapped(entry)
    assert records[0].name == "SHORT NAME"  # type: ignore[union-attr]
    assert skipped == ["ofac-sdn: name longer than 1000 characters"]
    alone = Entry(ref="3", kind="Organization", name="n" * 5_000, location="x:1", raw={})
    records, skipped = _mapped(alone)
    assert records == []
    assert skipped == [
        "ofac-sdn: name longer than 1000 characters",
        "ofac-sdn: entry without name",
    ]
