"""Graph elements as FollowTheMoney entities (docs/export.md).

- an entity is an entity of its kind's schema (kinds are FtM Thing schemata);
- a relationship is the interval schema of its type (``FTM_EDGES``: Ownership, Directorship,
  Membership, ...) when the ends' kinds fit that schema's ranges, else an ``UnknownLink``
  whose ``role`` names the type (``partnership``, ``partnership: joint lab``);
- a listing is a ``Sanction`` of its entity (authority, program, list id as ``programId``);
- a source is a ``Document``; every element names the documents it cites in ``proof``. An
  entity's citation is also a ``Documentation`` (document → entity) with the quote as
  ``summary`` and the locator as ``description``; FtM's ``Documentation`` links Things only,
  so a relationship's or listing's citations are lines of its own ``summary``:
  ``<source id>, <locator>: “<quote>”``.

A value FtM's type refuses (a country code it does not know, an over-long name) is left
out of the FtM properties; nothing is lost, because every line also carries, under the key
``entanglements``, the findings records it stands for (``records``), which is what an
``entangle ingest`` of the export reads back (an exact round trip). FtM tools ignore the key.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema
from pydantic import BaseModel

from entanglements.core.models import (
    EntityRecord,
    ListingRecord,
    ListRecord,
    RelationshipRecord,
    SourceRecord,
)
from entanglements.core.reads.records import Row
from entanglements.core.stored import Stored, stored_fields
from entanglements.core.vocab import FTM_EDGES, RelType, rel_type_from_neo4j

FtmEntity = dict[str, Any]

#: The key of each exported line that carries its findings records.
EXTENSION = "entanglements"

#: The schema a relationship type is written as (FTM_EDGES read backwards).
_SCHEMA_OF: dict[RelType, str] = {
    **{rel_type: schema for schema, rel_type in FTM_EDGES.items()},
    RelType.BOARD_MEMBERSHIP: "Directorship",
}
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_MAX_ID = 120


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()  # noqa: S324 - an id


def ftm_id(graph_id: str) -> str:
    """The FtM id of a graph id: the same id when FtM accepts it (letters, digits, ``.``
    and ``-``), else ``id-`` and its SHA-1, the same in every export."""
    if len(graph_id) <= _MAX_ID and _FTM_ID.match(graph_id):
        return graph_id
    return "id-" + _digest(graph_id)


def document_id(source_id: str) -> str:
    """Sources get a prefix: their ids share no namespace with entities' in the graph."""
    return "doc-" + ftm_id(source_id)


def findings_record(model_type: type[BaseModel], row: Row, **extra: Any) -> dict[str, Any]:
    """The findings record (docs/ingest.md) of a projected ``row``: derived from the stored
    fields' declaration, so a field added to a record is exported without a change here."""
    record: dict[str, Any] = {"record": model_type.model_fields["record"].default, **extra}
    for f in stored_fields(model_type):
        if f.how is Stored.CITATIONS:
            record[f.key] = citations(row)
            continue
        value = row.get(f.key)
        if value is not None and value != [] and value != "":
            record[f.key] = list(value) if isinstance(value, list | tuple) else value
    return record


def citations(row: Row) -> list[dict[str, str]]:
    """The parallel ``cite_*`` lists as citation objects (empty quote/locator left out)."""
    quotes, locators = row.get("cite_quote") or [], row.get("cite_locator") or []
    out = []
    for i, source in enumerate(row.get("cite_source") or []):
        cite = {"source": source}
        if i < len(quotes) and quotes[i]:
            cite["quote"] = quotes[i]
        if i < len(locators) and locators[i]:
            cite["locator"] = locators[i]
        out.append(cite)
    return out


class _Props:
    """FtM properties of one schema: values its type refuses are left out."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.values: dict[str, list[str]] = {}

    def put(self, name: str, values: Iterable[Any]) -> None:
        prop = self.schema.get(name)
        if prop is None:
            return
        for value in values:
            text = str(value).strip() if value is not None else ""
            if text and prop.type.validate(text) and text not in self.values.get(name, []):
                self.values.setdefault(name, []).append(text)


def _line(
    fid: str, props: _Props, records: list[dict[str, Any]], caption: str | None = None
) -> FtmEntity:
    line: FtmEntity = {"id": fid, "schema": props.schema.name, "properties": props.values}
    if caption:
        line["caption"] = caption
    line[EXTENSION] = {"records": records}
    return line


def _documentation(element: str, cites: list[dict[str, str]]) -> list[FtmEntity]:
    """One ``Documentation`` per citation of an entity: the document supports it (the quote
    and locator, when it has them, as ``summary`` and ``description``). It carries no
    records: an import reads the citations from the entity's line."""
    out = []
    for cite in cites:
        props = _Props(model["Documentation"])
        props.put("document", [document_id(cite["source"])])
        props.put("entity", [element])
        props.put("role", ["citation"])
        props.put("summary", [cite.get("quote")])
        props.put("description", [cite.get("locator")])
        key = _digest(element, cite["source"], cite.get("quote", ""), cite.get("locator", ""))
        out.append(_line("cite-" + key[:32], props, []))
    return out


def _proof(props: _Props, cites: list[dict[str, str]]) -> None:
    props.put("proof", [document_id(c["source"]) for c in cites])


def _cited(props: _Props, cites: list[dict[str, str]]) -> None:
    """An interval's citations: ``proof`` and one ``summary`` line per citation that has
    a quote or a locator."""
    _proof(props, cites)
    lines = []
    for cite in cites:
        where = ", ".join(p for p in (cite["source"], cite.get("locator")) if p)
        if cite.get("quote") or cite.get("locator"):
            lines.append(f"{where}: “{cite['quote']}”" if cite.get("quote") else where)
    props.put("summary", ["\n".join(lines)])


def entity_lines(row: Row) -> list[FtmEntity]:
    """An entity and its citations' ``Documentation``."""
    record = findings_record(EntityRecord, row)
    schema = model.get(record["kind"]) or model["LegalEntity"]
    props = _Props(schema)
    props.put("name", [record["name"]])
    props.put("alias", record.get("aliases", []))
    props.put("weakAlias", record.get("weak_aliases", []))
    props.put("country", record.get("countries", []))
    props.put("birthDate", record.get("birth_dates", []))
    props.put("birthPlace", record.get("birth_places", []))
    props.put("gender", [record.get("gender")])
    props.put("address", record.get("addresses", []))
    props.put("keywords", record.get("tags", []))
    props.put("description", [record.get("description")])
    for identifier in record.get("identifiers", []):
        scheme, _, value = identifier.partition(":")
        prop = schema.get(scheme)
        if value and prop is not None and prop.type.name == "identifier":
            props.put(scheme, [value])
        else:
            props.put("notes", [f"identifier {identifier}"])
    _proof(props, record["citations"])
    fid = ftm_id(record["id"])
    return [_line(fid, props, [record], record["name"]), *_documentation(fid, record["citations"])]


def _edge_schema(rel_type: RelType, from_kind: str | None, to_kind: str | None) -> Schema:
    """The type's interval schema when both ends' kinds are within its ranges."""
    schema = model.get(_SCHEMA_OF.get(rel_type, "UnknownLink")) or model["UnknownLink"]
    for end, kind in ((schema.edge_source, from_kind), (schema.edge_target, to_kind)):
        prop = schema.get(end) if end else None
        own = model.get(kind or "")
        if prop is None or prop.range is None or own is None or not own.is_a(prop.range):
            return model["UnknownLink"]
    return schema


def _share_text(record: dict[str, Any]) -> str | None:
    if record.get("share") is not None:
        return f"{record['share']:g}"
    if record.get("share_min") is not None or record.get("share_max") is not None:
        return f"{record.get('share_min', 0):g}-{record.get('share_max', 100):g}"
    return None


def relationship_lines(row: Row) -> list[FtmEntity]:
    """A relationship as its interval schema (or ``UnknownLink``)."""
    rel_type = rel_type_from_neo4j(row["type"])
    record = findings_record(RelationshipRecord, row, type=rel_type.value)
    schema = _edge_schema(rel_type, row.get("fromKind"), row.get("toKind"))
    props = _Props(schema)
    props.put(str(schema.edge_source), [ftm_id(record["from"])])
    props.put(str(schema.edge_target), [ftm_id(record["to"])])
    role = record.get("role")
    if _SCHEMA_OF.get(rel_type) != schema.name or rel_type is RelType.BOARD_MEMBERSHIP:
        role = f"{rel_type.value}: {role}" if role else rel_type.value
    props.put("relationship" if schema.get("relationship") else "role", [role])
    props.put("startDate", [record.get("start")])
    props.put("endDate", [record.get("end")])
    props.put("percentage", [_share_text(record)])
    props.put("description", [record.get("description")])
    _cited(props, record["citations"])
    return [_line(ftm_id(record["id"]), props, [record])]


def listing_lines(row: Row, list_row: Row) -> list[FtmEntity]:
    """A listing as a ``Sanction`` (its list's record travels with it)."""
    record = findings_record(ListingRecord, row)
    lst = findings_record(ListRecord, list_row)
    props = _Props(model["Sanction"])
    props.put("entity", [ftm_id(record["entity"])])
    props.put("authority", [lst.get("authority")])
    props.put("program", [record.get("program") or lst.get("name")])
    props.put("programId", [lst["id"]])
    props.put("programUrl", [lst.get("url")])
    props.put("country", [lst.get("country")])
    props.put("listingDate", [record.get("listed")])
    props.put("endDate", [record.get("delisted")])
    props.put("reason", [record.get("reason")])
    _cited(props, record["citations"])
    return [_line(ftm_id(record["id"]), props, [lst, record])]


def document_line(row: Row) -> FtmEntity:
    """A source as a ``Document`` (FtM requires ``fileName``: the source's id)."""
    record = findings_record(SourceRecord, row)
    props = _Props(model["Document"])
    props.put("fileName", [record["id"]])
    props.put("title", [record["title"]])
    props.put("sourceUrl", [record.get("url")])
    props.put("publisher", [record.get("publisher")])
    props.put("publishedAt", [record.get("published")])
    props.put("author", record.get("authors", []))
    props.put("keywords", [record.get("kind")])
    return _line(document_id(record["id"]), props, [record], record["title"])
