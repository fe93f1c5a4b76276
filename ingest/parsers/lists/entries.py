"""One listed party as a publisher states it (``Entry``), and its mapping to records.

Ids are derived from the publisher's own reference, so the next version of a list updates
the same entity and listing:

- entity ``<scheme>:<reference>`` (``un-sc:QDi.237``, ``ofac:10689``), which also carries
  the reference as an identifier (``ofac-sdn:10689``: OFAC numbers its SDN and non-SDN
  entries from one sequence, so one party on both lists is one entity);
- one list per publisher and programme, ``<list prefix>-<programme>`` (``ofac-sdn-sdgt``);
- listing ``<entity id>/<list id>``: the first listing period. A relisting found by
  ``entangle ingest --snapshot`` gets ``/<version date>`` appended (ingest/snapshot.py);
- one source per file version, ``<list prefix>-<publication date>`` (else a digest of
  the file), cited by the entity and its listings with the entry's reference as locator
  and the listed name as quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from entanglements.core.dates import PartialDate
from entanglements.core.models import MAX_NAME, EntityRecord, ListingRecord
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.lists.countries import resolve_country
from entanglements.ingest.parsers.lists.dates import Order, loose_dates
from entanglements.ingest.parsers.lists.identifiers import identifier_or_reason
from entanglements.ingest.parsers.lists.repair import repaired, scrubbed
from entanglements.ingest.parsers.lists.text import reference, slug

#: A programme longer than this is no programme name (the entry goes on the base list).
MAX_PROGRAMME = 200


@dataclass(frozen=True, slots=True)
class Publication:
    """What a file is: who publishes it, under which ids its entries go, and its version."""

    entity_scheme: str  # entity ids: ``ofac:10689``
    ref_scheme: str  # the reference identifier: ``ofac-sdn:10689``
    list_prefix: str  # list ids: ``ofac-sdn-sdgt``
    list_name: str  # ``OFAC Specially Designated Nationals``
    authority: str
    country: str | None
    url: str
    published: PartialDate | None
    digest: str

    @property
    def source_id(self) -> str:
        return f"{self.list_prefix}-{self.published or self.digest[:12]}"

    def list_id(self, programme: str | None) -> str:
        return f"{self.list_prefix}-{slug(programme)}" if programme else self.list_prefix


@dataclass(frozen=True, slots=True)
class ListVersion:
    """A file as one version of its publisher's lists (for ``--snapshot``)."""

    list_prefix: str
    source_id: str
    published: PartialDate | None
    label: str


@dataclass(slots=True)
class Entry:
    """One listed party, as extracted by a parser (values as text, cleaned)."""

    ref: str
    kind: str
    name: str
    location: str
    raw: Any
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    gender: str | None = None
    countries: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    description: str | None = None
    programmes: list[str] = field(default_factory=list)
    listed: PartialDate | None = None
    delisted: PartialDate | None = None
    reason: str | None = None
    locator: str | None = None  # defaults to the reference
    #: Values left out, each with why (counted in the summary's ``skipped``).
    skipped: list[str] = field(default_factory=list)

    def add_country(self, text: str) -> None:
        """A country as written: its current code, or the reason it is left out."""
        code, reason = resolve_country(text)
        if code:
            self.countries.append(code)
        elif reason:
            self.skipped.append(reason)

    def set_gender(self, text: str | None) -> None:
        """The first gender read wins; one no rule knows is left out and counted."""
        if not text or not text.strip():
            return
        found = gender(text)
        if found is None:
            self.skipped.append("gender not understood")
        elif self.gender is None:
            self.gender = found

    def add_identifier(self, kind: str, value: str) -> None:
        found, reason = identifier_or_reason(kind, value)
        if found:
            self.identifiers.append(found)
        elif reason:
            self.skipped.append(reason)

    def add_birth_dates(self, text: str, order: Order = "dmy") -> None:
        found = loose_dates(text[:200], order)
        self.birth_dates.extend(found)
        if text.strip() and not found:
            self.skipped.append("birth date not understood")


_GENDERS = {"m": "male", "male": "male", "man": "male", "f": "female", "female": "female"}
_GENDERS |= {"woman": "female", "other": "other", "x": "other"}


def gender(text: str | None) -> str | None:
    return _GENDERS.get((text or "").strip().lower())


class Mapper:
    """Turns entries into records; the source and each list are emitted once per file."""

    def __init__(self, publication: Publication, label: str) -> None:
        self.pub = publication
        self.label = label
        self.lists: set[str] = set()

    def start(self) -> Iterator[Item]:
        """The version marker and the file's source record."""
        pub = self.pub
        version = ListVersion(pub.list_prefix, pub.source_id, pub.published, self.label)
        yield Item(f"{self.label}:1", None, version=version)
        title = pub.list_name + (f", {pub.published}" if pub.published else "")
        source = {
            "id": pub.source_id,
            "title": title,
            "url": pub.url,
            "publisher": pub.authority,
            "published": str(pub.published) if pub.published else None,
            "kind": "sanctions_list",
        }
        yield item(f"{self.label}:1", source, "source")

    def entity_id(self, ref: str) -> str:
        return f"{self.pub.entity_scheme}:{reference(ref)}"

    def items(self, entry: Entry) -> Iterator[Item]:
        """The entity, its lists and listings; every value that cannot become a valid
        field is left out and counted, so only an entry without a name is skipped."""
        pub = self.pub
        entity = self._entity(entry)
        programmes = dict.fromkeys(_programmes(entry)) if entity is not None else {}
        for reason in entry.skipped:
            yield Item(entry.location, entry.raw, skipped=f"{pub.list_prefix}: {reason}")
        if entity is None:
            return
        yield Item(entry.location, entry.raw, record=entity)
        citation = entity.citations[0].model_dump()
        for programme in programmes:
            yield from self._listing(entry, entity.id, programme, citation)

    def _entity(self, entry: Entry) -> EntityRecord | None:
        """The entry's entity record with every invalid value left out (and counted)."""
        _usable_name(entry)
        if not entry.name or not reference(entry.ref):
            why = "entry without name" if not entry.name else "entry without reference"
            entry.skipped.append(why)
            return None
        if reference(entry.ref) != entry.ref.strip():
            entry.skipped.append("reference made safe for an id")
        pub = self.pub
        citation = {
            "source": pub.source_id,
            "locator": (entry.locator or f"{pub.ref_scheme}:{reference(entry.ref)}")[:500],
            "quote": entry.name,
        }
        entity = {
            "id": self.entity_id(entry.ref),
            "kind": entry.kind,
            "name": entry.name,
            "aliases": entry.aliases,
            "weak_aliases": [
                a for a in entry.weak_aliases if a not in entry.aliases and a != entry.name
            ],
            "birth_dates": list(dict.fromkeys(str(d) for d in entry.birth_dates)),
            "birth_places": entry.birth_places,
            "gender": entry.gender,
            "countries": entry.countries,
            "identifiers": [f"{pub.ref_scheme}:{reference(entry.ref)}", *entry.identifiers],
            "addresses": entry.addresses,
            "description": entry.description,
            "citations": [citation],
        }
        found = repaired(EntityRecord, scrubbed(entity, entry.skipped), entry.skipped)
        if not isinstance(found, EntityRecord):
            entry.skipped.append("entry without a valid name")  # blanks, once scrubbed
            return None
        return found

    def _listing(
        self, entry: Entry, entity_id: str, programme: str | None, citation: dict[str, Any]
    ) -> Iterator[Item]:
        list_id = self.pub.list_id(programme)
        skipped: list[str] = []
        if list_id not in self.lists:
            self.lists.add(list_id)
            name = f"{self.pub.list_name}: {programme}" if programme else self.pub.list_name
            lst = {
                "id": list_id,
                "name": name,
                "authority": self.pub.authority,
                "country": self.pub.country,
                "url": self.pub.url,
            }
            yield _raw(item(entry.location, scrubbed(lst, []), "list"), entry.raw)
        listing = {
            "id": f"{entity_id}/{list_id}",
            "entity": entity_id,
            "list": list_id,
            "program": programme,
            "listed": str(entry.listed) if entry.listed else None,
            "delisted": str(entry.delisted) if entry.delisted else None,
            "reason": entry.reason,
            "publication": self.pub.list_prefix,
            "citations": [citation],
        }
        found = repaired(ListingRecord, scrubbed(listing, skipped), skipped)
        for reason in skipped:
            yield Item(entry.location, entry.raw, skipped=f"{self.pub.list_prefix}: {reason}")
        if not isinstance(found, ListingRecord):  # every required field is derived, not read
            yield _raw(item(entry.location, listing, "listing"), entry.raw)
        else:
            yield Item(entry.location, entry.raw, record=found)


def _usable_name(entry: Entry) -> None:
    """A name too long to be one is left out (counted); the first usable alias takes its
    place, else the entry has no name."""
    entry.name = entry.name.strip()
    if len(entry.name) <= MAX_NAME:
        return
    entry.skipped.append(f"name longer than {MAX_NAME} characters")
    usable = [a for a in entry.aliases if a.strip() and len(a.strip()) <= MAX_NAME]
    entry.name = usable[0].strip() if usable else ""
    entry.aliases = [a for a in entry.aliases if a.strip() != entry.name]


def _programmes(entry: Entry) -> list[str | None]:
    """The entry's programmes; one too long to be a name is left out (counted) and, when
    none is left, the entry goes on the publisher's base list."""
    usable = [p for p in entry.programmes if len(p) <= MAX_PROGRAMME]
    if len(usable) < len(entry.programmes):
        entry.skipped.append("programme not understood")
    return list(usable) or [None]


def _raw(parsed: Item, raw: Any) -> Item:
    """Rejects files show the publisher's entry as read, not the record made of it."""
    parsed.raw = raw
    return parsed
