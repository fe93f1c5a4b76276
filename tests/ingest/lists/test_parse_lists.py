"""Each official format: one entry checked field by field against the file (read by eye),
detection from the content, and what is skipped. No graph needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from entanglements.ingest.inputs import resolve
from tests.ingest.lists.helpers import BIS, EU, OFAC_CONS, OFAC_SDN, OFAC_XML, UK, UN, one, records

pytestmark = pytest.mark.skipif(not UN.is_file(), reason="../shared/data is not present")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [(UN, "un-sc"), (OFAC_XML, "ofac-xml"), (EU, "eu-fsf"), (UK, "uk-hmt"), (BIS, "bis-dpl")],
)
def test_formats_are_detected_from_the_content(path: Path, fmt: str, tmp_path: Path) -> None:
    copy = tmp_path / "renamed.dat"  # the name says nothing
    copy.write_bytes(path.read_bytes())
    assert [i.fmt for i in resolve([copy], "auto", tmp_path)] == [fmt]


def test_ofac_csv_set_is_one_input_with_its_companions(tmp_path: Path) -> None:
    inputs = resolve(OFAC_SDN, "auto", tmp_path)
    primary = [i for i in inputs if i.fmt == "ofac-csv"]
    assert len(primary) == 1 and primary[0].path.name == "sdn.csv"
    assert sorted(role for role, _ in primary[0].companions) == ["add", "alt", "comments"]
    folder = resolve([OFAC_CONS], "auto", tmp_path)
    assert [i.path.name for i in folder if i.fmt == "ofac-csv"] == ["cons_prim.csv"]


def test_a_companion_without_its_primary_is_refused(tmp_path: Path) -> None:
    from entanglements.core.errors import BadInputError

    with pytest.raises(BadInputError, match=r"alt\.csv: an OFAC CSV alt file needs .*sdn\.csv"):
        resolve([OFAC_SDN[1]], "auto", tmp_path)


def test_un_entry(tmp_path: Path) -> None:
    found, skipped = records([UN], tmp_path)
    entity = one(found, "entity", "un-sc:QDi.237")
    citation = {"source": "un-sc-2024-10-17", "quote": "JABER ABDALLAH JABER AHMAD AL-JALAHMAH",
                "locator": "un-sc:QDi.237"}  # fmt: skip
    assert entity == {
        "id": "un-sc:QDi.237",
        "kind": "Person",
        "name": "JABER ABDALLAH JABER AHMAD AL-JALAHMAH",
        "aliases": [
            "Jaber Al-Jalamah",
            "Abu Muhammad Al-Jalahmah",
            "Jabir Abdallah Jabir Ahmad Jalahmah",
            "Jabir 'Abdallah Jabir Ahmad Al-Jalamah",
            "Jabir Al-Jalhami",
            "جابر عبد الله جابر أحمد الجلاهمة",
        ],
        "weak_aliases": ["Abdul-Ghani", "Abu Muhammad"],
        "birth_dates": ["1959-09-24"],
        "birth_places": ["Al-Khitan area, Kuwait"],
        "addresses": ["Kuwait"],
        "countries": ["kw"],
        "identifiers": [
            "un-sc:QDi.237",
            "passportNumber:101423404",
            "passportNumber:2541451",
            "passportNumber:002327881",
            "idNumber:259092401188",
        ],
        "citations": [citation],
    }
    listing = one(found, "listing", "un-sc:QDi.237/un-sc-al-qaida")
    assert listing["listed"] == "2014-01-03" and listing["program"] == "Al-Qaida"
    assert listing["reason"].startswith("Previously listed between 16 Jan. 2008 and 3 Jan. 2014")
    assert listing["citations"] == [citation]
    source = one(found, "source", "un-sc-2024-10-17")
    assert source["published"] == "2024-10-17" and source["kind"] == "sanctions_list"
    assert source["url"] == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    # BETWEEN 1963 and 1968, APPROXIMATELY 1975: every year of the range, the year.
    ranged = [r for r in found if r.record == "entity" and "1963" in map(str, r.birth_dates)]
    assert [str(d) for d in ranged[0].birth_dates] == [str(y) for y in range(1963, 1969)]
    assert skipped == {}


def _saeed(found: list, source: str, aliases: list[str]) -> None:  # type: ignore[type-arg]
    entity = one(found, "entity", "ofac:10689")
    assert entity["name"] == "Muhammad SAEED" and entity["kind"] == "Person"
    assert entity["aliases"] == aliases
    assert entity["weak_aliases"] == ["HAFIZ SAHIB", "TATA JI"]
    assert entity["birth_dates"] == ["1950-06-05"]
    assert entity["birth_places"] == ["Sargodha, Punjab, Pakistan"]
    assert entity["countries"] == ["pk"]
    assert sorted(entity["identifiers"]) == [
        "idNumber:23250460642",
        "idNumber:3520025509842-7",
        "ofac-sdn:10689",
        "passportNumber:BE5978421",
        "passportNumber:Booklet A5250088",
    ]
    assert entity["addresses"] == [
        "House No. 116 E, Mohalla Johar, Town: Lahore, Tehsil:, Lahore City, Lahore District, "
        "Pakistan"
    ]
    listing = one(found, "listing", "ofac:10689/ofac-sdn-sdgt")
    assert listing["program"] == "SDGT" and "listed" not in listing  # OFAC states no date
    cite = {"source": source, "quote": "Muhammad SAEED", "locator": "ofac-sdn:10689"}
    assert listing["citations"] == [cite] and entity["citations"] == [cite]


STRONG = [
    "Hafiz Muhammad SAEED",
    "Hafiz SAEED",
    "Hafiz Mohammad SAEED",
    "Hafez Mohammad SAYEED",
    "Hafiz Mohammad SAYID",
    "Hafiz Mohammad SYEED",
    "Hafiz Mohammad SAYED",
    "Muhammad SAEED HAFIZ",
]


def test_ofac_xml_entry(tmp_path: Path) -> None:
    found, skipped = records([OFAC_XML], tmp_path)
    _saeed(found, "ofac-sdn-2020-04-22", STRONG)
    # "Additional Sanctions Information - Subject to Secondary Sanctions" is not an id.
    assert skipped == {"ofac-sdn: listing fact, not an identifier (kept in the remarks)": 1}


def test_ofac_csv_entry_matches_the_xml(tmp_path: Path) -> None:
    found, skipped = records(OFAC_SDN, tmp_path, version_date="2021-06-30")
    _saeed(found, "ofac-sdn-2021-06-30", STRONG)
    assert sum(1 for r in found if r.record == "entity") == 8976
    assert skipped["ofac-sdn: country not recognised"] > 0  # counted, with the reason


def test_ofac_non_sdn_entry(tmp_path: Path) -> None:
    found, _ = records([OFAC_CONS], tmp_path)
    entity = one(found, "entity", "ofac:9639")
    assert entity["name"] == "Ismail Abdul Salah HANIYA"
    assert entity["aliases"] == ["Ismail HANIYA", "Ismaeel HANIYYA"]
    assert entity["birth_dates"] == ["1962"] and entity["birth_places"] == ["Shati"]
    assert entity["identifiers"] == ["ofac-cons:9639"]
    listing = one(found, "listing", "ofac:9639/ofac-cons-ns-plc")
    assert listing["program"] == "NS-PLC"
    assert listing["citations"][0]["locator"] == "ofac-cons:9639"


def test_eu_entry(tmp_path: Path) -> None:
    found, _ = records([EU], tmp_path)
    entity = one(found, "entity", "eu-fsf:EU.3579.2")
    assert entity["name"] == "Fahd Bin Adballah BIN KHALID" and entity["kind"] == "Person"
    assert entity["aliases"] == [
        "Khalid Shaikh MOHAMMED",
        "Salem ALI",
        "Khalid Adbul WADOOD",
        "Ashraf Refaat Nabith HENIN",
    ]
    assert entity["gender"] == "male"
    assert entity["birth_dates"] == ["1965-04-14", "1964-03-01"]
    assert entity["birth_places"] == ["PAKISTAN"]
    assert entity["identifiers"] == ["eu-fsf:EU.3579.2", "passportNumber:488555"]
    listing = one(found, "listing", "eu-fsf:EU.3579.2/eu-fsf-terr")
    assert listing["program"] == "TERR" and "listed" not in listing  # no designationDate
    assert listing["citations"] == [
        {"source": "eu-fsf-2020-04-15", "quote": entity["name"], "locator": "eu-fsf:EU.3579.2"}
    ]
    leo = one(found, "listing", "eu-fsf:EU.3734.6/eu-fsf-cod")
    assert leo["listed"] == "2010-12-01"


def test_uk_entry_groups_rows(tmp_path: Path) -> None:
    found, skipped = records([UK], tmp_path)
    so = one(found, "entity", "uk-ofsi:11039")
    assert so["name"] == "Sang-kuk SO" and so["aliases"] == ["Sang Kuk SO"]
    assert so["birth_dates"] == [str(y) for y in (1936, 1937, 1938, 1932, 1933, 1934, 1935)]
    saeed = one(found, "entity", "uk-ofsi:9215")
    assert saeed["name"] == "Hafez Mohammad SAEED"
    assert saeed["aliases"] == ["سعید حافظ محمد"]
    assert saeed["birth_dates"] == ["1950-06-05"]
    assert saeed["birth_places"] == ["Sargodha, Punjab, Pakistan"]
    assert saeed["countries"] == ["pk"]
    assert saeed["identifiers"] == ["uk-ofsi:9215", "idNumber:3520025509842-7"]
    listing = one(found, "listing", "uk-ofsi:9215/uk-ofsi-isil-da-esh-and-al-qaida")
    assert listing["listed"] == "2008-12-12" and listing["program"] == "ISIL (Da'esh) and Al-Qaida"
    assert listing["citations"][0] == {
        "source": "uk-ofsi-2020-04-27",
        "quote": "Hafez Mohammad SAEED",
        "locator": "uk-ofsi:9215",
    }
    # 10/00/1983: month unknown, the year stays; 00/04/1984: the month stays.
    hubarieva = one(found, "entity", "uk-ofsi:13063")
    assert hubarieva["birth_dates"] == ["1983-07-05", "1983", "1984-04"]
    assert skipped == {}


def test_bis_entry(tmp_path: Path) -> None:
    found, _ = records([BIS], tmp_path, version_date="2022-09-01")
    entities = [r for r in found if r.record == "entity" and r.name == "AARON ABRAHAM VILLA"]
    assert len(entities) == 1
    entity = one(found, "entity", entities[0].id)
    assert entity["id"].startswith("bis-dpl:") and entity["kind"] == "LegalEntity"
    assert entity["addresses"] == ["3415 RIVERA AVENUE, EL PASO, TX, 79905"]
    listing = one(found, "listing", f"{entity['id']}/bis-dpl")
    assert listing["listed"] == "2022-08-24" and listing["delisted"] == "2026-01-14"
    assert listing["citations"] == [
        {"source": "bis-dpl-2022-09-01", "quote": "AARON ABRAHAM VILLA",
         "locator": "87 F.R. 52741 8/29/2022"}
    ]  # fmt: skip
