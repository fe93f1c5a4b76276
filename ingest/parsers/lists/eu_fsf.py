"""``eu-fsf``: the EU Financial Sanctions Files XML (FSF 1.1, ``export`` of
``sanctionEntity``). Facts are attributes; ``euReferenceNumber`` (``EU.2026.82``) is the
publisher's reference, each regulation's ``programme`` (TAQA, PRK, ...) a list.
"""

from __future__ import annotations

from collections.abc import Iterator

from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.countries import resolve_country
from entanglements.ingest.parsers.lists.dates import one_date
from entanglements.ingest.parsers.lists.entries import Entry, Mapper, Publication
from entanglements.ingest.parsers.lists.text import join
from entanglements.ingest.parsers.lists.xmlstream import (
    Element,
    location,
    parse_entries,
    texts_of,
)

URL = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
_KINDS = {"person": "Person", "enterprise": "Organization"}
_ELEMENTS = frozenset({"sanctionEntity"})


def _attr(element: Element, name: str) -> str:
    value = element.get(name) or ""
    return " ".join(value.split()) if value.strip() not in ("-", "00") else ""


def _publication(source: Input, root: Element, fallback: str | None) -> Publication:
    generated = one_date(_attr(root, "generationDate")[:10] or fallback or "")
    return Publication(
        entity_scheme="eu-fsf",
        ref_scheme="eu-fsf",
        list_prefix="eu-fsf",
        list_name="EU Financial Sanctions Files",
        authority="European Commission (FSF)",
        country="eu",
        url=URL,
        published=generated,
        digest=sha256(source.path),
    )


def _country(entry: Entry, element: Element) -> None:
    """The ISO code, else the description; an ISO code that is none is counted even when
    the description gives the country."""
    iso, described = _attr(element, "countryIso2Code"), _attr(element, "countryDescription")
    code, reason = resolve_country(iso)
    if code:
        entry.countries.append(code)
        return
    if reason:
        entry.skipped.append(reason)
    entry.add_country(described)


def _names(element: Element, entry: Entry) -> None:
    for alias in element.iterfind("nameAlias"):
        name = _attr(alias, "wholeName") or join(
            *(_attr(alias, a) for a in ("firstName", "middleName", "lastName"))
        )
        if not name:
            continue
        if not entry.name:
            entry.name = name
        elif alias.get("strong", "true") == "false":
            entry.weak_aliases.append(name)
        else:
            entry.aliases.append(name)
        entry.set_gender(alias.get("gender"))
        entry.description = entry.description or _attr(alias, "function") or None


def _birth(element: Element, entry: Entry) -> None:
    for node in element.iterfind("birthdate"):
        text = _attr(node, "birthdate") or "-".join(
            f"{int(v):02d}" if i else v
            for i, v in enumerate(_attr(node, a) for a in ("year", "monthOfYear", "dayOfMonth"))
            if v.isdigit()
        )
        found = one_date(text) if text else None
        if found:
            entry.birth_dates.append(found)
        elif text:
            entry.skipped.append("birth date not understood")
        parts = ("city", "place", "region", "countryDescription")
        place = ", ".join(p for p in (_attr(node, a) for a in parts) if p and p != "UNKNOWN")
        entry.birth_places.extend([place] if place else [])


def _entry(source: Input, element: Element) -> Entry:
    ref = _attr(element, "euReferenceNumber") or f"logicalId.{_attr(element, 'logicalId')}"
    subject = element.find("subjectType")
    kind = _KINDS.get(_attr(subject, "code") if subject is not None else "", "LegalEntity")
    programmes = [_attr(r, "programme") for r in element.iterfind("regulation")]
    details = _attr(element, "designationDetails")
    entry = Entry(
        ref=ref,
        kind=kind,
        name="",
        location=location(source, element),
        raw={"euReferenceNumber": ref},
        programmes=[p for p in programmes if p],
        listed=one_date(_attr(element, "designationDate")),
        reason="; ".join([details, *texts_of(element, ".//remark")]).strip("; ") or None,
    )
    if _attr(element, "designationDate") and entry.listed is None:
        entry.skipped.append("listing date not understood")
    _names(element, entry)
    entry.raw["name"] = entry.name
    _birth(element, entry)
    for node in element.iterfind("citizenship"):
        _country(entry, node)
    for node in element.iterfind("address"):
        _country(entry, node)
        parts = ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
        address = ", ".join(p for p in (_attr(node, a) for a in parts) if p)
        entry.addresses.extend([address] if address else [])
    for node in element.iterfind("identification"):
        kind_text = _attr(node, "identificationTypeDescription") or _attr(
            node, "identificationTypeCode"
        )
        entry.add_identifier(kind_text, _attr(node, "number"))
    return entry


def parse_eu_fsf(source: Input) -> Iterator[Item]:
    return parse_entries(
        source,
        _ELEMENTS,
        "export",
        "eu-fsf",
        lambda root: Mapper(_publication(source, root, source.version_date), source.label),
        lambda element: _entry(source, element),
    )
