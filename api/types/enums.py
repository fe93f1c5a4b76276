"""GraphQL enums for the closed sets of the vocabulary (core/vocab.py): defined there once,
exposed here under the names clients see. Values are the members' names (``NEW_EXPOSURE``);
the lower-case spellings stay what the CLI and the JSON files use."""

from __future__ import annotations

from enum import Enum
from typing import get_args

import strawberry

from entanglements.core import vocab
from entanglements.core.ownership.verdicts import Reason
from entanglements.core.settings import Role as CoreRole

AlertKind = strawberry.enum(vocab.AlertKind, description="What a watch check found changed.")
HistoryAction = strawberry.enum(
    vocab.HistoryAction, description="What an event of an element's history did."
)
VerdictReason = strawberry.enum(
    Reason, name="VerdictReason", description="Why a rule gave its verdict."
)
IngestOutcome = strawberry.enum(vocab.IngestOutcome, description="How an ingest ended.")

# A Literal in core/settings.py (pydantic reads it from the environment): the enum follows it.
_Role = Enum("Role", {r.upper(): r for r in get_args(CoreRole)})  # type: ignore[misc]
Role = strawberry.enum(_Role, description="What a caller may do (docs/api.md, roles).")
