"""One odd value never costs a publisher's entry: a record the models refuse is repaired
by leaving out exactly the values they name, each counted with its reason.

The parsers already leave out what they cannot read (a date, a country); this is the net
below them, for whatever still breaks a rule of ``core/models.py`` (a 2,000-character
alias, an alias of blanks, a delisting before the listing). A required field the models
refuse cannot be left out: then there is no record (the caller says why).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from entanglements.core.models import Record
from entanglements.ingest.parsers.lists.text import clean, has_control

#: Every error of a record is one value; a record has fewer values than this.
_MAX_ROUNDS = 20
_REQUIRED = frozenset({"id", "kind", "name", "entity", "list", "record"})


def scrubbed(data: dict[str, Any], skipped: list[str]) -> dict[str, Any]:
    """``data`` with control characters removed from every text value (counted per field)."""
    for key, value in data.items():
        if isinstance(value, str) and has_control(value):
            data[key] = clean(value)
            skipped.append(f"control characters removed ({key})")
        elif isinstance(value, list) and any(isinstance(v, str) and has_control(v) for v in value):
            data[key] = [clean(v) if isinstance(v, str) else v for v in value]
            skipped.append(f"control characters removed ({key})")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            data[key] = [scrubbed(v, skipped) for v in value]
    return data


def repaired(model: type[Record], data: dict[str, Any], skipped: list[str]) -> Record | None:
    """The record, after leaving out each value the model refuses (reasons appended to
    ``skipped``); None when a required value is refused."""
    for _ in range(_MAX_ROUNDS):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            if not all(_leave_out(data, error, skipped) for error in _deepest_first(exc)):
                return None
    return None


def _deepest_first(exc: ValidationError) -> list[ErrorDetails]:
    """List items are removed from the last index down, so earlier indexes stay right."""
    unique = {e["loc"][:2]: e for e in exc.errors()}  # one removal per value
    return sorted(
        unique.values(), key=lambda e: [-p if isinstance(p, int) else 0 for p in e["loc"]]
    )


def _leave_out(data: dict[str, Any], error: ErrorDetails, skipped: list[str]) -> bool:
    """Remove the value ``error`` names from ``data``; False when it cannot be removed."""
    loc = error["loc"]
    if not loc:  # a rule across fields: a listing's delisting before its listing
        if data.get("delisted") is None:
            return False
        data["delisted"] = None
        skipped.append("delisting date before the listing date")
        return True
    name = str(loc[0])
    if name in _REQUIRED and len(loc) == 1:
        return False
    value = data.get(name)
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(value, list):
        index = loc[1]
        if len(loc) >= 3 and isinstance(value[index], dict):  # a citation's quote/locator
            value[index] = {**value[index], str(loc[2]): None}
        elif index < len(value):
            del value[index]
    elif name in data:
        data[name] = None
    else:
        return False
    skipped.append(f"{name} value left out ({error['type']})")
    return True
