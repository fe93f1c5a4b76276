"""The rules file: valid, complete, and what each rule says as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from entanglements.core.errors import BadInputError, EntangleError
from entanglements.core.ownership.rules import ListRef, parse_rules, rule_book

RULES = {"ofac-50", "bis-affiliates", "eu-ownership", "uk-ownership"}


def test_the_shipped_rules_load() -> None:
    book = rule_book()
    assert {r.id for r in book.rules} == RULES
    for rule in book.rules:
        assert rule.lists and rule.sources
        assert all(p.sources for p in rule.periods), rule.id


@pytest.mark.parametrize(
    ("rule", "day", "threshold", "inclusive", "aggregates", "control", "in_force"),
    [
        ("ofac-50", "2026-12-01", 50, True, True, False, True),
        ("ofac-50", "2010-01-01", 50, True, False, False, True),
        ("bis-affiliates", "2025-10-01", 50, True, True, False, True),
        ("bis-affiliates", "2025-11-10", 50, True, True, False, False),
        ("bis-affiliates", "2026-11-09", 50, True, True, False, False),
        ("bis-affiliates", "2026-11-10", 50, True, True, False, True),
        ("eu-ownership", "2024-07-02", 50, False, False, True, True),
        ("eu-ownership", "2024-07-03", 50, True, True, True, True),
        ("uk-ownership", "2026-12-01", 50, False, False, True, True),
    ],
)
def test_terms_by_date(
    rule: str,
    day: str,
    threshold: float,
    inclusive: bool,
    aggregates: bool,
    control: bool,
    in_force: bool,
) -> None:
    period = rule_book().get(rule).period_on(date.fromisoformat(day))
    assert period is not None
    assert (period.threshold, period.inclusive, period.aggregates) == (
        threshold,
        inclusive,
        aggregates,
    )
    assert (period.control_counts, period.in_force) == (control, in_force)


def test_unknown_rule_names_the_known_ones() -> None:
    with pytest.raises(BadInputError, match="expected one of ofac-50, bis-affiliates"):
        rule_book().get("ofac-25")


def test_programme_filter_reads_programme_lists() -> None:
    ref = ListRef(id="sdn", programs=("SDGT", "NPWMD"))
    assert ref.admits("[SDGT]")
    assert ref.admits("IRAN; NPWMD")
    assert not ref.admits("CUBA")
    assert not ref.admits(None)
    assert ListRef(id="el").admits(None)


def test_prefix_takes_the_per_programme_lists() -> None:
    ref = ListRef(id="ofac-sdn", prefix=True)
    assert ref.matches("ofac-sdn") and ref.matches("ofac-sdn-sdgt")
    assert not ref.matches("ofac-sdnx") and not ListRef(id="ofac-sdn").matches("ofac-sdn-sdgt")


_RULE = """
version: test
rules:
  - id: r
    name: R
    authority: A
    lists: [{id: l}]
    sources: [{id: s, title: S}]
    periods:
"""


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        (
            "      - {from: '2020-01-01', threshold: 50, inclusive: true, aggregates: true, "
            "control_counts: false, sources: [nope]}",
            "unknown source 'nope'",
        ),
        (
            "      - {until: '2020-01-01', threshold: 50, inclusive: true, aggregates: true, "
            "control_counts: false}\n"
            "      - {from: '2019-06-01', threshold: 50, inclusive: true, aggregates: true, "
            "control_counts: false}",
            "must not overlap",
        ),
        (
            "      - {threshold: 150, inclusive: true, aggregates: true, control_counts: false}",
            "threshold",
        ),
    ],
)
def test_a_broken_rules_file_is_refused(periods: str, message: str) -> None:
    with pytest.raises(EntangleError, match=message):
        parse_rules(_RULE + periods)
