"""``ofac-csv``: OFAC's legacy CSV set, SDN (``sdn.csv``, ``alt.csv``, ``add.csv``,
``sdn_comments.csv``) or non-SDN (``cons_prim.csv``, ``cons_alt.csv``, ...).

No header, ``-0-`` for an empty cell, Windows-1252 text, a 0x1A at the end. The primary
file drives the parse; its companions are read first into maps by entity number (a few
MB for the full list). The files carry no date: ``--version-date`` supplies one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.official_inputs import ofac_set
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.csvfile import csv_rows
from entanglements.ingest.parsers.lists.dates import one_date
from entanglements.ingest.parsers.lists.entries import Entry, Mapper
from entanglements.ingest.parsers.lists.ofac import (
    CONS_CSV_URL,
    KINDS,
    SDN_CSV_URL,
    add_typed,
    programmes,
    publication,
)
from entanglements.ingest.parsers.lists.ofac_remarks import read_remarks
from entanglements.ingest.parsers.lists.text import join

PRIMARY = (
    "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
    "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks",
)  # fmt: skip
_WIDTH = {"alt": 5, "add": 6, "comments": 2}


def _cells(row: list[str]) -> list[str]:
    return ["" if c == "-0-" else c for c in row]


def _rows(path: Path, label: str) -> Iterator[tuple[int, list[str]] | Item]:
    for entry in csv_rows(path, label, f"ofac-{ofac_set(path)}"):
        yield entry if isinstance(entry, Item) else (entry[0], _cells(entry[1]))


class _Companions:
    """alt / add / comments rows by entity number."""

    def __init__(self) -> None:
        self.aliases: dict[str, list[str]] = {}
        self.addresses: dict[str, list[tuple[str, str]]] = {}
        self.comments: dict[str, str] = {}

    def read(self, role: str, path: Path) -> Iterator[Item]:
        """Load one companion file; yields the errors found in it."""
        for entry in _rows(path, str(path)):
            if isinstance(entry, Item):
                yield entry
                if entry.error:
                    return
                continue
            line, row = entry
            if len(row) != _WIDTH[role]:
                message = f"an OFAC {role} row has {_WIDTH[role]} cells, the first a number"
                yield Item(f"{path}:{line}", row, error=message)
                return
            if not row[0].isdigit():  # one odd value: the row is left out, counted
                skipped = f"ofac-{ofac_set(path)}: {role} row without a number"
                yield Item(f"{path}:{line}", row, skipped=skipped)
                continue
            if role == "alt":
                self.aliases.setdefault(row[0], []).append(row[3])
            elif role == "add":
                address = ", ".join(p for p in row[2:5] if p)
                self.addresses.setdefault(row[0], []).append((address, row[4]))
            else:
                self.comments[row[0]] = self.comments.get(row[0], "") + row[1]


def _person_name(name: str) -> str:
    """``SAEED, Muhammad`` → ``Muhammad SAEED`` (the XML's order, so both layouts agree)."""
    last, comma, first = name.partition(", ")
    return join(first, last) if comma else name


def _entry(location: str, row: list[str], companions: _Companions) -> Entry:
    number = row[0]
    kind = KINDS.get(row[2].lower(), "Organization")
    person = kind == "Person"
    remarks = row[11] + companions.comments.get(number, "")
    entry = Entry(
        ref=number,
        kind=kind,
        name=_person_name(row[1]) if person else row[1],
        location=location,
        raw=dict(zip(PRIMARY, row, strict=False)),
        programmes=programmes(row[3]),
        description=row[4] or None,
        reason=remarks or None,
    )
    aliases = companions.aliases.get(number, [])
    entry.aliases = [_person_name(a) if person else a for a in aliases if a]
    for address, country in companions.addresses.get(number, []):
        entry.addresses.extend([address] if address else [])
        entry.add_country(country)
    if row[5]:
        add_typed(entry, "Call Sign", row[5])
    if row[9]:
        add_typed(entry, "Vessel Flag", row[9])
    read_remarks(entry, remarks)
    return entry


def parse_ofac_csv(source: Input) -> Iterator[Item]:
    companions = _Companions()
    for role, path in sorted(source.companions):
        found = list(companions.read(role, path))  # errors, and counted skips
        yield from found
        if any(i.error for i in found):
            return
    set_name = ofac_set(source.path)
    url = CONS_CSV_URL if set_name == "cons" else SDN_CSV_URL
    published = one_date(source.version_date) if source.version_date else None
    mapper = Mapper(publication(set_name, url, published, sha256(source.path)), source.label)
    yield from mapper.start()
    for entry in _rows(source.path, source.label):
        if isinstance(entry, Item):
            yield entry
            if entry.error:
                return
            continue
        line, row = entry
        location = f"{source.label}:{line}"
        if len(row) != len(PRIMARY):
            message = f"not an OFAC primary row: {len(PRIMARY)} cells, the first a number"
            yield Item(location, row, error=message)
            continue
        if not row[0].isdigit():
            prefix = mapper.pub.list_prefix
            yield Item(location, row, skipped=f"{prefix}: entry without a number")
            continue
        yield from mapper.items(_entry(location, row, companions))
