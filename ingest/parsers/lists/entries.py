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
from entanglements.ingest.parsers.base import Item, item
from entanglements.ingest.parsers.lists.text import reference, slug


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


def gender(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    if value in ("m", "male", "man"):
        return "male"
    if value in ("f", "female", "woman"):
        return "female"
    return "other" if value in ("other", "x") else None


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
        pub = self.pub
        for reason in entry.skipped:
            yield Item(entry.location, entry.raw, skipped=f"{pub.list_prefix}: {reason}")
        if not entry.name.strip():
            yield Item(entry.location, entry.raw, skipped=f"{pub.list_prefix}: entry without name")
            return
        entity_id = self.entity_id(entry.ref)
        citation = {
            "source": pub.source_id,
            "locator": (entry.locator or f"{pub.ref_scheme}:{entry.ref}")[:500],
            "quote": entry.name,
        }
        entity = {
            "id": entity_id,
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
            "identifiers": [f"{pub.ref_scheme}:{entry.ref}", *entry.identifiers],
            "addresses": entry.addresses,
            "description": entry.description,
            "citations": [citation],
        }
        yield _raw(item(entry.location, entity, "entity"), entry.raw)
        for programme in dict.fromkeys(entry.programmes or [None]):  # type: ignore[list-item]
            yield from self._listing(entry, entity_id, programme, citation)

    def _listing(
        self, entry: Entry, entity_id: str, programme: str | None, citation: dict[str, Any]
    ) -> Iterator[Item]:
        list_id = self.pub.list_id(programme)
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
            yield _raw(item(entry.location, lst, "list"), entry.raw)
        listing = {
            "id": f"{entity_id}/{list_id}",
            "entity": entity_id,
            "list": list_id,
            "program": programme,
            "listed": str(entry.listed) if entry.listed else None,
            "delisted": str(entry.delisted) if entry.delisted else None,
            "reason": entry.reason,
            "citations": [citation],
        }
        yield _raw(item(entry.location, listing, "listing"), entry.raw)


def _raw(parsed: Item, raw: Any) -> Item:
    """Rejects files show the publisher's entry as read, not the record made of it."""
    parsed.raw = raw
    return parsed
