"""The US Consolidated Screening List CSV (trade.gov format; carries the BIS Entity List).

Each ``source`` column value (``Entity List (EL) - Bureau of Industry and Security``, ...)
becomes one sanctions list plus one source (the list's publication, ``source_list_url``)
that every listing on it cites, with the Federal Register notice as the locator. Entity ids:
``csl-ofac-<entity_number>`` for OFAC rows (so SDN and SSI rows of one party merge), else
``csl-<list>-<hash of the name>`` (stable across editions of the list).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from entanglements.ingest.inputs import Input
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.csv_rows import csv_table

REQUIRED = ("source", "name")
_ABBREVIATION = re.compile(r"\(([A-Za-z]{2,10})\)")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_KINDS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
_KINDS_MORE = {"aircraft": "Airplane"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "list"


def list_key(source: str) -> str:
    """``Entity List (EL) - Bureau ...`` → ``el``; a value without an abbreviation → slug."""
    match = _ABBREVIATION.search(source)
    return match.group(1).lower() if match else _slug(source)


def _split(cell: str) -> list[str]:
    return [v.strip().removeprefix("and ").strip() for v in cell.split(";") if v.strip()]


def _countries(row: dict[str, str]) -> list[str]:
    found = [a.rsplit(",", 1)[-1].strip() for a in _split(row.get("addresses", ""))]
    for column in ("citizenships", "nationalities"):
        found += [c.strip() for c in re.split(r"[;,]", row.get(column, ""))]
    return [c.lower() for c in found if _COUNTRY.match(c)]


def _identifiers(cell: str) -> list[str]:
    identifiers = []
    for entry in _split(cell):
        parts = [p.strip() for p in entry.split(",")]
        identifiers.append(f"{parts[-1]}:{parts[-2]}" if len(parts) >= 2 else entry)
    return [i[:300] for i in identifiers]


def _date(cell: str) -> str | None:
    """CSL dates are ISO; some carry a time (``2019-01-01T00:00:00``): keep the date."""
    cell = cell.strip()
    return cell[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", cell) else (cell or None)


def entity_id(row: dict[str, str], key: str) -> str:
    number = row.get("entity_number", "").strip()
    if number.isdigit():
        return f"csl-ofac-{number}"
    name = " ".join(row.get("name", "").lower().split())
    return f"csl-{key}-{hashlib.sha1(name.encode()).hexdigest()[:12]}"  # noqa: S324 - an id, not security


def _list_records(row: dict[str, str], key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    lst: dict[str, Any]
    name, _, authority = row["source"].partition(" - ")
    url = row.get("source_list_url") or None
    lst = {
        "id": f"csl-{key}",
        "name": name.strip(),
        "authority": authority.strip() or "US Government",
    }
    lst |= {"country": "us", "url": url}
    source = {
        "id": f"csl-{key}-source",
        "title": f"{name.strip()} (US Consolidated Screening List)",
        "url": url,
        "publisher": lst["authority"],
        "kind": "sanctions_list",
    }
    return lst, source


def _entity(row: dict[str, str], key: str) -> dict[str, Any]:
    kind_cell = row.get("type", "").strip().lower()
    description = "; ".join(
        part for part in (row.get("title", "").strip(), row.get("remarks", "").strip()) if part
    )
    return {
        "id": entity_id(row, key),
        "kind": _KINDS.get(kind_cell) or _KINDS_MORE.get(kind_cell) or "LegalEntity",
        "name": row.get("name", ""),
        "aliases": _split(row.get("alt_names", "")),
        "countries": _countries(row),
        "identifiers": _identifiers(row.get("ids", "")),
        "description": description or None,
    }


def _listing(row: dict[str, str], key: str) -> dict[str, Any]:
    notice = row.get("federal_register_notice", "").strip()[:500]
    reason = "; ".join(
        p.strip()
        for p in (row.get("license_requirement", ""), row.get("license_policy", ""))
        if p.strip()
    )
    return {
        "id": f"{entity_id(row, key)}:{key}",
        "entity": entity_id(row, key),
        "list": f"csl-{key}",
        "program": row.get("programs", "").strip()[:1000] or None,
        "listed": _date(row.get("start_date", "")),
        "delisted": _date(row.get("end_date", "")),
        "reason": reason or None,
        "citations": [{"source": f"csl-{key}-source", "locator": notice or None}],
    }


def _row_items(location: str, row: dict[str, str], seen: set[str]) -> Iterator[Item]:
    if not row.get("source", "").strip():
        yield Item(location, row, error="missing required field 'source' (the list)")
        return
    key = list_key(row["source"])
    if key not in seen:
        seen.add(key)
        lst, source = _list_records(row, key)
        yield _keep_row(item(location, source, "source"), row)
        yield _keep_row(item(location, lst, "list"), row)
    yield _keep_row(item(location, _entity(row, key), "entity"), row)
    yield _keep_row(item(location, _listing(row, key), "listing"), row)


def _keep_row(parsed: Item, row: dict[str, str]) -> Item:
    """The rejects file shows the CSV row as given, not the record derived from it."""
    return Item(parsed.location, row, record=parsed.record, error=parsed.error)


def _check_header(header: list[str]) -> str | None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return f"not a Consolidated Screening List header: no column {missing[0]!r}"
    return None


def parse_csl(source: Input) -> Iterator[Item]:
    seen: set[str] = set()
    for entry in csv_table(source, _check_header, fold_header=True):
        if isinstance(entry, Item):
            yield entry
        else:
            line, row = entry
            yield from _row_items(f"{source.label}:{line}", row, seen)
