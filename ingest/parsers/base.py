"""What parsers yield, and the validation of one findings record through core.models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from entanglements.core.models import RECORD_TYPES, AnyRecord
from entanglements.ingest.messages import clip, describe


@dataclass(slots=True)  # not frozen: one per input record, and frozen sets fields slowly
class Item:
    """One parsed record, or why a piece of input is not one, at ``location``.

    ``raw`` is the input as read (written to the rejects file when it is rejected);
    ``skipped`` names input with no place in the graph (counted, not an error).
    """

    location: str
    raw: Any
    record: AnyRecord | None = None
    error: str | None = None
    skipped: str | None = None


class RecordError(ValueError):
    """A record failed validation; the message is readable as it is."""


def validate(data: Any, record_type: str | None = None) -> AnyRecord:
    """Validate a findings record; ``record_type`` is implied by the file (CSV, YAML)."""
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


def item(location: str, raw: Any, record_type: str | None = None) -> Item:
    """Validate ``raw`` into an ``Item`` carrying either the record or the error."""
    try:
        return Item(location, raw, record=validate(raw, record_type))
    except RecordError as exc:
        return Item(location, raw, error=str(exc))
