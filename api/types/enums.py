"""GraphQL enums for the closed sets of the vocabulary (core/vocab.py, core/ownership):
defined there once and registered here under the names clients see (strawberry marks the
classes in place, so resolvers use the core classes as they are). Values are the members'
names (``NEW_EXPOSURE``); the lower-case spellings stay what the CLI and the JSON files use.
Their values' descriptions are in api/descriptions.py."""

from __future__ import annotations

from enum import Enum
from typing import get_args

import strawberry

from entanglements.core.ownership.verdicts import Reason as VerdictReason
from entanglements.core.resolution.judgements import Judgement as JudgementVerdict
from entanglements.core.settings import Role as CoreRole
from entanglements.core.vocab import AlertKind, HistoryAction, IngestOutcome

strawberry.enum(AlertKind, description="What a watch check found changed.")
strawberry.enum(HistoryAction, description="What an event of an element's history did.")
strawberry.enum(IngestOutcome, description="How an ingest ended.")
strawberry.enum(VerdictReason, name="VerdictReason", description="Why a rule gave its verdict.")
# The object type `Judgement` is the recorded decision (who, when, note); this is its verdict.
strawberry.enum(
    JudgementVerdict,
    name="JudgementVerdict",
    description="An analyst's decision on whether two entities are one party.",
)


@strawberry.enum(description="What a caller may do (docs/api.md, roles).")
class Role(Enum):
    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"


# The roles are a Literal in core/settings.py (pydantic reads them from the environment).
if {role.value for role in Role} != set(get_args(CoreRole)):
    raise RuntimeError("api.types.enums.Role no longer matches core.settings.Role")

__all__ = [
    "AlertKind",
    "HistoryAction",
    "IngestOutcome",
    "JudgementVerdict",
    "Role",
    "VerdictReason",
]
