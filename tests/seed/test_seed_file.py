"""The seed dataset (data/seed/*.yaml) and the bulk example (data/examples/new-findings.yaml).

Pure Python, no database: every record validates, every reference resolves, every claim quotes
its source verbatim, and the facts a reader checks first are in the data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from entanglements.core.models import (
    AnyRecord,
    Citation,
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
    parse_record,
)

ROOT = Path(__file__).parents[2]
SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "seed-article-aspi-xjtlu.txt"
TRACKER = SHARED / "data" / "aspi-defence-universities" / "china-defence-universities.json"
SEED_FILES = sorted((ROOT / "data" / "seed").glob("*.yaml"))
EXAMPLE = ROOT / "data" / "examples" / "new-findings.yaml"
ARTICLE_SOURCE = "aspi-xjtlu-2025"
TRACKER_SOURCE = "aspi-china-defence-universities-tracker"
COLLECTIONS = {
    "sources": "source",
    "lists": "list",
    "entities": "entity",
    "relationships": "relationship",
    "listings": "listing",
}
NOT_ORGANISATIONS = {"Person", "Event", "Position"}
T = TypeVar("T")


def load(path: Path) -> list[AnyRecord]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) <= set(COLLECTIONS), path
    return [
        parse_record({"record": COLLECTIONS[key], **item}) for key in data for item in data[key]
    ]


@cache
def seed() -> tuple[AnyRecord, ...]:
    assert SEED_FILES, "no YAML under data/seed"
    return tuple(r for path in SEED_FILES for r in load(path))


@cache
def example() -> tuple[AnyRecord, ...]:
    return tuple(load(EXAMPLE))


def of(records: tuple[AnyRecord, ...], kind: type[T]) -> list[T]:
    return [r for r in records if isinstance(r, kind)]


def article_lines() -> list[str]:
    return ARTICLE.read_text(encoding="utf-8").splitlines()


def json_strings(value: Any) -> Iterator[str]:
    """Every string in the tracker JSON, decoded (non-ASCII is stored raw, e.g. U+00A0)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def tracker_strings() -> list[str]:
    return list(json_strings(json.loads(TRACKER.read_text(encoding="utf-8"))))


def list_of(listing: ListingRecord) -> str:
    """The listing's list id, by its YAML spelling (the attribute is ``list_id``)."""
    return str(listing.model_dump(by_alias=True)["list"])


def claims(records: tuple[AnyRecord, ...]) -> list[RelationshipRecord | ListingRecord]:
    return [r for r in records if isinstance(r, RelationshipRecord | ListingRecord)]


def citations(records: tuple[AnyRecord, ...]) -> Iterator[Citation]:
    for r in records:
        if isinstance(r, RelationshipRecord | ListingRecord | EntityRecord):
            yield from r.citations


def check_references(records: tuple[AnyRecord, ...]) -> None:
    ids = [r.id for r in records if not isinstance(r, ListRecord | SourceRecord)]
    ids += [f"list:{r.id}" for r in of(records, ListRecord)]
    ids += [f"source:{r.id}" for r in of(records, SourceRecord)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    entities = {r.id for r in of(records, EntityRecord)}
    lists = {r.id for r in of(records, ListRecord)}
    sources = {r.id for r in of(records, SourceRecord)}
    for rel in of(records, RelationshipRecord):
        assert {rel.from_, rel.to} <= entities, rel.id
    for listing in of(records, ListingRecord):
        assert listing.entity in entities and list_of(listing) in lists, listing.id
    assert {c.source for c in citations(records)} <= sources


def check_quotes(records: tuple[AnyRecord, ...], source: str, texts: list[str]) -> None:
    """Every claim cites ``source`` with a quote, and every quote from it is verbatim."""
    for claim in claims(records):
        assert any(c.source == source and c.quote for c in claim.citations), claim.id
    for citation in citations(records):
        if citation.source == source:
            assert citation.quote, citation
            assert any(citation.quote in text for text in texts), citation.quote


def check_countries(records: tuple[AnyRecord, ...]) -> None:
    for entity in of(records, EntityRecord):
        assert entity.kind in NOT_ORGANISATIONS or entity.countries, entity.id


def test_seed_counts() -> None:
    records = seed()
    assert len(of(records, EntityRecord)) > 40
    assert len(of(records, RelationshipRecord)) > 60
    assert len(of(records, ListingRecord)) > 15


def test_seed_references_ids_quotes_countries() -> None:
    check_references(seed())
    check_quotes(seed(), ARTICLE_SOURCE, article_lines())
    check_countries(seed())


def test_example_references_ids_quotes_countries() -> None:
    records = example()
    assert of(records, EntityRecord)
    assert of(records, ListingRecord)
    check_references(seed() + records)
    check_quotes(records, TRACKER_SOURCE, tracker_strings())
    check_countries(records)
    own = {r.id for r in of(records, EntityRecord)}
    assert any((r.from_ in own) != (r.to in own) for r in of(records, RelationshipRecord)), (
        "the example should connect to seed entities"
    )


# --- Facts a reader checks first -----------------------------------------------------------


def rels(type_: str, *, to: str | None = None, frm: str | None = None) -> list[RelationshipRecord]:
    return [
        r
        for r in of(seed(), RelationshipRecord)
        if r.type == type_ and to in (None, r.to) and frm in (None, r.from_)
    ]


def lists_of(entity: str) -> dict[str, str | None]:
    return {
        list_of(x): str(x.listed) if x.listed else None
        for x in of(seed(), ListingRecord)
        if x.entity == entity
    }


def test_xjtlu_parents() -> None:
    # The article calls XJTU the "Chinese parent institution" and gives no founding year.
    founders = rels("co_founding", to="xjtlu")
    assert [(r.from_, r.start) for r in founders] == [("xjtu", None)]
    assert rels("partnership", frm="univ-liverpool", to="xjtlu")
    deputy_chair = rels("board_membership", frm="uol-vice-chancellor", to="xjtlu")
    assert deputy_chair and "deputy chair" in (deputy_chair[0].role or "")


def test_entity_listed_partners() -> None:
    listed = {
        x.entity: str(x.listed)
        for x in of(seed(), ListingRecord)
        if list_of(x) == "us-bis-entity-list"
    }
    assert listed == {
        "nscc-wuxi": "2021",
        "simit": "2024",
        "ime-cas": "2024",
        "sugon": "2019",
        "iflytek": "2019",
    }
    assert [str(r.start) for r in rels("partnership", frm="xjtlu", to="nscc-wuxi")] == ["2025-04"]
    assert [str(r.start) for r in rels("co_founding", frm="simit")] == ["2019"]
    assert [str(r.start) for r in rels("co_founding", frm="sugon")] == ["2018"]
    assert rels("partnership", frm="iflytek", to="xjtlu-iflytek-joint-lab")
    assert rels("hosting", frm="xjtlu", to="xjtlu-iflytek-joint-lab")


def test_delegation_leader_and_her_lists() -> None:
    led = [
        r
        for r in rels("participation", to="russian-delegation-xjtlu-2024-11")
        if r.role == "head of delegation"
    ]
    assert [(r.from_, str(r.start)) for r in led] == [("olga-zabralova", "2024-11")]
    assert set(lists_of("olga-zabralova")) == {
        "uk-sanctions-list",
        "us-ofac-sdn",
        "eu-sanctions",
        "fr-registre-national-des-gels",
        "ch-seco-sanctions",
        "be-consolidated-sanctions",
        "ua-nsdc-sanctions",
        "au-consolidated-sanctions",
        "nz-russia-sanctions-register",
        "mc-asset-freeze-list",
    }


def test_russian_codirector_links_to_agencies() -> None:
    codirector = rels("directorship", frm="artem-semenov", to="china-russia-centre")
    assert codirector and codirector[0].role == "Russian co-director"
    assert rels("membership", frm="artem-semenov", to="rossotrudnichestvo")
    assert rels("advising", frm="artem-semenov", to="moscow-regional-government")
    assert rels("part_of", frm="rossotrudnichestvo", to="russia-mfa")
    backers = {r.from_ for r in rels("associate", to="china-russia-centre")}
    assert backers == {"rossotrudnichestvo", "russkiy-mir-foundation"}
    for backer in backers:
        assert lists_of(backer) == {"eu-sanctions": "2022"}


def test_article_misspellings_are_aliases() -> None:
    xjtlu = next(r for r in of(seed(), EntityRecord) if r.id == "xjtlu")
    text = ARTICLE.read_text(encoding="utf-8")
    for misspelling in ("XTJLU", "XJLTU"):
        assert misspelling in text and misspelling in xjtlu.aliases
