"""``un-sc``: the UN Security Council Consolidated List XML (``CONSOLIDATED_LIST``).

One ``INDIVIDUAL`` or ``ENTITY`` per listed party; ``REFERENCE_NUMBER`` (``QDi.237``) is
the publisher's reference, ``UN_LIST_TYPE`` (Al-Qaida, Taliban, DPRK, ...) the programme.
"""

from __future__ import annotations

from collections.abc import Iterator

from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.dates import loose_dates, one_date, year_range
from entanglements.ingest.parsers.lists.entries import Entry, Mapper, Publication
from entanglements.ingest.parsers.lists.text import join
from entanglements.ingest.parsers.lists.xmlstream import (
    Element,
    location,
    parse_entries,
    text_of,
    texts_of,
)

URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_ENTRIES = frozenset({"INDIVIDUAL", "ENTITY"})


def _children(element: Element, suffix: str) -> list[Element]:
    """``INDIVIDUAL_ALIAS`` or ``ENTITY_ALIAS``: the children whose tag ends so."""
    return [c for c in element if isinstance(c.tag, str) and c.tag.endswith(suffix)]


def _publication(source: Input, root: Element) -> Publication:
    generated = one_date((root.get("dateGenerated") or "")[:10])
    return Publication(
        entity_scheme="un-sc",
        ref_scheme="un-sc",
        list_prefix="un-sc",
        list_name="UN Security Council Consolidated List",
        authority="United Nations Security Council",
        country=None,
        url=URL,
        published=generated,
        digest=sha256(source.path),
    )


def _birth_dates(element: Element, entry: Entry) -> None:
    for node in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = text_of(node, "TYPE_OF_DATE").upper()
        if kind == "BETWEEN":
            lo, hi = one_date(text_of(node, "FROM_YEAR")), one_date(text_of(node, "TO_YEAR"))
            found = year_range(lo, hi) if lo and hi and lo.lo <= hi.hi else []
        else:  # EXACT, APPROXIMATELY, or none: a DATE or a YEAR
            found = loose_dates(text_of(node, "DATE") or text_of(node, "YEAR"))
        if found:
            entry.birth_dates.extend(found)
        elif len(node):
            entry.skipped.append("birth date not understood")


def _place(node: Element) -> str:
    parts = [text_of(node, p) for p in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
    return ", ".join(p for p in [*parts, text_of(node, "COUNTRY")] if p)


def _countries(element: Element, entry: Entry) -> None:
    names = texts_of(element, "NATIONALITY/VALUE")
    names += [text_of(a, "COUNTRY") for a in _children(element, "_ADDRESS")]
    for name in names:
        entry.add_country(name)


def _aliases(element: Element, entry: Entry) -> None:
    for alias in _children(element, "_ALIAS"):
        name = text_of(alias, "ALIAS_NAME")
        if not name:
            continue
        weak = text_of(alias, "QUALITY").lower() in ("low", "weak")
        (entry.weak_aliases if weak else entry.aliases).append(name)
    script = text_of(element, "NAME_ORIGINAL_SCRIPT")
    if script:
        entry.aliases.append(script)


def _documents(element: Element, entry: Entry) -> None:
    for doc in element.iterfind("INDIVIDUAL_DOCUMENT"):
        kind = text_of(doc, "TYPE_OF_DOCUMENT") or text_of(doc, "TYPE_OF_DOCUMENT2")
        entry.add_identifier(kind, text_of(doc, "NUMBER"))


def _entry(source: Input, element: Element) -> Entry:
    individual = element.tag == "INDIVIDUAL"
    name = join(*(text_of(element, p) for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")))
    name = join(name, text_of(element, "FOURTH_NAME"))
    ref = text_of(element, "REFERENCE_NUMBER") or f"DATAID.{text_of(element, 'DATAID')}"
    listed = one_date(text_of(element, "LISTED_ON"))
    entry = Entry(
        ref=ref,
        kind="Person" if individual else "Organization",
        name=name,
        location=location(source, element),
        raw={"reference": ref, "name": name},
        programmes=[p for p in [text_of(element, "UN_LIST_TYPE")] if p],
        listed=listed,
        reason=text_of(element, "COMMENTS1") or None,
        description="; ".join(texts_of(element, "DESIGNATION/VALUE")) or None,
    )
    entry.set_gender(text_of(element, "GENDER"))
    if text_of(element, "LISTED_ON") and listed is None:
        entry.skipped.append("listing date not understood")
    _aliases(element, entry)
    _countries(element, entry)
    _birth_dates(element, entry)
    _documents(element, entry)
    entry.birth_places = [p for p in map(_place, _children(element, "_PLACE_OF_BIRTH")) if p]
    entry.addresses = [a for a in map(_place, _children(element, "_ADDRESS")) if a]
    return entry


def parse_un_sc(source: Input) -> Iterator[Item]:
    return parse_entries(
        source,
        _ENTRIES,
        "CONSOLIDATED_LIST",
        "un-sc",
        lambda root: Mapper(_publication(source, root), source.label),
        lambda element: _entry(source, element),
    )
