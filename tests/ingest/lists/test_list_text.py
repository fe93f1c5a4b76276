"""The publishers' dates and encodings, read defensively."""

from __future__ import annotations

import io

import pytest

from entanglements.ingest.parsers.lists.countries import country_code
from entanglements.ingest.parsers.lists.dates import loose_dates
from entanglements.ingest.parsers.lists.identifiers import identifier
from entanglements.ingest.parsers.lists.text import lenient_lines


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("1959-09-24", "dmy", ["1959-09-24"]),
        ("05 Jun 1950", "dmy", ["1950-06-05"]),
        ("Apr 1961", "dmy", ["1961-04"]),
        ("circa-1951", "dmy", ["1951"]),
        ("APPROXIMATELY 1975", "dmy", ["1975"]),
        ("10/00/1983", "dmy", ["1983"]),  # month 00: the day means nothing either
        ("00/04/1984", "dmy", ["1984-04"]),
        ("00/00/1936", "dmy", ["1936"]),
        ("08/24/2022", "mdy", ["2022-08-24"]),
        ("1951 to 1953", "dmy", ["1951", "1952", "1953"]),
        ("01 Jan 1976 to 31 Dec 1978", "dmy", ["1976", "1977", "1978"]),
        ("BETWEEN 1900 AND 1950", "dmy", ["1900", "1950"]),  # too wide for every year
        ("05 Jun 1950 to 07 Jun 1950", "dmy", ["1950-06-05", "1950-06-07"]),
        ("31/02/1970", "dmy", []),  # no such day: no date rather than a wrong one
        ("unknown", "dmy", []),
        ("1978 to 1976", "dmy", []),
    ],
)
def test_loose_dates(text: str, order: str, expected: list[str]) -> None:
    assert [str(d) for d in loose_dates(text, order)] == expected  # type: ignore[arg-type]


def test_latin1_lines_and_the_trailing_substitute() -> None:
    data = 'é,"CAFÉ"\r\n'.encode() + 'ü,"MÜLLER"\r\n'.encode("latin-1") + b"\x1a"
    assert list(lenient_lines(io.BytesIO(data))) == ['é,"CAFÉ"\r\n', 'ü,"MÜLLER"\r\n']


@pytest.mark.parametrize(
    ("name", "code"),
    [("Pakistan", "pk"), ("DZ", "dz"), ("Iran (Islamic Republic of)", "ir"), ("UNKNOWN", None)],
)
def test_country_names(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("Passport", "BE5978421", "passportNumber:BE5978421"),
        ("National ID No.", "23250460642", "idNumber:23250460642"),
        ("RUC #", "991715-1-534344", "taxNumber:991715-1-534344"),
        ("Email Address", "x@example.org", None),
        ("Kenyan Driving Permit", "K1", "kenyan-driving-permit:K1"),
    ],
)
def test_identifier_schemes(kind: str, value: str, expected: str | None) -> None:
    assert identifier(kind, value) == expected


@pytest.mark.parametrize("size", [1, 3, 64, -1])
def test_the_xml_filter_returns_valid_utf8_in_any_read_size(size: int) -> None:
    """Bytes that are not UTF-8 become U+FFFD, control characters XML forbids go, each
    counted; a read never returns more than asked nor b"" before the end."""
    from entanglements.ingest.parsers.lists.xmlstream import _Utf8Filter

    data = ("<a>é\x01\x02x</a>" * 5).encode() + b"<b>\xff</b>"
    stream = _Utf8Filter(io.BytesIO(data))
    out = b""
    while chunk := stream.read(size):
        assert size < 0 or len(chunk) <= size
        out += chunk
    assert out.decode("utf-8") == "<a>éx</a>" * 5 + "<b>\ufffd</b>"
    assert (stream.replaced, stream.removed) == (1, 10)
