"""The questions the API and the CLI ask: one entity's verdict, a rule's restricted parties.

Arguments are checked here (rule id, lists, ``first``, cursors) so every surface refuses the
same input the same way; verdicts come with the full rows behind their witnesses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import LiteralString

from entanglements.core.dates import PartialDate
from entanglements.core.db.database import Database
from entanglements.core.errors import BadInputError
from entanglements.core.ownership.cache import DerivationCache
from entanglements.core.ownership.engine import Assessment, assess
from entanglements.core.ownership.reads import Evidence, derive, evidence, upstream
from entanglements.core.ownership.rules import Rule, rule_book
from entanglements.core.ownership.verdicts import EntityVerdict
from entanglements.core.reads.cursors import Cursors
from entanglements.core.reads.records import LIST_MAP, ListRow

_CURSORS = Cursors("own:")
encode_cursor = _CURSORS.encode
decode_cursor = _CURSORS.decode
_LISTS: LiteralString = (
    "MATCH (sl:SanctionsList) WHERE sl.id IN $ids OR any(p IN $prefixes WHERE sl.id STARTS WITH p) "
    "RETURN sl {" + LIST_MAP + "} AS sl ORDER BY sl.id"
)


def today() -> PartialDate:
    day = date.today()
    return PartialDate(day.year, day.month, day.day)


def checked_lists(lists: Sequence[str] | None) -> list[str] | None:
    if lists is None:
        return None
    if not lists:
        raise BadInputError("lists must name at least one list (or be omitted)")
    return list(dict.fromkeys(lists))


@dataclass
class Report:
    """One verdict with the rows of its entity, witnesses and listings."""

    verdict: EntityVerdict
    as_of: PartialDate
    evidence: Evidence
    assessment: Assessment


@dataclass
class ReportPage:
    total: int
    items: list[EntityVerdict]
    has_next: bool
    as_of: PartialDate
    evidence: Evidence = field(default_factory=Evidence)


async def ownership_status(
    db: Database,
    entity_id: str,
    rule_id: str,
    as_of: PartialDate | None = None,
    lists: Sequence[str] | None = None,
) -> Report:
    """The verdict of one rule on one entity (NOT_FOUND for an unknown entity)."""
    rule, chosen = rule_book().get(rule_id), checked_lists(lists)  # arguments first
    when = as_of or today()
    graph, found = await upstream(db, entity_id)
    assessment = assess(graph, rule, when, chosen)
    # the entity's party (its cluster's, core/resolution/) is what the engine judged
    party = found.parties.get(entity_id, entity_id)
    verdict = replace(assessment.verdict(party), entity=entity_id)
    return Report(verdict, when, found, assessment)


async def restricted_by_ownership(
    db: Database,
    rule_id: str,
    *,
    as_of: PartialDate | None = None,
    lists: Sequence[str] | None = None,
    first: int = 50,
    after: str | None = None,
    derivations: DerivationCache | None = None,
) -> ReportPage:
    """The parties a rule restricts, or may restrict, by ownership or control (listed
    parties themselves excluded), ordered by entity id; ``after`` is an entity id.
    ``derivations``: the API's cache, valid while the graph version is unchanged."""
    rule = rule_book().get(rule_id)
    when = as_of or today()
    chosen = checked_lists(lists)
    if derivations is not None:
        assessment = await derivations.assessment(db, rule, when, chosen)
    else:
        assessment, _ = await derive(db, rule, when, chosen)
    derived = assessment.derived()
    rest = [e for e in derived if after is None or e > after]
    page = rest[:first]
    found = await evidence(db, page) if page else Evidence()
    return ReportPage(
        total=len(derived),
        items=[assessment.verdict(e) for e in page],
        has_next=len(rest) > first,
        as_of=when,
        evidence=found,
    )


async def rule_lists(db: Database, rules: Sequence[Rule]) -> dict[str, ListRow]:
    """The lists the rules draw on that the graph holds: each named list and the
    per-programme lists of those taken by prefix. A list the rules file names but no ingest
    brought is left out (the API serves real lists only, never a stand-in)."""
    ids = sorted({i for rule in rules for i in rule.list_ids()})
    prefixes = sorted({p for rule in rules for p in rule.list_prefixes()})
    rows = await db.read(_LISTS, {"ids": ids, "prefixes": prefixes})
    return {r["sl"]["id"]: ListRow.of(r["sl"]) for r in rows}
