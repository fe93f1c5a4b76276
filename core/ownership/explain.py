"""One readable sentence per verdict, and the merge of verdicts across a change of law."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from entanglements.core.dates import PartialDate
from entanglements.core.ownership.rules import Rule
from entanglements.core.ownership.shares import Share, number
from entanglements.core.ownership.verdicts import Contribution, EntityVerdict, Reason, Verdict


def _name(entity: str, names: Mapping[str, str]) -> str:
    name = names.get(entity)
    return f"{name} ({entity})" if name and name != entity else entity


def _witness(c: Contribution, names: Mapping[str, str]) -> str:
    held = "control" if c.share is None else str(c.share)
    if c.share is not None and c.control:
        held += " and control"
    if c.listed:
        why = "listed on " + ", ".join(sorted({f.list_id for f in c.listings}))
    else:
        why = f"{c.owner_verdict.value.lower()} by ownership"
    return f"{_name(c.owner, names)} {held} ({why})"


def _witnesses(v: EntityVerdict, names: Mapping[str, str]) -> str:
    counted = [c for c in v.owners if c.counts]
    return "; ".join(_witness(c, names) for c in counted) or "none"


def _threshold(v: EntityVerdict) -> str:
    assert v.terms is not None
    period = v.terms.period
    return f"{'≥' if period.inclusive else '>'} {number(period.threshold)} %"


def explain(v: EntityVerdict, names: Mapping[str, str]) -> str:
    """Why the verdict is what it is, naming the owners behind it."""
    assert v.terms is not None
    who = _name(v.entity, names)
    lists = ", ".join(sorted({f.list_id for f in v.listings}))
    texts = {
        Reason.LISTED: (
            f"{who} is itself listed on {lists}."
            if v.verdict is Verdict.RESTRICTED
            else f"{who} is listed on {lists}, but the listing may not be in force throughout "
            "the date asked (it begins or ends within it)."
        ),
        Reason.OWNERSHIP: f"listed or restricted owners hold {v.share} of {who}, reaching the "
        f"threshold ({_threshold(v)}): {_witnesses(v, names)}.",
        Reason.CONTROL: f"{who} is controlled by a restricted party and the rule counts "
        f"control: {_witnesses(v, names)}.",
        Reason.OPEN: f"restricted owners hold {v.share} of {who}; the threshold "
        f"({_threshold(v)}) lies within that range: {_witnesses(v, names)}.",
        Reason.CONFLICT: f"the stated shares of {who}'s owners add up to more than 100 %: the "
        "data contradict each other, so no verdict is certain (saved query owners-over-100).",
        Reason.BELOW: f"listed or restricted owners hold at most {number(v.share.hi)} % of "
        f"{who}, short of the threshold ({_threshold(v)}).",
        Reason.EXEMPT: f"{who} is owned or controlled by listed parties, but the rule does "
        f"not apply to entities of {', '.join(v.terms.period.exempt_countries)}.",
        Reason.NOT_IN_FORCE: f"{v.rule.name} was not in force"
        + (f" ({v.terms.period.note})" if v.terms.period.note else "")
        + "; it restricts no one by ownership.",
    }
    return f"{v.verdict.value}: {texts[v.reason]} [{v.rule.id}: {v.terms.describe()}]"


def explain_not_in_force(rule: Rule, entity: str, as_of: PartialDate) -> EntityVerdict:
    """The verdict for a date on which the rule did not exist yet."""
    return EntityVerdict(
        entity=entity,
        rule=rule,
        terms=None,
        verdict=Verdict.CLEAR,
        reason=Reason.NOT_IN_FORCE,
        share=Share(0.0, 0.0),
        owners=(),
        listings=(),
        explanation=f"CLEAR: {rule.name} was not in force as of {as_of}.",
    )


def merge(verdicts: Sequence[EntityVerdict], as_of: PartialDate) -> EntityVerdict:
    """One verdict from those under each period overlapping ``as_of``: the common verdict
    when they agree, else UNDETERMINED (the date straddles a change of the rule)."""
    last = verdicts[-1]
    if len({v.verdict for v in verdicts}) == 1:
        return last
    share = Share(min(v.share.lo for v in verdicts), max(v.share.hi for v in verdicts))
    parts = [
        f"from {v.terms.period.start or 'the start'}: {v.verdict.value}"
        for v in verdicts
        if v.terms is not None
    ]
    text = (
        f"UNDETERMINED: the terms of {last.rule.name} changed within {as_of} and the "
        f"verdicts differ ({'; '.join(parts)}); ask for a more precise date."
    )
    return EntityVerdict(
        entity=last.entity,
        rule=last.rule,
        terms=last.terms,
        verdict=Verdict.UNDETERMINED,
        reason=Reason.OPEN,
        share=share,
        owners=last.owners,
        listings=last.listings,
        explanation=text,
    )
