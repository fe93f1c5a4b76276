"""Validation of query arguments, and the few Cypher fragments chosen from fixed vocabularies.

Neo4j needs relationship types, path-length bounds and ``SHORTEST k`` as literal query
text. So they are produced here, and only here, from ``RelType`` members and from integers
already checked against the settings; user strings never reach query text.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import LiteralString

from entanglements.core.errors import BadInputError
from entanglements.core.vocab import SAME_AS, RelType, entity_kinds


class Direction(Enum):
    OUTGOING = "OUTGOING"
    INCOMING = "INCOMING"
    BOTH = "BOTH"


#: The arrows of one hop, read from the entity the walk is leaving.
ARROWS: dict[Direction, tuple[LiteralString, LiteralString]] = {
    Direction.OUTGOING: ("-", "->"),
    Direction.INCOMING: ("<-", "-"),
    Direction.BOTH: ("-", "-"),
}


def hop(types: Sequence[RelType], direction: Direction) -> LiteralString:
    """``-[r:OWNERSHIP|FUNDING]->``: one hop's relationship pattern, bound to ``r``."""
    left, right = ARROWS[direction]
    return left + "[r:" + type_pattern(types) + "]" + right


def search_hop(
    types: Sequence[RelType],
    direction: Direction,
    judgements: bool,
    rel: LiteralString = "r",
    length: LiteralString = "",
) -> LiteralString:
    """One hop of a graph search (exposure, paths), bound to ``rel`` (``length``: a
    variable-length suffix such as ``*0..4``): ``hop``, and with ``judgements`` also the
    ``SAME_AS`` links (judgement hops, docs/data-model.md), which are walked either way:
    the pattern is then undirected and ``oriented`` keeps the sourced hops' direction."""
    left, right = ("-", "-") if judgements else ARROWS[direction]
    kinds = type_pattern(types) + ("|" + SAME_AS if judgements else "")
    return left + "[" + rel + ":" + kinds + length + "]" + right


def oriented(
    direction: Direction, judgements: bool, rel: LiteralString = "r", frm: LiteralString = "x"
) -> LiteralString:
    """The direction rule of a ``search_hop`` over ``rel`` leaving entity ``frm``: nothing
    to say unless the pattern could not say it (a direction with judgement hops); then a
    sourced hop goes along (``OUTGOING``) or against (``INCOMING``) its arrow and a
    judgement hop either way."""
    if not judgements or direction is Direction.BOTH:
        return "true"
    end: LiteralString = "startNode" if direction is Direction.OUTGOING else "endNode"
    return "(" + rel + ":" + SAME_AS + " OR " + end + "(" + rel + ") = " + frm + ")"


def search_step(
    types: Sequence[RelType], direction: Direction, judgements: bool, rule: LiteralString
) -> LiteralString:
    """One hop from ``x`` to ``y`` of a quantified path pattern (``(s) step{1,n} (t)``),
    with ``rule`` (a predicate over ``x``, ``r``, ``y``) and the hop's direction rule."""
    return (
        "((x:Entity)" + search_hop(types, direction, judgements) + "(y:Entity) WHERE " + rule
        + " AND " + oriented(direction, judgements) + ")"
    )  # fmt: skip


def bounded(name: str, value: int | None, low: int, high: int, *, default: int) -> int:
    """``value`` (``default`` when null) if ``low <= value <= high``, else BAD_USER_INPUT
    naming the argument. The contract's integer arguments are nullable with a default."""
    if value is None:
        return default
    if not low <= value <= high:
        raise BadInputError(f"{name} must be between {low} and {high}, got {value}")
    return value


def rel_types(values: Sequence[str] | None, name: str = "relationshipTypes") -> tuple[RelType, ...]:
    """Relationship types from the API spelling (``partnership``); all types when None."""
    if values is None:
        return tuple(RelType)
    if not values:
        raise BadInputError(f"{name} must name at least one relationship type (or be omitted)")
    chosen: list[RelType] = []
    for value in values:
        try:
            member = RelType(value.strip().lower())
        except ValueError:
            known = ", ".join(t.value for t in RelType)
            raise BadInputError(
                f"{name}: unknown relationship type {value[:40]!r}; expected one of {known}"
            ) from None
        if member not in chosen:
            chosen.append(member)
    return tuple(chosen)


def kinds(values: Sequence[str] | None) -> list[str] | None:
    """Entity kinds to keep (FollowTheMoney schema names), or None for all."""
    if values is None:
        return None
    unknown = [v for v in values if v not in entity_kinds()]
    if unknown:
        raise BadInputError(
            f"kinds: unknown entity kind {unknown[0][:40]!r}; expected a FollowTheMoney schema "
            "such as Person, Organization, Company, PublicBody"
        )
    return list(dict.fromkeys(values))


def type_pattern(types: Sequence[RelType]) -> LiteralString:
    """``OWNERSHIP|PARTNERSHIP``: a relationship-type expression built from the enum only."""
    assert types, "at least one type"
    # Literal in substance: every word is a RelType member's fixed upper-case value.
    return "|".join(RelType(t).neo4j_type for t in types)


def literal_int(value: int) -> LiteralString:
    """An integer validated by ``bounded`` as query text (for ``{1,n}`` and ``SHORTEST k``)."""
    return str(int(value))
