"""What parsers yield: one ``Item`` per input record, validated by ``core.models``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from entanglements.core.models import AnyRecord, RecordError, parse_record


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


def item(location: str, raw: Any, record_type: str | None = None) -> Item:
    """Validate ``raw`` into an ``Item`` carrying either the record or the error."""
    try:
        return Item(location, raw, record=parse_record(raw, record_type))
    except RecordError as exc:
        return Item(location, raw, error=str(exc))
