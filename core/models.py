"""The records of the findings format: what every ingest parser produces.

Native findings (JSON Lines, CSV, YAML), FollowTheMoney and the Consolidated Screening
List all become these models, so one set of rules validates everything that enters.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from entanglements.core.dates import PartialDateField
from entanglements.core.vocab import RelType, SourceKind, entity_kinds

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


def _country(value: str) -> str:
    code = value.strip().lower()
    if not _COUNTRY.match(code):
        raise ValueError(f"invalid country code {value[:20]!r}: expected ISO 3166 alpha-2, e.g. cn")
    return code


Country = Annotated[str, AfterValidator(_country)]


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
    id: Id
    title: Name
    url: Url | None = None
    publisher: Name | None = None
    published: PartialDateField | None = None
    kind: SourceKind = SourceKind.OTHER
    authors: list[Name] = Field(default_factory=list)

    _dedupe = field_validator("authors")(_unique)


class ListRecord(Record):
    """A sanctions or restriction list (US Entity List, UK sanctions list, ...)."""

    record: Literal["list"] = "list"
    id: Id
    name: Name
    authority: Name
    country: Country | None = None
    url: Url | None = None


class EntityRecord(Record):
    """A person, organisation, company, public body ... (kind = FollowTheMoney schema)."""

    record: Literal["entity"] = "entity"
    id: Id
    kind: str
    name: Name
    aliases: list[Name] = Field(default_factory=list)
    countries: list[Country] = Field(default_factory=list)
    tags: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]] = Field(
        default_factory=list
    )
    identifiers: list[Annotated[str, StringConstraints(max_length=300)]] = Field(
        default_factory=list
    )
    description: Text | None = None
    citations: list[Citation] = Field(default_factory=list)

    _dedupe = field_validator("aliases", "countries", "tags", "identifiers")(_unique)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in entity_kinds():
            raise ValueError(
                f"unknown entity kind {value[:40]!r}: expected a FollowTheMoney schema such as "
                "Person, Organization, Company, PublicBody, LegalEntity"
            )
        return value

    @model_validator(mode="after")
    def _name_not_alias(self) -> EntityRecord:
        if self.name in self.aliases:
            object.__setattr__(self, "aliases", [a for a in self.aliases if a != self.name])
        return self


class RelationshipRecord(Record):
    """A sourced relationship between two entities: one hop in the graph."""

    record: Literal["relationship"] = "relationship"
    id: Id
    type: RelType
    from_: Id = Field(alias="from")
    to: Id
    role: Name | None = None
    start: PartialDateField | None = None
    end: PartialDateField | None = None
    share: Annotated[float, Field(ge=0, le=100)] | None = None
    description: Text | None = None
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> RelationshipRecord:
        if self.start and self.end and self.end.hi < self.start.lo:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.from_ == self.to:
            raise ValueError(f"relationship {self.id} links {self.to} to itself")
        return self


class ListingRecord(Record):
    """An entity's entry on a sanctions or restriction list."""

    record: Literal["listing"] = "listing"
    id: Id
    entity: Id
    list_id: Id = Field(alias="list")
    program: Name | None = None
    listed: PartialDateField | None = None
    delisted: PartialDateField | None = None
    reason: Text | None = None
    citations: list[Citation] = Field(min_length=1)

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


def parse_record(data: Any) -> AnyRecord:
    """Validate one record given as a mapping with a ``record`` key.

    Raises ``ValueError`` (pydantic's ``ValidationError`` is one) with a readable message.
    """
    if not isinstance(data, dict):
        raise ValueError(f"expected an object, got {type(data).__name__}")
    kind = data.get("record")
    model = RECORD_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise ValueError(
            f"unknown record type {str(kind)[:40]!r}: expected one of {', '.join(RECORD_TYPES)}"
        )
    return model.model_validate(data)  # type: ignore[return-value]
