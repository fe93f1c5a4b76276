"""The ownership verdict of a watched entity under a rule: the hook issue 15 fills.

A watch may name an ownership ``rule`` (``entangle watch add ENTITY --rule RULE``); each
check then asks ``verdict`` for the entity's verdict under it and alerts when it changes.
Until the ownership verdicts of issue 15 are on main there is no rule to apply, so the
verdict is None and never changes: the watch stores the rule and waits.
"""

from __future__ import annotations

import neo4j

from entanglements.core.settings import Settings


def verdict(driver: neo4j.Driver, settings: Settings, entity_id: str, rule: str) -> str | None:
    """The entity's ownership verdict under ``rule`` (None: no verdict can be given)."""
    del driver, settings, entity_id, rule  # issue 15: ownership verdicts plug in here
    return None
