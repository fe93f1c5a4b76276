"""``uk-hmt``: the UK OFSI (HM Treasury) Consolidated List CSV.

A ``Last Updated`` line, then the header; one row per *name*: the rows sharing a
``Group ID`` are one party (its ``Prime Alias`` row gives the name, the others aliases,
``Alias Quality`` low ones weak). The list is sorted by name, so a party's rows are spread
over the file: rows are grouped in memory (one small record per party, about 5,000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from entanglements.core.dates import PartialDate
from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.csvfile import csv_rows
from entanglements.ingest.parsers.lists.dates import one_date
from entanglements.ingest.parsers.lists.entries import Entry, Mapper, Publication
from entanglements.ingest.parsers.lists.text import join

URL = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"
REQUIRED = ("group id", "name 6", "regime")
_KINDS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_NUMBERED = re.compile(r"\(\d+\)")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def _publication(source: Input, published: PartialDate | None) -> Publication:
    return Publication(
        entity_scheme="uk-ofsi",
        ref_scheme="uk-ofsi",
        list_prefix="uk-ofsi",
        list_name="UK OFSI Consolidated List",
        authority="HM Treasury Office of Financial Sanctions Implementation",
        country="gb",
        url=URL,
        published=published,
        digest=sha256(source.path),
    )


def _values(cell: str) -> list[str]:
    """``(1) Pakistani (2) Afghan`` → two values; a plain cell → one."""
    return [v.strip(" ,;") for v in _NUMBERED.split(cell) if v.strip(" ,;")]


def _name(row: dict[str, str]) -> str:
    return join(*(row.get(f"name {i}", "") for i in range(1, 6)), row.get("name 6", ""))


def _new_entry(location: str, row: dict[str, str]) -> Entry:
    return Entry(
        ref=row["group id"],
        kind=_KINDS.get(row.get("group type", "").lower(), "LegalEntity"),
        name="",
        location=location,
        raw={"Group ID": row["group id"]},
    )


def _party_facts(entry: Entry, row: dict[str, str]) -> None:
    """Facts of the party and its listing, which every row of the group repeats: each
    row is read, so a value one row spoils is counted (the first good one is kept)."""
    regime = row.get("regime", "")
    if regime and regime not in entry.programmes:
        entry.programmes.append(regime)
    listed_text = row.get("listed on", "")
    listed = one_date(listed_text)
    if listed_text and listed is None:
        entry.skipped.append("listing date not understood")
    entry.listed = entry.listed or listed
    reason = row.get("uk statement of reasons") or row.get("other information")
    entry.reason = entry.reason or reason or None
    entry.description = entry.description or row.get("position") or None
    entry.set_gender(row.get("gender"))


def _add_row(entry: Entry, row: dict[str, str]) -> None:
    """One name row of a party: its name and whatever facts it repeats or adds."""
    _party_facts(entry, row)
    name = _name(row)
    if row.get("alias type", "").lower().startswith("prime") and not entry.name:
        entry.name = name
    elif "low" in row.get("alias quality", "").lower():
        entry.weak_aliases.append(name)
    else:
        entry.aliases.append(name)
    entry.aliases.extend(_values(row.get("name non-latin script", "")))
    entry.add_birth_dates(row.get("dob", ""))
    place = ", ".join(p for p in (row.get("town of birth"), row.get("country of birth")) if p)
    entry.birth_places.extend([place] if place else [])
    for value in [*_values(row.get("nationality", "")), row.get("country", "")]:
        entry.add_country(_PAREN.sub("", value))
    for column, kind in (
        ("passport number", "passport"),
        ("national identification number", "national id"),
    ):
        for value in _values(row.get(column, "")):
            entry.add_identifier(kind, _PAREN.sub("", value))
    address = ", ".join(
        v
        for v in [
            *(row.get(f"address {i}", "") for i in range(1, 7)),
            row.get("post/zip code", ""),
            row.get("country", ""),
        ]
        if v
    )
    entry.addresses.extend([address] if address else [])


def _header(
    rows: Iterator[tuple[int, list[str]] | Item],
) -> tuple[PartialDate | None, list[str]] | Item:
    """The ``Last Updated`` date (if that line is there) and the lower-cased header."""
    published = None
    for entry in rows:
        if isinstance(entry, Item):
            if entry.error:
                return entry
            continue
        line, cells = entry
        if cells[0].lower() == "last updated":
            published = one_date(cells[1] if len(cells) > 1 else "")
            continue
        header = [c.lower() for c in cells]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            return Item(
                f"?:{line}", cells, error=f"not a UK OFSI list header: no column {missing[0]!r}"
            )
        return published, header
    return Item("?:1", None, error="empty file: no header row")


def parse_uk_hmt(source: Input) -> Iterator[Item]:
    rows = csv_rows(source.path, source.label, "uk-ofsi")
    head = _header(rows)
    if isinstance(head, Item):
        head.location = head.location.replace("?", source.label, 1)
        yield head
        return
    published, header = head
    published = published or (one_date(source.version_date) if source.version_date else None)
    mapper = Mapper(_publication(source, published), source.label)
    yield from mapper.start()
    parties: dict[str, Entry] = {}
    for entry in rows:
        if isinstance(entry, Item):
            yield entry
            if entry.error:
                return
            continue
        line, cells = entry
        row = dict(zip(header, cells, strict=False))
        location = f"{source.label}:{line}"
        if not row.get("group id"):
            yield Item(location, cells, skipped="uk-ofsi: row without Group ID")
            continue
        party = parties.get(row["group id"])
        if party is None:
            party = parties[row["group id"]] = _new_entry(location, row)
        _add_row(party, row)
    for party in parties.values():
        party.name = party.name or (party.aliases.pop(0) if party.aliases else "")
        yield from mapper.items(party)
