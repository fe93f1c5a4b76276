"""Small text helpers shared by the list parsers: lenient decoding, country names, slugs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from followthemoney.types import registry
from rigour.territories import get_territories

from entanglements.ingest.inputs import MAX_LINE_BYTES, LineError

_BOM = b"\xef\xbb\xbf"
_SUBSTITUTE = "\x1a"  # DOS end-of-file marker: OFAC's legacy files end with it


def lenient_lines(stream: BinaryIO) -> Iterator[str]:
    """Lines with their ends, for ``csv.reader``: UTF-8, else Windows-1252 (what the
    publishers' "Latin-1" files really are), else Latin-1; a trailing 0x1A is dropped.
    A line over ``MAX_LINE_BYTES`` raises ``LineError``."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise LineError(number, f"line longer than {MAX_LINE_BYTES // 1_000_000} MB")
        if number == 1:
            raw = raw.removeprefix(_BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
        text = text.replace(_SUBSTITUTE, "")
        if text.strip() or number == 1:
            yield text


_NOT_COUNTRIES = frozenset({"unknown", "00", "-", "n/a", "none", "stateless"})


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    """Names and codes of every territory (rigour's table, what FtM's country type uses)."""
    found: dict[str, str] = {}
    for territory in get_territories():
        code = territory.ftm_country or territory.code
        for key in (territory.name, territory.full_name, territory.code, territory.alpha3):
            if key:
                found.setdefault(key.casefold(), code)
    return found


@lru_cache(maxsize=4_096)
def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 (lower case) of a country name, code or demonym: the exact names
    first, then FollowTheMoney's fuzzy country type (``Iran (Islamic Republic of)`` →
    ``ir``, ``Korea, North`` → ``kp``; its first use builds a name index, ~5 s); else None."""
    text = text.strip()
    if not text or text.casefold() in _NOT_COUNTRIES:
        return None
    code = _territories().get(text.casefold()) or registry.country.clean_text(text)
    return str(code).lower().split("-")[0] if code else None


def slug(text: str) -> str:
    """``Al-Qaida`` → ``al-qaida``; ids of lists per programme."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "unspecified"


_REF_CHARS = re.compile(r"[^A-Za-z0-9._:/+-]+")


def reference(text: str) -> str:
    """A publisher's reference made safe for an id (``QDi.237`` stays as is)."""
    return _REF_CHARS.sub("-", text.strip()).strip("-.")[:150]


def join(*parts: str | None) -> str:
    """Name parts joined by single spaces, blanks left out."""
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())
