"""FollowTheMoney JSON lines (OpenSanctions and Aleph exports), read through the
``followthemoney`` package's schema model.

- Thing schemata (Person, Company, Vessel, ...) become entities: kind = schema name, every
  name-typed value kept (the caption as name, the rest as aliases, ``weakAlias`` apart),
  birth dates and places, gender, country-typed values (nationality, citizenship,
  jurisdiction, ...) as countries, identifier-typed values as ``scheme:value``, addresses.
- Edge schemata (Ownership, Family, Payment, ...) become relationships with their dates,
  role and share (``percentage`` text read as an exact share or a range); an edge schema
  with no counterpart in the vocabulary becomes
  ``unknown_link`` with the schema's label as its role.
- ``Sanction`` becomes a listing on one list per authority + program.
- ``sourceUrl``, ``publisher`` and the record's ``datasets`` (the file name when it names
  none) become sources, cited by everything the record produces.
- Other schemata (Identification, Address links, ...) are counted as skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any, Protocol

from followthemoney import model
from followthemoney.schema import Schema

from entanglements.core.dates import PartialDate
from entanglements.core.export.ftm import EXTENSION
from entanglements.core.messages import clip
from entanglements.core.models import MAX_TEXT
from entanglements.core.ownership.shares import ShareError, parse_percentage
from entanglements.core.vocab import FTM_EDGES, RelType, entity_kinds
from entanglements.ingest.inputs import Input
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.json_lines import json_lines

_ROLE_PROPS = ("role", "relationship", "ownershipType", "controlType")
_COUNTRY = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,8})*$")


def _slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]  # noqa: S324 - an id, not security


class _Entity:
    """One FtM line: its schema and the string values of the properties the schema has."""

    def __init__(self, data: dict[str, Any], schema: Schema) -> None:
        self.id = data.get("id")
        self.schema = schema
        self.caption = data.get("caption") if isinstance(data.get("caption"), str) else None
        props = data.get("properties") or {}
        if not isinstance(props, dict):
            raise ValueError("'properties' must be an object of lists")
        self.props: dict[str, list[str]] = {}
        for name, values in props.items():
            prop = schema.get(name)
            if prop is None:
                continue  # not in the schema (exports carry stray keys): ignored
            values = values if isinstance(values, list) else [values]
            self.props[prop.name] = [str(v).strip() for v in values if str(v).strip()]
        datasets = data.get("datasets")
        self.datasets = (
            [d for d in datasets if isinstance(d, str)] if isinstance(datasets, list) else []
        )

    def values(self, *names: str | None) -> list[str]:
        return [v for n in names if n for v in self.props.get(n, [])]

    def first(self, *names: str) -> str | None:
        found = self.values(*names)
        return found[0] if found else None

    def typed(self, type_name: str) -> list[tuple[str, str]]:
        return [
            (name, v)
            for name, values in self.props.items()
            if self.schema.properties[name].type.name == type_name
            for v in values
        ]


def _date(values: list[str], latest: bool = False) -> str | None:
    dates = sorted(v[:10] if "T" in v else v for v in values)
    return (dates[-1] if latest else dates[0]) if dates else None


class Provenance(Protocol):
    """Where the records one FtM entity produces get their evidence from."""

    def records(self, entity: _Entity) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The new source records, and the citations for everything ``entity`` produces."""
        ...


class _Provenance:
    """Sources named by FtM records, each emitted once per file, and the citations to them."""

    def __init__(self, default_dataset: str) -> None:
        self.default_dataset = default_dataset
        self.emitted: set[str] = set()

    def records(self, entity: _Entity) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The new source records and the citations for one FtM entity."""
        sources: list[dict[str, Any]] = []
        publisher = entity.first("publisher")
        for url in entity.values("sourceUrl"):
            title = f"{publisher}: {url}" if publisher else url
            sources.append(
                {
                    "id": f"ftm-url-{_digest(url)}",
                    "title": title[:1000],
                    "url": url,
                    "publisher": publisher,
                    "kind": "website",
                }
            )
        if publisher and not entity.values("sourceUrl"):
            sources.append(
                {
                    "id": f"ftm-publisher-{_slug(publisher)}",
                    "title": publisher[:1000],
                    "publisher": publisher,
                    "url": entity.first("publisherUrl"),
                    "kind": "other",
                }
            )
        for dataset in entity.datasets or [self.default_dataset]:
            sources.append(
                {"id": f"ftm-dataset-{_slug(dataset)}", "title": dataset, "kind": "dataset"}
            )
        locator = f"FtM entity {entity.id}"[:500]
        citations = [{"source": s["id"], "locator": locator} for s in sources]
        new = [s for s in sources if s["id"] not in self.emitted]
        self.emitted.update(s["id"] for s in new)
        return new, citations


def _birth_dates(entity: _Entity) -> tuple[list[str], list[str]]:
    """(valid partial dates, values that are not one); FtM dates may carry a time."""
    valid, other = [], []
    for value in entity.values("birthDate"):
        text = value[:10] if "T" in value else value
        try:
            valid.append(str(PartialDate.parse(text)))
        except ValueError:
            other.append(value)
    return valid, other


def _entity_record(entity: _Entity, citations: list[dict[str, Any]]) -> dict[str, Any]:
    names = [v for p, v in entity.typed("name") if p != "weakAlias"]
    caption_props = [v for p in entity.schema.caption for v in entity.values(p)]
    name = entity.caption or (caption_props[0] if caption_props else None)
    name = name or (names[0] if names else str(entity.id))
    birth_dates, unparsed = _birth_dates(entity)
    # Nothing is dropped: a birth date that is no date stays readable in the description.
    notes = "\n".join(
        [*entity.values("description", "summary", "notes")]
        + [f"date of birth as given: {v}" for v in unparsed]
    )
    gender = entity.first("gender")
    return {
        "id": entity.id,
        "kind": entity.schema.name,
        "name": name,
        "aliases": [n for n in names if n != name],
        "weak_aliases": entity.values("weakAlias"),
        "countries": [c.lower() for _, c in entity.typed("country") if _COUNTRY.match(c.lower())],
        "birth_dates": birth_dates,
        "birth_places": entity.values("birthPlace"),
        "gender": gender if gender in ("male", "female", "other") else None,
        "identifiers": [f"{p}:{v}"[:300] for p, v in entity.typed("identifier")],
        "addresses": entity.values("address"),
        "tags": entity.values("topics"),
        "description": notes[:MAX_TEXT] or None,
        "citations": citations,
    }


def _share(entity: _Entity) -> dict[str, Any]:
    """``percentage`` ("60", "25-50%", "over 50%") as ``share`` or ``share_min``/``share_max``;
    raises ``ShareError`` for an impossible figure (the line is then refused)."""
    text = entity.first("percentage")
    try:
        stated = parse_percentage(text)
    except ShareError as exc:
        raise ValueError(f"percentage {clip(text)}: {exc}") from None
    if stated is None:
        return {}
    if stated.exact:
        return {"share": stated.lo}
    return {"share_min": stated.lo, "share_max": stated.hi}


def _unread_percentage(entity: _Entity) -> str | None:
    """Percentage text no range could be read from ("majority"): kept in the description."""
    text = entity.first("percentage")
    try:
        unread = text is not None and parse_percentage(text) is None
    except ShareError:
        return None  # refused by ``_share``
    return f"percentage: {text}" if unread else None


def _edge_records(entity: _Entity, citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    schema = entity.schema
    rel_type = FTM_EDGES.get(schema.name, RelType.UNKNOWN_LINK)
    sources, targets = entity.values(schema.edge_source), entity.values(schema.edge_target)
    role = entity.first(*_ROLE_PROPS)
    if role is None and rel_type is RelType.UNKNOWN_LINK and schema.name != "UnknownLink":
        role = schema.label
    amount = entity.first("amountEur", "amountUsd", "amount")
    notes = [*entity.values("summary", "description", "purpose"), _unread_percentage(entity)]
    description = "\n".join(n for n in notes if n)
    if amount:
        description = f"amount {amount} {'EUR' if entity.values('amountEur') else ''}".strip() + (
            f"\n{description}" if description else ""
        )
    pairs = [(s, t) for s in sources for t in targets]
    base = {
        "type": rel_type.value,
        "role": role,
        "start": _date(entity.values("startDate", "date")),
        "end": _date(entity.values("endDate"), latest=True),
        **_share(entity),
        "description": description[:MAX_TEXT] or None,
        "citations": citations,
    }
    return [
        {**base, "id": entity.id if len(pairs) == 1 else f"{entity.id}-{i}", "from": s, "to": t}
        for i, (s, t) in enumerate(pairs, 1)
    ]


def _sanction_records(entity: _Entity, citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    listed = entity.values("entity")
    authority = entity.first("authority") or entity.first("publisher") or "unknown authority"
    program = entity.first("program")
    list_id = f"ftm-list-{_slug(authority)}" + (f"-{_slug(program)}" if program else "")
    countries = [c for c in entity.values("country") if _COUNTRY.match(c.lower())]
    lst = {
        "record": "list",
        "id": list_id,
        "name": f"{authority}: {program}"[:1000] if program else authority[:1000],
        "authority": authority[:1000],
        "country": countries[0].lower() if countries else None,
        "url": entity.first("programUrl"),
    }
    listings = [
        {
            "record": "listing",
            "id": entity.id if len(listed) == 1 else f"{entity.id}-{i}",
            "entity": target,
            "list": list_id,
            "program": program[:1000] if program else None,
            "listed": _date(entity.values("listingDate", "startDate", "date")),
            "delisted": _date(entity.values("endDate"), latest=True),
            "reason": "\n".join(entity.values("reason", "provisions", "summary"))[:MAX_TEXT]
            or None,
            "citations": citations,
        }
        for i, target in enumerate(listed, 1)
    ]
    return [lst, *listings]


def _records(
    entity: _Entity, prov: Provenance, lists: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(record type, data) pairs for one FtM line; raises ValueError when it cannot map."""
    new_sources, citations = prov.records(entity)
    out: list[tuple[str, dict[str, Any]]] = [("source", s) for s in new_sources]
    if entity.schema.is_a("Sanction"):
        for data in _sanction_records(entity, citations):
            kind = data.pop("record")
            if kind == "list" and data["id"] in lists:
                continue
            lists.add(data["id"]) if kind == "list" else None
            out.append((kind, data))
    elif entity.schema.edge:
        out += [("relationship", r) for r in _edge_records(entity, citations)]
    else:
        out.append(("entity", _entity_record(entity, citations)))
    return out


def _missing_end(entity: _Entity) -> str | None:
    """The name of a missing end of an edge or sanction, if one is missing."""
    schema = entity.schema
    ends: tuple[str | None, ...] = ()
    if schema.is_a("Sanction"):
        ends = ("entity",)
    elif schema.edge:
        ends = (schema.edge_source, schema.edge_target)
    return next((str(end) for end in ends if not entity.values(end)), None)


def _dataset_name(source: Input) -> str:
    name = source.path.name if source.label != "<stdin>" else "stdin"
    for suffix in (".gz", ".json", ".jsonl", ".ndjson", ".ftm", ".entities"):
        name = name.removesuffix(suffix)
    return name or "ftm"


def _exported_items(location: str, data: dict[str, Any], lists: set[str]) -> Iterator[Item]:
    """A line of an ``entangle export`` (core/export/ftm.py): the findings records it
    carries under ``entanglements``, exactly as exported; a list record once per file. A
    line that carries none (a ``Documentation``: a citation, read with its element's
    record) is counted as skipped."""
    records = data[EXTENSION].get("records")
    if not isinstance(records, list):
        yield Item(location, data, error=f"'{EXTENSION}.records' must be a list of records")
        return
    if not records:
        yield Item(location, data, skipped=f"{data.get('schema')} (carried by another line)")
    for record in records:
        if isinstance(record, dict) and record.get("record") == "list":
            if record.get("id") in lists:
                continue
            lists.add(str(record.get("id")))
        parsed = item(location, record)
        yield Item(location, data, record=parsed.record, error=parsed.error)


def line_items(location: str, data: Any, prov: Provenance, lists: set[str]) -> Iterator[Item]:
    """The items of one FtM entity (``data``: its JSON form) at ``location``; ``lists``
    holds the list ids already emitted by this input."""
    if not isinstance(data, dict) or not isinstance(data.get("schema"), str):
        yield Item(location, data, error="not a FollowTheMoney entity: no 'schema'")
        return
    if isinstance(data.get(EXTENSION), dict):
        yield from _exported_items(location, data, lists)
        return
    schema = model.get(data["schema"])
    if schema is None:
        yield Item(location, data, error=f"unknown FollowTheMoney schema {clip(data['schema'])}")
        return
    if not (schema.is_a("Sanction") or schema.edge or schema.name in entity_kinds()):
        yield Item(location, data, skipped=schema.name)
        return
    try:
        entity = _Entity(data, schema)
        missing = _missing_end(entity)
        if missing:  # exports carry half-edges (an Occupancy with no post): nothing to link
            yield Item(location, data, skipped=f"{schema.name} without {missing}")
            return
        records = _records(entity, prov, lists)
    except ValueError as exc:
        yield Item(location, data, error=str(exc))
        return
    for kind, record in records:
        parsed = item(location, record, kind)
        yield Item(location, data, record=parsed.record, error=parsed.error)


def parse_ftm(source: Input) -> Iterator[Item]:
    prov = _Provenance(_dataset_name(source))
    lists: set[str] = set()
    for entry in json_lines(source):
        if isinstance(entry, Item):
            yield entry
        else:
            yield from line_items(*entry, prov, lists)
