from datetime import date

import pytest

from entanglements.core.dates import PartialDate, PartialDateError, before


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("2019-04-12", date(2019, 4, 12), date(2019, 4, 12)),
    ],
)
def test_bounds(text: str, lo: date, hi: date) -> None:
    parsed = PartialDate.parse(text)
    assert (parsed.lo, parsed.hi, str(parsed)) == (lo, hi, text)


@pytest.mark.parametrize(
    "text", ["", "19", "2019-13", "2019-02-30", "2019/04", "0999", "abc", "٢٠١٩"]
)
def test_rejects(text: str) -> None:
    with pytest.raises(PartialDateError):
        PartialDate.parse(text)


def test_before_is_none_when_periods_overlap() -> None:
    p = PartialDate.parse
    assert before(p("2018"), p("2019-05")) is True
    assert before(p("2020-01-01"), p("2019")) is False
    assert before(p("2019-05-12"), p("2019-05-12")) is False
    assert before(p("2019"), p("2019-05-12")) is None
    assert before(None, p("2019")) is None
