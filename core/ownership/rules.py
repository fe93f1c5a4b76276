"""The ownership rules, loaded from ``rules.yaml`` (package data) and validated.

A rule's terms change over time, so a rule is a list of periods; ``Rule.terms_during``
gives the terms of every period that overlaps a date (a partial date such as ``2024`` can
straddle a change of law, and the engine then has to agree under all of them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.ownership.shares import EPSILON

_PROGRAM_SPLIT = re.compile(r"[;,\s]+")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListRef(_Model):
    """A list a rule draws on; ``programs`` keeps only listings under those programmes."""

    id: str
    prefix: bool = False
    programs: tuple[str, ...] | None = None

    def matches(self, list_id: str) -> bool:
        """Is ``list_id`` this list (or, with ``prefix``, one of its per-programme lists)?"""
        return list_id == self.id or (self.prefix and list_id.startswith(self.id + "-"))

    def admits(self, program: str | None) -> bool:
        """Does a listing with this programme text count? (Programme texts hold several
        tags: "RUSSIA-EO14024; UKRAINE-EO13662", "[SDGT]".)"""
        if self.programs is None:
            return True
        tags = {t.strip("[]").upper() for t in _PROGRAM_SPLIT.split(program or "") if t}
        return any(p.upper() in tags for p in self.programs)


class LegalSource(_Model):
    id: str
    title: str
    url: str | None = None
    published: str | None = None
    quote: str | None = None


class Period(_Model):
    """The terms of a rule from ``start`` to ``until`` (inclusive; None = open)."""

    start: date | None = Field(default=None, alias="from")
    until: date | None = None
    in_force: bool = True
    threshold: Annotated[float, Field(gt=0, lt=100)]
    inclusive: bool
    aggregates: bool
    control_counts: bool
    joint_arrangements: bool = False
    exempt_countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start and self.until and self.until < self.start:
            raise ValueError(f"period ends ({self.until}) before it starts ({self.start})")
        return self

    def overlaps(self, lo: date, hi: date) -> bool:
        return (self.start is None or self.start <= hi) and (self.until is None or self.until >= lo)


class Rule(_Model):
    id: str
    name: str
    authority: str
    lists: tuple[ListRef, ...]
    sources: tuple[LegalSource, ...]
    periods: tuple[Period, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        known = {s.id for s in self.sources}
        for period in self.periods:
            missing = [s for s in period.sources if s not in known]
            if missing:
                raise ValueError(f"period cites unknown source {missing[0]!r}")
        for a, b in zip(self.periods, self.periods[1:], strict=False):
            if a.until is None or b.start is None or b.start <= a.until:
                raise ValueError("periods must be in order and must not overlap")
        return self

    def terms_during(self, lo: date, hi: date) -> list[Terms]:
        """The terms of every period overlapping ``[lo, hi]``, earliest first (empty when
        the rule did not exist yet)."""
        return [Terms(self, p) for p in self.periods if p.overlaps(lo, hi)]

    def period_on(self, day: date) -> Period | None:
        return next((p for p in self.periods if p.overlaps(day, day)), None)

    def list_ids(self) -> list[str]:
        return list(dict.fromkeys(ref.id for ref in self.lists))

    def list_prefixes(self) -> list[str]:
        """``<id>-`` of the lists taken with their per-programme lists."""
        return list(dict.fromkeys(ref.id + "-" for ref in self.lists if ref.prefix))


@dataclass(frozen=True, slots=True)
class Terms:
    """One rule under one period's terms: what the engine applies."""

    rule: Rule
    period: Period

    @property
    def in_force(self) -> bool:
        return self.period.in_force

    def crosses(self, share: float) -> bool:
        """Does a share reach the threshold (``>=`` or ``>``)? Float noise tolerated."""
        threshold = self.period.threshold
        if self.period.inclusive:
            return share >= threshold - EPSILON
        return share > threshold + EPSILON

    def describe(self) -> str:
        p = self.period
        sign = "≥" if p.inclusive else ">"
        parts = [f"{sign} {p.threshold:g} %"]
        parts.append("owners aggregated" if p.aggregates else "each owner alone")
        if p.joint_arrangements:
            parts.append("joint arrangements combined")
        parts.append("control counts" if p.control_counts else "control alone does not")
        return ", ".join(parts)


class RuleBook(_Model):
    version: str
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique(self) -> RuleBook:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique")
        return self

    def get(self, rule_id: str) -> Rule:
        """The rule called ``rule_id``; BAD_USER_INPUT naming the known ids otherwise."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        known = ", ".join(r.id for r in self.rules)
        raise BadInputError(
            f"rule: unknown ownership rule {rule_id[:40]!r}; expected one of {known}"
        )


def parse_rules(text: str) -> RuleBook:
    """Validate a rules document (YAML text); a broken file is our bug, reported in one line."""
    try:
        return RuleBook.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise EntangleError(f"core/ownership/rules.yaml is invalid: {exc}") from None


@cache
def rule_book() -> RuleBook:
    """The rules shipped with the package (read once per process)."""
    text = (
        resources.files("entanglements.core.ownership")
        .joinpath("rules.yaml")
        .read_text(encoding="utf-8")
    )
    return parse_rules(text)
