"""OFAC's legacy CSV keeps most facts in the free-text ``Remarks`` cell:
``DOB 05 Jun 1950; alt. DOB 1951; POB Sargodha, Pakistan; nationality Pakistan;
Passport BE5978421 (Pakistan) issued 14 Nov 2007; Gender Male; a.k.a. 'TATA JI'; ...``.

The parts this module understands fill the entry; the remarks stay whole as the
listing's reason, so a part it does not understand is still on record.
"""

from __future__ import annotations

import re

from entanglements.ingest.parsers.lists.entries import Entry
from entanglements.ingest.parsers.lists.ofac import add_typed

_ALT = re.compile(r"^alt\.\s+", re.I)
_QUOTED = re.compile(r"'([^']+)'")
_AKA = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s", re.I)
_TYPED = re.compile(
    r"^(?P<type>(?:[A-Za-z.'#/&()-]+\s){0,6}?"
    r"(?:No\.|Number|ID|#|Passport|RFC|NIT|RUC|SSN|CURP|C\.U\.R\.P\.|C\.U\.I\.T\.|"
    r"D\.N\.I\.|Identification|IMO|MMSI|SWIFT/BIC|License|Address - [A-Z]{3,5}))"
    r"\s+(?P<value>(?!No\.|Number\b)[^\s(][^(]*?)(?:\s+\((?P<country>[^)]+)\))?"
    r"(?:\s+(?:issued|expires)\b.*)?$"
)


def _split(remarks: str) -> list[str]:
    """``;``-separated parts, outside quotes (an alias may contain a semicolon)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in remarks:
        if char == "'":
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [" ".join(p.split()).rstrip(".").strip() for p in parts if p.strip()]


def _part(entry: Entry, part: str) -> None:
    key, _, rest = part.partition(" ")
    lowered = key.lower()
    if lowered == "dob":
        entry.add_birth_dates(rest)
    elif lowered == "pob":
        entry.birth_places.append(rest)
    elif lowered in ("nationality", "citizen"):
        entry.add_country(rest)
    elif lowered == "gender":
        entry.set_gender(rest)
    elif _AKA.match(part):
        entry.weak_aliases.extend(_QUOTED.findall(part))
    elif match := _TYPED.match(part):
        add_typed(entry, match["type"], match["value"], match["country"] or "")


def read_remarks(entry: Entry, remarks: str) -> None:
    for part in _split(remarks):
        _part(entry, _ALT.sub("", part))
