"""Every rule's derivation, kept while the graph has not changed.

``sanctionsExposure(includeDerived: true)`` needs the parties each rule restricts; deriving
them per request would read the whole ownership graph each time. Every write to the graph is
an ingest run (an ``IngestRun`` node, created when it starts and finished when it ends) or a
reset (which deletes the runs), a retraction or its undoing (docs/corrections.md), or a
judgement (which changes what clusters' members are listed on, core/resolution/), so the
count and latest times of the runs, the retractions and the judgements identify the
graph's state: a derivation is reused only while they are unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.ownership.engine import Assessment
from entanglements.core.ownership.reads import derive
from entanglements.core.ownership.rules import rule_book

_VERSION: LiteralString = (
    "MATCH (r:IngestRun) WITH count(r) AS runs, "
    "toString(max(r.started_at)) AS started, toString(max(r.finished_at)) AS finished "
    "CALL () { MATCH (x:Retraction) "
    "  RETURN count(x) AS retractions, toString(max(coalesce(x.undone_at, x.at))) AS corrected } "
    "CALL () { MATCH (j:Judgement) RETURN count(j) AS judgements, toString(max(j.at)) AS judged } "
    "RETURN runs, started, finished, retractions, corrected, judgements, judged"
)

Key = tuple[str, str, tuple[str, ...] | None, tuple[object, ...]]


class DerivationCache:
    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._found: OrderedDict[Key, Assessment] = OrderedDict()

    async def assessments(
        self, db: Database, as_of: PartialDate, lists: Sequence[str] | None = None
    ) -> list[Assessment]:
        """One assessment per rule (``lists`` replacing each rule's lists when given)."""
        [row] = await db.read(_VERSION)
        version = tuple(row.values())
        chosen = tuple(lists) if lists is not None else None
        found = []
        for rule in rule_book().rules:
            key: Key = (rule.id, str(as_of), chosen, version)
            assessment = self._found.get(key)
            if assessment is None:
                assessment, _ = await derive(db, rule, as_of, lists)
                self._found[key] = assessment
                while len(self._found) > self.size:
                    self._found.popitem(last=False)
            self._found.move_to_end(key)
            found.append(assessment)
        return found
