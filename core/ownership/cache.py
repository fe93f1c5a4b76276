"""Every rule's derivation, kept while the graph has not changed.

``sanctionsExposure(includeDerived: true)`` and ``restrictedByOwnership`` need the parties
a rule restricts; deriving them per request would read the whole ownership graph each time.
A derivation is kept under the graph version (core/db/version.py), which every write
transaction bumps, whichever instance or CLI command ran it: a request reads the version
once (one index seek) and reuses a derivation only if it was made at that version. So a
judgement, retraction or ingest through any instance is honoured by every other at its next
request, and nothing here is specific to the instance that holds it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from entanglements.core.dates import PartialDate
from entanglements.core.db import version
from entanglements.core.db.database import Database
from entanglements.core.ownership.engine import Assessment
from entanglements.core.ownership.reads import derive
from entanglements.core.ownership.rules import Rule, rule_book

Key = tuple[str, str, tuple[str, ...] | None, version.GraphVersion]


class DerivationCache:
    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._found: OrderedDict[Key, Assessment] = OrderedDict()

    async def assessments(
        self, db: Database, as_of: PartialDate, lists: Sequence[str] | None = None
    ) -> list[Assessment]:
        """One assessment per rule (``lists`` replacing each rule's lists when given)."""
        at = await version.current(db)
        return [await self._assessment(db, at, rule, as_of, lists) for rule in rule_book().rules]

    async def assessment(
        self, db: Database, rule: Rule, as_of: PartialDate, lists: Sequence[str] | None = None
    ) -> Assessment:
        """One rule's assessment (``lists`` replacing its lists when given)."""
        return await self._assessment(db, await version.current(db), rule, as_of, lists)

    async def _assessment(
        self,
        db: Database,
        at: version.GraphVersion,
        rule: Rule,
        as_of: PartialDate,
        lists: Sequence[str] | None,
    ) -> Assessment:
        key: Key = (rule.id, str(as_of), tuple(lists) if lists is not None else None, at)
        assessment = self._found.get(key)
        if assessment is None:
            assessment, _ = await derive(db, rule, as_of, lists)
            self._found[key] = assessment
            while len(self._found) > self.size:
                self._found.popitem(last=False)
        self._found.move_to_end(key)
        return assessment
