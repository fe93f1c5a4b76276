"""What the matcher compares: one party (a query or a candidate) reduced to its facts.

A party is built from user input (a screening query, a CSV row) or from a stored entity.
`Party.build` validates user input and raises `BadInputError` with a one-line reason, so
the API and the CLI report bad queries the same way. `Party.lenient` is for screening
dirty rows (partner files, KYC exports): a field that cannot be read is ignored with a
warning, and only a query with no usable name is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rigour.territories import get_territory

from entanglements.core.dates import PartialDate, PartialDateError
from entanglements.core.errors import BadInputError
from entanglements.core.vocab import entity_kinds

#: Longest name the matcher accepts; longer text is not a name but a paragraph.
MAX_NAME_CHARS = 500
#: Most names (name plus aliases) one query may carry.
MAX_NAMES = 50

_LETTER = re.compile(r"\w", re.UNICODE)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Party:
    """A query or a candidate: kind (FollowTheMoney schema), names and supporting facts."""

    kind: str
    names: tuple[str, ...]
    weak_aliases: tuple[str, ...] = ()
    birth_dates: tuple[PartialDate, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        *,
        kind: str = "LegalEntity",
        name: str,
        aliases: Sequence[str] = (),
        weak_aliases: Sequence[str] = (),
        birth_dates: Sequence[str | PartialDate] = (),
        countries: Sequence[str] = (),
        identifiers: Sequence[str] = (),
    ) -> Party:
        """Validate user input; raise `BadInputError` naming the first bad field."""
        if kind not in entity_kinds():
            raise BadInputError(
                f"unknown kind {kind[:40]!r}: expected a FollowTheMoney schema such as "
                "Person, Organization, Company, LegalEntity, Vessel"
            )
        names = [_check_name(name, "name")]
        names += [_check_name(a, "aliases") for a in aliases]
        if len(names) > MAX_NAMES:
            raise BadInputError(f"aliases: at most {MAX_NAMES - 1} aliases per query")
        return cls(
            kind=kind,
            names=_unique(names),
            weak_aliases=_unique(_check_name(a, "weak aliases") for a in weak_aliases),
            birth_dates=tuple(_check_date(d) for d in birth_dates),
            countries=_unique(_check_country(c) for c in countries),
            identifiers=_unique(i.strip() for i in identifiers if i.strip()),
        )

    @classmethod
    def lenient(
        cls,
        *,
        kind: str = "LegalEntity",
        name: str,
        aliases: Sequence[str] = (),
        birth_dates: Sequence[str | PartialDate] = (),
        countries: Sequence[str] = (),
        identifiers: Sequence[str] = (),
    ) -> tuple[Party, tuple[str, ...]]:
        """The party and a warning per value ignored (a date, country, kind or alias that
        cannot be read); `BadInputError` only when neither the name nor an alias is usable."""
        warnings: list[str] = []
        names = _kept(warnings, lambda v: _check_name(v, "name"), [name], "name")
        names += _kept(warnings, lambda v: _check_name(v, "alias"), aliases, "alias")
        if not names:
            raise BadInputError(f"no usable name ({'; '.join(warnings)})")
        if len(names) > MAX_NAMES:
            warnings.append(f"aliases beyond the first {MAX_NAMES - 1} ignored")
        if kind not in entity_kinds():
            warnings.append(f"kind {kind[:40]!r} ignored: not a FollowTheMoney schema")
            kind = "LegalEntity"
        party = cls(
            kind=kind,
            names=_unique(names[:MAX_NAMES]),
            birth_dates=tuple(_kept(warnings, _check_date, birth_dates, "birth date")),
            countries=_unique(_kept(warnings, _known_country, countries, "country")),
            identifiers=_unique(i.strip() for i in identifiers if i.strip()),
        )
        return party, tuple(warnings)


def _kept(
    warnings: list[str], check: Callable[[Any], T], values: Iterable[Any], field: str
) -> list[T]:
    """The values ``check`` accepts; a warning for each one it refuses."""
    kept: list[T] = []
    for value in values:
        try:
            kept.append(check(value))
        except BadInputError as exc:
            warnings.append(f"{field} {str(value)[:40]!r} ignored: {_reason(exc)}")
    return kept


def _known_country(value: str) -> str:
    code = _check_country(value)
    if get_territory(code) is None:
        raise BadInputError(f"countries: {code!r} is not a known country code")
    return code


def _reason(exc: BadInputError) -> str:
    """``birth date: impossible date …`` → ``impossible date …`` (the field is said first)."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _check_name(value: str, field: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise BadInputError(f"{field}: a name may not be empty")
    if len(text) > MAX_NAME_CHARS:
        raise BadInputError(f"{field}: a name may have at most {MAX_NAME_CHARS} characters")
    if not _LETTER.search(text):
        raise BadInputError(f"{field}: {text[:40]!r} has no letter or digit")
    return text


def _check_date(value: str | PartialDate) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value)
    except PartialDateError as exc:
        raise BadInputError(f"birth date: {exc}") from None


def _check_country(value: str) -> str:
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2}(-[a-z0-9]{1,8})*", code):
        raise BadInputError(f"countries: {value[:20]!r} is not an ISO 3166 alpha-2 code, e.g. cn")
    return code
