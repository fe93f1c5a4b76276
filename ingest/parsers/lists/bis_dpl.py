"""``bis-dpl``: the BIS Denied Persons List, tab-separated with a quoted header.

The list has no reference numbers: an entity is ``bis-dpl:<hash of the normalised
name>`` (stable across editions; a party listed at two addresses is one entity). The
order's ``Effective_Date`` is the listing date, its ``Expiration_Date`` the delisting
date, the ``FR_Citation`` the locator. The file carries no date: ``--version-date``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.csvfile import csv_rows
from entanglements.ingest.parsers.lists.dates import one_date
from entanglements.ingest.parsers.lists.entries import Entry, Mapper, Publication

URL = "https://www.bis.doc.gov/dpl/dpl.txt"
REQUIRED = ("name", "street_address", "effective_date")


def _publication(source: Input) -> Publication:
    return Publication(
        entity_scheme="bis-dpl",
        ref_scheme="bis-dpl",
        list_prefix="bis-dpl",
        list_name="BIS Denied Persons List",
        authority="US Department of Commerce Bureau of Industry and Security",
        country="us",
        url=URL,
        published=one_date(source.version_date) if source.version_date else None,
        digest=sha256(source.path),
    )


def _ref(name: str) -> str:
    normalised = " ".join(name.lower().split())
    return hashlib.sha1(normalised.encode()).hexdigest()[:12]  # noqa: S324 - an id, not security


def _entry(location: str, row: dict[str, str], entry: Entry | None) -> Entry:
    name = row.get("name", "")
    if entry is None:
        entry = Entry(ref=_ref(name), kind="LegalEntity", name=name, location=location, raw=row)
        entry.locator = row.get("fr_citation") or None
    for column, target in (("effective_date", "listed"), ("expiration_date", "delisted")):
        text = row.get(column, "")
        date = one_date(text, "mdy") if text else None
        if text and date is None:
            entry.skipped.append(f"{column.replace('_', ' ')} not understood")
        if date is not None:
            setattr(entry, target, date)
    parts = [row.get(c, "") for c in ("street_address", "city", "state", "postal_code", "country")]
    address = ", ".join(p for p in parts if p)
    entry.addresses.extend([address] if address else [])
    entry.add_country(row.get("country", ""))
    return entry


def parse_bis_dpl(source: Input) -> Iterator[Item]:
    rows = csv_rows(source.path, source.label, "bis-dpl", delimiter="\t")
    first = next((r for r in rows if not isinstance(r, Item) or r.error), None)
    if first is None or isinstance(first, Item):
        yield first or Item(f"{source.label}:1", None, error="empty file: no header row")
        return
    header = [c.lower() for c in first[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        message = f"not a Denied Persons List header: no column {missing[0]!r}"
        yield Item(f"{source.label}:1", first[1], error=message)
        return
    mapper = Mapper(_publication(source), source.label)
    yield from mapper.start()
    parties: dict[str, Entry] = {}  # one per name (a few hundred): rows of one party merge
    for entry in rows:
        if isinstance(entry, Item):
            yield entry
            if entry.error:
                return
            continue
        line, cells = entry
        row = dict(zip(header, cells, strict=False))
        ref = _ref(row.get("name", ""))
        parties[ref] = _entry(f"{source.label}:{line}", row, parties.get(ref))
    for party in parties.values():
        yield from mapper.items(party)
