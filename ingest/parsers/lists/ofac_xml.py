"""``ofac-xml``: OFAC's ``sdnList`` XML (``sdn.xml``), one ``sdnEntry`` per party.

The entry's ``uid`` is the publisher's reference (``ofac-sdn:10689``); every ``program``
is a list; ``Publish_Date`` (``MM/DD/YYYY``) dates the version.
"""

from __future__ import annotations

from collections.abc import Iterator

from entanglements.ingest.inputs import Input, sha256
from entanglements.ingest.parsers.base import Item
from entanglements.ingest.parsers.lists.dates import one_date
from entanglements.ingest.parsers.lists.entries import Entry, Mapper
from entanglements.ingest.parsers.lists.ofac import KINDS, SDN_URL, add_typed, publication
from entanglements.ingest.parsers.lists.text import join
from entanglements.ingest.parsers.lists.xmlstream import (
    Element,
    elements,
    location,
    text_of,
    texts_of,
)

_ELEMENTS = frozenset({"sdnEntry", "publshInformation"})


def _name(element: Element) -> str:
    return join(text_of(element, "firstName"), text_of(element, "lastName"))


def _countries(element: Element, entry: Entry) -> None:
    names = texts_of(element, "nationalityList/nationality/country")
    names += texts_of(element, "citizenshipList/citizenship/country")
    names += texts_of(element, "addressList/address/country")
    names += texts_of(element, "vesselInfo/vesselFlag")
    for name in names:
        entry.add_country(name)


def _address(node: Element) -> str:
    parts = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
    return ", ".join(p for p in [*(text_of(node, x) for x in parts), text_of(node, "country")] if p)


def _entry(source: Input, element: Element) -> Entry:
    kind = text_of(element, "sdnType").lower()
    entry = Entry(
        ref=text_of(element, "uid"),
        kind=KINDS.get(kind, "LegalEntity"),
        name=_name(element),
        location=location(source, element),
        raw={"uid": text_of(element, "uid"), "name": _name(element)},
        programmes=texts_of(element, "programList/program"),
        reason=text_of(element, "remarks") or None,
        description=text_of(element, "title") or None,
    )
    for aka in element.iterfind("akaList/aka"):
        weak = text_of(aka, "category").lower() == "weak"
        (entry.weak_aliases if weak else entry.aliases).append(_name(aka))
    for doc in element.iterfind("idList/id"):
        add_typed(entry, text_of(doc, "idType"), text_of(doc, "idNumber"))
    call_sign = text_of(element, "vesselInfo/callSign")
    if call_sign:
        entry.add_identifier("Call Sign", call_sign)
    for text in texts_of(element, "dateOfBirthList/dateOfBirthItem/dateOfBirth"):
        entry.add_birth_dates(text)
    entry.birth_places = texts_of(element, "placeOfBirthList/placeOfBirthItem/placeOfBirth")
    entry.addresses = [a for a in map(_address, element.iterfind("addressList/address")) if a]
    _countries(element, entry)
    return entry


def parse_ofac_xml(source: Input) -> Iterator[Item]:
    mapper: Mapper | None = None
    root_seen = False
    for element in elements(source, _ELEMENTS, "ofac-sdn"):
        if isinstance(element, Item):
            yield element
            if element.error:
                return
            continue
        if not root_seen:
            root_seen = True
            if element.tag.rsplit("}", 1)[-1] != "sdnList":
                yield Item(location(source, element), None, error="not an OFAC sdnList")
                return
            continue
        if mapper is None:
            published = None
            if element.tag == "publshInformation":
                published = one_date(text_of(element, "Publish_Date"), "mdy")
            pub = publication("sdn", SDN_URL, published, sha256(source.path))
            mapper = Mapper(pub, source.label)
            yield from mapper.start()
        if element.tag == "sdnEntry":
            if not text_of(element, "uid"):
                yield Item(location(source, element), None, skipped="ofac-sdn: entry without uid")
                continue
            yield from mapper.items(_entry(source, element))
