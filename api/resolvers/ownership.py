"""``ownershipRules``, ``ownershipStatus``, ``restrictedByOwnership`` (docs/ownership.md)."""

from __future__ import annotations

from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.ids import key, keys
from entanglements.api.types.connection import Connection
from entanglements.api.types.ownership import OwnershipRule, OwnershipVerdict, verdict_page
from entanglements.core.dates import PartialDate
from entanglements.core.ownership import questions
from entanglements.core.ownership.rules import rule_book
from entanglements.core.reads.filters import bounded
from entanglements.core.vocab import NodeKind


async def ownership_rules(info: Info, as_of: PartialDate | None = None) -> list[OwnershipRule]:
    rules = rule_book().rules
    lists = await questions.rule_lists(info.context.db, rules)
    day = (as_of or questions.today()).hi
    return [OwnershipRule.of(rule, day, lists) for rule in rules]


async def ownership_status(
    info: Info,
    entity_id: ID,
    rule: ID,
    as_of: PartialDate | None = None,
    lists: list[ID] | None = None,
) -> OwnershipVerdict:
    report = await questions.ownership_status(
        info.context.db, str(entity_id), key(NodeKind.RULE, rule), as_of, keys(NodeKind.LIST, lists)
    )
    rule_lists = await questions.rule_lists(info.context.db, [report.verdict.rule])
    return OwnershipVerdict.of(report.verdict, report.as_of, report.evidence, rule_lists)


async def restricted_by_ownership(
    info: Info,
    rule: ID,
    as_of: PartialDate | None = None,
    lists: list[ID] | None = None,
    first: int | None = 50,
    after: str | None = None,
) -> Connection[OwnershipVerdict]:
    page = await questions.restricted_by_ownership(
        info.context.db,
        key(NodeKind.RULE, rule),
        as_of=as_of,
        lists=keys(NodeKind.LIST, lists),
        first=bounded("first", first, 0, info.context.settings.max_first, default=50),
        after=questions.decode_cursor(after) if after is not None else None,
        derivations=info.context.state.derivations,
    )
    rule_lists = await questions.rule_lists(
        info.context.db, [rule_book().get(key(NodeKind.RULE, rule))]
    )
    return verdict_page(page, rule_lists, after=after)
