"""Shares as evidence: exact figures, ranges, FollowTheMoney's percentage text."""

from __future__ import annotations

import pytest

from entanglements.core.ownership.shares import Share, ShareError, parse_percentage, share_of


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("60", 60, 60),
        ("50.01%", 50.01, 50.01),
        ("33,3 %", 33.3, 33.3),
        ("25-50%", 25, 50),
        ("25 \u2013 50 %", 25, 50),
        ("25% to 50%", 25, 50),
        ("over 50%", 50, 100),
        ("More than 75%", 75, 100),
        ("> 25", 25, 100),
        ("at least 10%", 10, 100),
        ("under 10%", 0, 10),
        ("less than 25%", 0, 25),
        ("<5%", 0, 5),
        ("up to 50 %", 0, 50),
    ],
)
def test_percentage_text_becomes_a_range(text: str, lo: float, hi: float) -> None:
    assert parse_percentage(text) == Share(lo, hi)


@pytest.mark.parametrize("text", ["", "  ", "majority", "about half", "n/a", "1/3"])
def test_unreadable_text_states_no_share(text: str) -> None:
    assert parse_percentage(text) is None


@pytest.mark.parametrize("text", ["150%", "60-40%", "over 120%"])
def test_impossible_text_is_an_error(text: str) -> None:
    with pytest.raises(ShareError):
        parse_percentage(text)


def test_share_of_a_relationship() -> None:
    assert share_of(60, None, None) == Share(60, 60)
    assert share_of(None, 25, 50) == Share(25, 50)
    assert share_of(None, 25, None) == Share(25, 100)
    assert share_of(None, None, 10) == Share(0, 10)
    assert share_of(None, None, None) is None


@pytest.mark.parametrize(
    ("share", "lo", "hi", "message"),
    [
        (-1, None, None, "share minimum -1 is outside 0-100 %"),
        (101, None, None, "outside 0-100 %"),
        (None, 60, 40, "share minimum 60 is above the maximum 40"),
        (None, None, 140, "share maximum 140 is outside 0-100 %"),
    ],
)
def test_bad_shares_say_why(
    share: float | None, lo: float | None, hi: float | None, message: str
) -> None:
    with pytest.raises(ShareError, match=message):
        share_of(share, lo, hi)


def test_display() -> None:
    assert str(Share(50, 50)) == "50 %"
    assert str(Share(25, 50.5)) == "25-50.5 %"
