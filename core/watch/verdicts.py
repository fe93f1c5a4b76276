"""The ownership verdicts of watched entities under their rules (core/ownership/).

A watch may name an ownership ``rule`` (``entangle watch add ENTITY --rule ofac-50``); each
check then asks for the entity's verdict under it as of the day of the check, and alerts
when it changes (``RESTRICTED``, ``CLEAR``, ``UNDETERMINED``, with the reason). The engine
reads through the caller's ``Database``, in the check's own event loop.
"""

from __future__ import annotations

from collections.abc import Sequence

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import NotFoundError
from entanglements.core.ownership.questions import ownership_status
from entanglements.core.ownership.rules import rule_book


def check_rule(rule: str) -> str:
    """The rule's id; BAD_USER_INPUT naming the known rules otherwise."""
    return rule_book().get(rule).id


async def verdicts(
    db: Database, asked: Sequence[tuple[str, str]], as_of: PartialDate
) -> dict[tuple[str, str], str | None]:
    """``verdict (reason)`` of each (entity id, rule); None for an entity that is gone."""
    found: dict[tuple[str, str], str | None] = {}
    for entity_id, rule in asked:
        try:
            report = await ownership_status(db, entity_id, rule, as_of)
        except NotFoundError:
            found[entity_id, rule] = None
            continue
        found[entity_id, rule] = f"{report.verdict.verdict} ({report.verdict.reason})"
    return found
