"""The records of the findings format: what every ingest parser produces.

Native findings (JSON Lines, CSV, YAML), FollowTheMoney and the Consolidated Screening
List all become these models, so one set of rules validates everything that enters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from entanglements.core.dates import PartialDate, PartialDateField
from entanglements.core.messages import clip, describe
from entanglements.core.ownership.shares import check_range
from entanglements.core.stored import Stored
from entanglements.core.vocab import (
    RESERVED_ID_PREFIXES,
    ListPublication,
    RelType,
    SourceKind,
    entity_kinds,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/+\-]*$"
MAX_ID = 200
MAX_NAME = 1_000
MAX_TEXT = 20_000

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID, pattern=ID_PATTERN),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000)]

_COUNTRY = re.compile(r"^[a-z]{2}(-[a-z0-9]{1,8})*$")


@lru_cache(maxsize=4096)  # a few hundred codes recur on every record of a large input
def _country(value: str) -> str:
    code = value.strip().lower()
    if not _COUNTRY.match(code):
        raise ValueError(f"invalid country code {value[:20]!r}: expected ISO 3166 alpha-2, e.g. cn")
    return code


Country = Annotated[str, AfterValidator(_country)]
Gender = Literal["male", "female", "other"]
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


def _unique(values: list[str]) -> list[str]:
    """Drop duplicates and blanks, keep first-seen order."""
    if not values or (len(values) == 1 and values[0]):  # most lists: nothing to drop
        return values
    return list(dict.fromkeys(v for v in values if v))


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Citation(Record):
    """A claim's evidence: a source, and optionally the quote and where in it."""

    source: Id
    quote: Text | None = None
    locator: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class SourceRecord(Record):
    """A document: an article, a press release, a list publication, a register."""

    record: Literal["source"] = "source"
    id: Annotated[Id, Stored.KEY]
    title: Annotated[Name, Stored.VALUE]
    url: Annotated[Url | None, Stored.KEEP] = None
    publisher: Annotated[Name | None, Stored.KEEP] = None
    published: Annotated[PartialDateField | None, Stored.DATE] = None
    kind: Annotated[SourceKind, Stored.KEEP] = SourceKind.OTHER
    authors: Annotated[list[Name], Stored.UNION] = Field(default_factory=list)

    _dedupe = field_validator("authors")(_unique)


class ListRecord(Record):
    """A sanctions or restriction list (US Entity List, UK sanctions list, ...)."""

    record: Literal["list"] = "list"
    id: Annotated[Id, Stored.KEY]
    name: Annotated[Name, Stored.VALUE]
    authority: Annotated[Name, Stored.VALUE]
    country: Annotated[Country | None, Stored.KEEP] = None
    url: Annotated[Url | None, Stored.KEEP] = None


#: Most names (the name, aliases and weak aliases) the ingest keeps of one entity record:
#: screening compares every name of every candidate, so a record with 100,000 aliases would
#: make every query that meets it slow. The rest are dropped and counted as skipped.
MAX_ENTITY_NAMES = 500


class EntityRecord(Record):
    """A person, organisation, company, public body ... (kind = FollowTheMoney schema)."""

    record: Literal["entity"] = "entity"
    id: Annotated[Id, Stored.KEY]
    kind: Annotated[str, Stored.VALUE]
    name: Annotated[Name, Stored.VALUE]
    aliases: Annotated[list[Name], Stored.UNION] = Field(default_factory=list)
    #: Names the publisher itself calls weak or low quality (screening weighs them less).
    weak_aliases: Annotated[list[Name], Stored.UNION] = Field(default_factory=list)
    #: Every associated country: nationality, citizenship, residence, jurisdiction.
    countries: Annotated[list[Country], Stored.UNION] = Field(default_factory=list)
    birth_dates: Annotated[list[PartialDateField], Stored.DATES] = Field(default_factory=list)
    birth_places: Annotated[list[Name], Stored.UNION] = Field(default_factory=list)
    gender: Annotated[Gender | None, Stored.KEEP] = None
    #: ``scheme:value``, e.g. ``passport:A1234567``, ``imo:9187629``, ``ofac-sdn:10689``.
    identifiers: Annotated[list[Identifier], Stored.UNION] = Field(default_factory=list)
    addresses: Annotated[list[Text], Stored.UNION] = Field(default_factory=list)
    tags: Annotated[list[Tag], Stored.UNION] = Field(default_factory=list)
    description: Annotated[Text | None, Stored.KEEP] = None
    citations: Annotated[list[Citation], Stored.CITATIONS] = Field(default_factory=list)

    _dedupe = field_validator(
        "aliases",
        "weak_aliases",
        "countries",
        "birth_places",
        "identifiers",
        "addresses",
        "tags",
    )(_unique)

    @field_validator("birth_dates")
    @classmethod
    def _dedupe_dates(cls, values: list[PartialDate]) -> list[PartialDate]:
        return list(dict.fromkeys(values))

    @field_validator("id")
    @classmethod
    def _not_a_global_id(cls, value: str) -> str:
        """Entity ids are global ids as they are; other kinds' carry a prefix (vocab.NodeKind)."""
        if value.startswith(RESERVED_ID_PREFIXES):
            prefix = value.split(":", 1)[0]
            raise ValueError(
                f"entity id {value[:40]!r} starts with {prefix + ':'!r}, which names another "
                "kind of object in the API; choose another id"
            )
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in entity_kinds():
            raise ValueError(
                f"unknown entity kind {value[:40]!r}: expected a FollowTheMoney schema such as "
                "Person, Organization, Company, PublicBody, LegalEntity"
            )
        return value

    def bounded_names(self) -> tuple[EntityRecord, int]:
        """This record with at most ``MAX_ENTITY_NAMES`` names (aliases first, then weak
        aliases, in their order), and how many were dropped."""
        room = MAX_ENTITY_NAMES - 1
        dropped = max(0, len(self.aliases) + len(self.weak_aliases) - room)
        if not dropped:
            return self, 0
        aliases = self.aliases[:room]
        weak = self.weak_aliases[: room - len(aliases)]
        return self.model_copy(update={"aliases": aliases, "weak_aliases": weak}), dropped

    @model_validator(mode="after")
    def _name_not_alias(self) -> EntityRecord:
        """The name is not repeated as an alias, nor a strong alias as a weak one."""
        if self.name in self.aliases:
            object.__setattr__(self, "aliases", [a for a in self.aliases if a != self.name])
        strong = {self.name, *self.aliases}
        if any(a in strong for a in self.weak_aliases):
            weak = [a for a in self.weak_aliases if a not in strong]
            object.__setattr__(self, "weak_aliases", weak)
        return self


#: The relationship types that are stakes in an entity (docs/ownership.md).
_STAKES = frozenset({RelType.OWNERSHIP, RelType.CONTROL})


class RelationshipRecord(Record):
    """A sourced relationship between two entities: one hop in the graph."""

    record: Literal["relationship"] = "relationship"
    id: Annotated[Id, Stored.KEY]
    type: RelType
    from_: Annotated[Id, Stored.END] = Field(alias="from")
    to: Annotated[Id, Stored.END]
    role: Annotated[Name | None, Stored.KEEP] = None
    start: Annotated[PartialDateField | None, Stored.DATE] = None
    end: Annotated[PartialDateField | None, Stored.DATE] = None
    share: Annotated[float | None, Stored.KEEP] = None
    # Stored as share_min/share_max; files may also spell them shareMin/shareMax.
    share_min: Annotated[float | None, Stored.KEEP] = Field(
        default=None, validation_alias=AliasChoices("share_min", "shareMin")
    )
    share_max: Annotated[float | None, Stored.KEEP] = Field(
        default=None, validation_alias=AliasChoices("share_max", "shareMax")
    )
    arrangement: Annotated[Id | None, Stored.KEEP] = None
    description: Annotated[Text | None, Stored.KEEP] = None
    citations: Annotated[list[Citation], Stored.CITATIONS] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> RelationshipRecord:
        if self.start and self.end and self.end.hi < self.start.lo:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.from_ == self.to:
            raise ValueError(f"relationship {self.id} links {self.to} to itself")
        return self

    @field_validator("share", "share_min", "share_max", mode="before")
    @classmethod
    def _share_is_a_number(cls, value: object) -> object:
        """``"share": true`` is not 1 %: pydantic would read a boolean as the number 1."""
        if isinstance(value, bool):
            raise ValueError("a share is a percentage (a number from 0 to 100), not true/false")
        return value

    @model_validator(mode="after")
    def _shares(self) -> RelationshipRecord:
        """A share is a percentage or a range of them (docs/ownership.md); a range and a
        joint arrangement only make sense on ownership and control."""
        stake_only = self.share_min, self.share_max, self.arrangement
        if any(v is not None for v in stake_only) and self.type not in _STAKES:
            raise ValueError(
                "shareMin, shareMax and arrangement are for ownership and control relationships"
            )
        check_range(self.share_min, self.share_max)
        if self.share is not None:
            check_range(self.share, self.share)
            low, high = self.share_min or 0.0, 100.0 if self.share_max is None else self.share_max
            if not low <= self.share <= high:
                raise ValueError(f"share {self.share:g} is outside its range {low:g}-{high:g}")
        return self


class ListingRecord(Record):
    """An entity's entry on a sanctions or restriction list."""

    record: Literal["listing"] = "listing"
    id: Annotated[Id, Stored.KEY]
    entity: Annotated[Id, Stored.END]
    list_id: Annotated[Id, Stored.END] = Field(alias="list")
    program: Annotated[Name | None, Stored.KEEP] = None
    listed: Annotated[PartialDateField | None, Stored.DATE] = None
    delisted: Annotated[PartialDateField | None, Stored.DATE] = None
    reason: Annotated[Text | None, Stored.KEEP] = None
    #: The official publication the listing came from (set by the list parsers); a
    #: ``--snapshot`` of that publication delists it when a later version leaves it out.
    publication: Annotated[ListPublication | None, Stored.KEEP] = None
    citations: Annotated[list[Citation], Stored.CITATIONS] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> ListingRecord:
        if self.listed and self.delisted and self.delisted.hi < self.listed.lo:
            raise ValueError(f"delisted {self.delisted} is before listed {self.listed}")
        return self


AnyRecord = SourceRecord | ListRecord | EntityRecord | RelationshipRecord | ListingRecord

RECORD_TYPES: dict[str, type[Record]] = {
    "source": SourceRecord,
    "list": ListRecord,
    "entity": EntityRecord,
    "relationship": RelationshipRecord,
    "listing": ListingRecord,
}


class RecordError(ValueError):
    """A record failed validation; the message is readable as it is (one line)."""


def parse_record(data: Any, record_type: str | None = None) -> AnyRecord:
    """Validate one findings record: the one entry point every parser goes through.

    ``record_type`` is implied by some files (a CSV per type, a YAML section); otherwise
    the mapping names it in its ``record`` key.
    """
    if not isinstance(data, dict):
        raise RecordError(f"expected an object with a 'record' key, got {type(data).__name__}")
    if record_type is not None:
        data = {"record": record_type, **data}
    kind = data.get("record")
    model = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise RecordError(
            f"unknown record type {clip(kind)}: expected one of {', '.join(RECORD_TYPES)}"
        )
    try:
        return model.model_validate(data)  # type: ignore[return-value]
    except ValidationError as exc:
        raise RecordError(f"{kind}{_id_of(data)}: {describe(exc)}") from None


def _id_of(data: dict[str, Any]) -> str:
    value = data.get("id")
    return f" {clip(value)}" if isinstance(value, str) and value else ""
