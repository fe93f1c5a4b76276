"""The verdict engine on the worked cases of issue 15 (T1-T8) and more (no database)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from entanglements.core.ownership.verdicts import Reason, Verdict
from tests.ownership.cases import control, graph, listed, own, run, verdict, verdicts

R, C, U = Verdict.RESTRICTED, Verdict.CLEAR, Verdict.UNDETERMINED
AGGREGATING = ["ofac-50", "bis-affiliates", "eu-ownership"]
ALL = [*AGGREGATING, "uk-ownership"]


# --- T1-T8 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", AGGREGATING)
def test_t1_chain_at_exactly_half_is_restricted_where_the_threshold_is_inclusive(rule: str) -> None:
    g = graph([own("X", "A", 50), own("A", "B", 50)], [listed("X")])
    assert verdicts(g, rule, "X A B") == {"X": R, "A": R, "B": R}


def test_t1_uk_needs_more_than_half() -> None:
    g = graph([own("X", "A", 50), own("A", "B", 50)], [listed("X")])
    assert verdicts(g, "uk-ownership", "A B") == {"A": C, "B": C}


def test_t2_restricted_subsidiaries_count_in_full() -> None:
    stakes = [own("X", "A", 50), own("X", "B", 50), own("A", "C", 25), own("B", "C", 25)]
    g = graph(stakes, [listed("X")])
    found = verdict(g, "ofac-50", "C")
    assert found.verdict is R and found.reason is Reason.OWNERSHIP
    assert (found.share.lo, found.share.hi) == (50, 50)
    assert {c.owner for c in found.owners if c.counts} == {"A", "B"}


def test_t3_direct_and_indirect_stakes_add_up() -> None:
    g = graph([own("X", "A", 50), own("X", "B", 10), own("A", "B", 40)], [listed("X")])
    found = verdict(g, "ofac-50", "B")
    assert found.verdict is R
    assert found.share.lo == 50
    witnesses = {c.owner: (c.listed, c.owner_verdict) for c in found.owners}
    assert witnesses == {"X": (True, R), "A": (False, R)}


def test_t4_minority_owners_do_not_make_vehicles() -> None:
    stakes = [own("X", "A", 25), own("X", "B", 25), own("A", "C", 50), own("B", "C", 50)]
    g = graph(stakes, [listed("X")])
    assert verdicts(g, "ofac-50", "A B C") == {"A": C, "B": C, "C": C}
    assert run(g, "ofac-50").derived() == []


def test_t5_different_listed_owners_aggregate_except_in_the_uk() -> None:
    stakes = [own("X", "T", 30), own("Y", "T", 25)]
    g = graph(stakes, [listed("X", program="RUSSIA-EO14024"), listed("Y", program="SDGT")])
    assert verdict(g, "ofac-50", "T").verdict is R
    assert verdict(g, "eu-ownership", "T").verdict is R
    assert verdict(g, "uk-ownership", "T").verdict is C


def test_t5_uk_joint_arrangement_combines_the_holdings() -> None:
    stakes = [own("X", "T", 30, arrangement="jv"), own("Y", "T", 25, arrangement="jv")]
    g = graph(stakes, [listed("X")])  # only X is listed: Y's shares still count as X's
    found = verdict(g, "uk-ownership", "T")
    assert found.verdict is R
    assert found.share.lo == 55


def test_t6_control_restricts_under_eu_and_uk_only() -> None:
    g = graph([own("X", "T", 10), control("X", "T")], [listed("X")])
    assert verdict(g, "ofac-50", "T").verdict is C
    for rule in ("eu-ownership", "uk-ownership"):
        found = verdict(g, rule, "T")
        assert (found.verdict, found.reason) == (R, Reason.CONTROL)
        [witness] = found.owners
        assert witness.control and witness.share is not None and witness.share.lo == 10


def test_t7_delisted_owner_stops_counting_from_its_delisting_date() -> None:
    g = graph([own("X", "T", 60)], [listed("X", listed_on="2022", delisted="2026-06")])
    assert verdict(g, "ofac-50", "T", as_of="2025").verdict is R
    assert verdict(g, "ofac-50", "T", as_of="2026-07").verdict is C
    # June 2026 holds the delisting day: restricted for part of it only
    assert verdict(g, "ofac-50", "T", as_of="2026-06").verdict is U
    assert verdict(g, "ofac-50", "T", as_of="2026-06-01").verdict is U  # which day in June?
    assert verdict(g, "ofac-50", "T", as_of="2026-05-31").verdict is R
    exact = graph([own("X", "T", 60)], [listed("X", listed_on="2022", delisted="2026-06-15")])
    assert verdict(exact, "ofac-50", "T", as_of="2026-06-14").verdict is R
    assert verdict(exact, "ofac-50", "T", as_of="2026-06-15").verdict is C


def test_t8_cycle_terminates_and_unknown_share_is_undetermined() -> None:
    stakes = [own("X", "A", 60), own("A", "B", 70), own("B", "A", 20), own("Z", "C", None)]
    g = graph(stakes, [listed("X"), listed("Z")])
    assert verdicts(g, "ofac-50", "A B C") == {"A": R, "B": R, "C": U}
    c = verdict(g, "ofac-50", "C")
    assert (c.share.lo, c.share.hi) == (0, 100)
    assert run(g, "ofac-50").derived() == ["A", "B", "C"]


# --- beyond the cases -------------------------------------------------------------


def test_a_cycle_alone_never_justifies_itself() -> None:
    # A and B own each other, X* holds 30 % of A: nothing reaches 50 % without the cycle
    stakes = [own("A", "B", 60), own("B", "A", 60), own("X", "A", 30)]
    g = graph(stakes, [listed("X")])
    assert verdicts(g, "ofac-50", "A B") == {"A": C, "B": C}


def test_known_other_owners_bound_an_unknown_share() -> None:
    # Z*'s share is unstated but W (not listed) holds 80 %: Z can hold 20 % at most
    g = graph([own("Z", "T", None), own("W", "T", 80)], [listed("Z")])
    found = verdict(g, "ofac-50", "T")
    assert found.verdict is C
    assert found.share.hi == pytest.approx(20)


def test_ranges_decide_when_they_clear_the_threshold() -> None:
    stakes = [own("X", "A", (50, 100)), own("X", "B", (25, 50)), own("X", "C", (10, 40))]
    g = graph(stakes, [listed("X")])
    assert verdicts(g, "ofac-50", "A B C") == {"A": R, "B": U, "C": C}
    assert verdicts(g, "uk-ownership", "A B") == {"A": U, "B": C}


def test_undetermined_owners_pass_on_undetermined() -> None:
    g = graph([own("X", "A", (40, 60)), own("A", "B", 100)], [listed("X")])
    assert verdicts(g, "ofac-50", "A B") == {"A": U, "B": U}
    assert verdict(g, "ofac-50", "B").owners[0].owner_verdict is U


def test_owners_summing_above_100_never_give_a_certain_verdict() -> None:
    g = graph([own("X", "T", 60), own("W", "T", 70)], [listed("X")])
    found = verdict(g, "ofac-50", "T")
    assert (found.verdict, found.reason) == (U, Reason.CONFLICT)


def test_the_same_stake_stated_twice_is_not_counted_twice_for_certain() -> None:
    again = replace(own("X", "T", 30), id="own-X-T-again")
    g = graph([own("X", "T", 30), again], [listed("X")])
    found = verdict(g, "ofac-50", "T")
    assert found.verdict is U  # 30 % for sure, 60 % if these are two holdings
    assert (found.share.lo, found.share.hi) == (30, 60)
    [witness] = found.owners
    assert {s.id for s in witness.stakes} == {"own-X-T", "own-X-T-again"}


def test_stake_dates_are_evidence_too() -> None:
    stakes = [own("X", "A", 60, end="2020"), own("X", "B", 60, start="2025-06")]
    g = graph(stakes, [listed("X")])
    assert verdicts(g, "ofac-50", "A B", as_of="2021") == {"A": C, "B": C}
    assert verdicts(g, "ofac-50", "A B", as_of="2025") == {"A": C, "B": U}
    assert verdicts(g, "ofac-50", "A B", as_of="2025-07") == {"A": C, "B": R}


def test_the_listed_entity_itself() -> None:
    g = graph([], [listed("X")])
    found = verdict(g, "ofac-50", "X")
    assert (found.verdict, found.reason) == (R, Reason.LISTED)
    assert [f.list_id for f in found.listings] == ["us-ofac-sdn"]


def test_lists_the_rule_does_not_draw_on_do_not_count() -> None:
    g = graph([own("X", "A", 60)], [listed("X", "uk-sanctions-list")])
    assert verdict(g, "ofac-50", "A").verdict is C
    assert verdict(g, "uk-ownership", "A").verdict is R
    # ``lists`` replaces the rule's lists for one question
    assert run(g, "ofac-50", lists=["uk-sanctions-list"]).verdict("A").verdict is R


def test_ofac_did_not_aggregate_before_the_2014_guidance() -> None:
    g = graph([own("X", "T", 30), own("Y", "T", 25)], [listed("X"), listed("Y")])
    assert verdict(g, "ofac-50", "T", as_of="2013").verdict is C
    assert verdict(g, "ofac-50", "T", as_of="2015").verdict is R
    assert verdict(g, "ofac-50", "T", as_of="2007").reason is Reason.NOT_IN_FORCE


def test_eu_threshold_changed_on_2024_07_03() -> None:
    g = graph([own("X", "A", 50)], [listed("X")])
    assert verdict(g, "eu-ownership", "A", as_of="2024-07-02").verdict is C
    assert verdict(g, "eu-ownership", "A", as_of="2024-07-03").verdict is R
    straddling = verdict(g, "eu-ownership", "A", as_of="2024")
    assert straddling.verdict is U
    assert "changed within 2024" in straddling.explanation


def test_bis_affiliates_rule_suspended_for_a_year() -> None:
    g = graph([own("X", "A", 50)], [listed("X")])
    assert verdict(g, "bis-affiliates", "A", as_of="2025-10-15").verdict is R
    suspended = verdict(g, "bis-affiliates", "A", as_of="2026-03")
    assert (suspended.verdict, suspended.reason) == (C, Reason.NOT_IN_FORCE)
    assert "Suspended" in suspended.explanation
    assert verdict(g, "bis-affiliates", "A", as_of="2026-12-01").verdict is R
    assert verdict(g, "bis-affiliates", "A", as_of="2025-06").reason is Reason.NOT_IN_FORCE


def test_bis_applies_to_foreign_entities_but_us_vehicles_pass_ownership_on() -> None:
    g = graph([own("X", "US", 100), own("US", "F", 100)], [listed("X")], {"US": ("us",)})
    found = run(g, "bis-affiliates")
    assert (found.verdict("US").verdict, found.verdict("US").reason) == (C, Reason.EXEMPT)
    assert found.verdict("F").verdict is R
    assert found.derived() == ["F"]


def test_bis_counts_sdns_only_under_the_744_8_programmes() -> None:
    stakes = [own("S1", "A", 60), own("S2", "B", 60)]
    sdn = "us-ofac-sdn"
    g = graph(stakes, [listed("S1", sdn, program="SDGT"), listed("S2", sdn, program="CUBA")])
    assert verdicts(g, "bis-affiliates", "A B") == {"A": R, "B": C}


def test_uk_indirect_ownership_through_majority_stakes() -> None:
    g = graph(
        [own("X", "A", 51), own("A", "B", 51), own("X", "C", 30), own("A", "C", 30)], [listed("X")]
    )
    assert verdicts(g, "uk-ownership", "A B C") == {"A": R, "B": R, "C": R}


def test_uk_does_not_add_up_different_designated_persons_through_vehicles() -> None:
    stakes = [own("X", "A", 100), own("Y", "B", 100), own("A", "T", 30), own("B", "T", 30)]
    g = graph(stakes, [listed("X"), listed("Y")])
    assert verdicts(g, "uk-ownership", "A B T") == {"A": R, "B": R, "T": C}
    assert verdict(g, "uk-ownership", "T").share.hi == 30  # the largest single holding
    assert verdict(g, "ofac-50", "T").verdict is R


def test_eu_control_of_a_parent_reaches_its_group() -> None:
    g = graph([control("X", "P"), own("P", "S", 60), own("S", "S2", 50)], [listed("X")])
    assert verdicts(g, "eu-ownership", "P S S2") == {"P": R, "S": R, "S2": R}
    assert verdicts(g, "ofac-50", "P S S2") == {"P": C, "S": C, "S2": C}


def test_explanation_names_the_owners_and_their_shares() -> None:
    g = graph([own("X", "A", 50), own("A", "B", 50)], [listed("X")])
    g.names.update({"X": "Xavier Holdings", "B": "Bravo Ltd"})
    text = verdict(g, "ofac-50", "B").explanation
    assert text.startswith("RESTRICTED: listed or restricted owners hold 50 % of Bravo Ltd (B)")
    assert "A 50 % (restricted by ownership)" in text
    text = verdict(g, "ofac-50", "A").explanation
    assert "Xavier Holdings (X) 50 % (listed on us-ofac-sdn)" in text
