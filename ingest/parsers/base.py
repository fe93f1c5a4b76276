"""What parsers yield: one ``Item`` per input record, validated by ``core.models``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from entanglements.core.models import AnyRecord, RecordError, parse_record

if TYPE_CHECKING:
    from entanglements.ingest.parsers.lists.entries import ListVersion


@dataclass(slots=True)  # not frozen: one per input record, and frozen sets fields slowly
class Item:
    """One parsed record, or why a piece of input is not one, at ``location``.

    ``raw`` is the input as read (written to the rejects file when it is rejected);
    ``skipped`` names input with no place in the graph (counted, not an error);
    ``version`` marks an official list file as one version of its lists (``--snapshot``).
    """

    location: str
    raw: Any
    record: AnyRecord | None = None
    error: str | None = None
    skipped: str | None = None
    version: ListVersion | None = None


def item(location: str, raw: Any, record_type: str | None = None) -> Item:
    """Validate ``raw`` into an ``Item`` carrying either the record or the error."""
    try:
        return Item(location, raw, record=parse_record(raw, record_type))
    except RecordError as exc:
        return Item(location, raw, error=str(exc))
