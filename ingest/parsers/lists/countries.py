"""Country names and codes as the publishers write them, turned into current codes.

Names go through rigour's territory table and FollowTheMoney's country type (what the FtM
parser uses), which also know *historical* and sub-national territories: ``former Soviet
Union`` → ``suhh``, ``Serbia and Montenegro`` → ``csxx``, ``Crimea`` → ``ua-cri``. None of
those is a country code the graph stores (ISO 3166 alpha-2), so every code is resolved to
a current one (docs/ingest.md, "Countries"):

- a historical territory with exactly one successor becomes it (``dd``/``ddde`` East
  Germany → ``de``, ``zr`` Zaire → ``cd``, ``az-nk`` Artsakh → ``az``);
- one with several (``suhh``, ``csxx``, ``cshh``, ``yucs``, ``an``) names no single
  country: the value is skipped and counted, never stored or guessed;
- a part of a country (``gb-sct``, ``ua-cri``, ``x-so``) becomes the country it is in;
- ``xk`` (Kosovo, the code the EU, the UK and FtM use) is kept;
- what is not a country (``eu``, ``un``, ``zz``, ``ip``) is skipped and counted.
"""

from __future__ import annotations

from functools import lru_cache

from followthemoney.types import registry
from rigour.territories import get_territories
from rigour.territories.territory import Territory

from entanglements.ingest.parsers.lists.text import clean

NOT_RECOGNISED = "country not recognised"
_NOT_COUNTRIES = frozenset({"unknown", "00", "-", "n/a", "none", "stateless"})
#: Codes of bodies and placeholders in FtM's table that are no country of a party.
_NOT_TERRITORIES = frozenset({"eu", "un", "zz", "ip"})
#: Codes older FtM versions wrote that today's table spells otherwise.
_OLD_CODES = {"ddde": "dd"}


def _current(territory: Territory, seen: frozenset[str] = frozenset()) -> str | None:
    """The current alpha-2 code a territory stands for, or None when there is no one."""
    if territory.code in seen:
        return None
    seen |= {territory.code}
    if territory.is_historical:
        successors = {_current(s, seen) for s in territory.successors}
        return successors.pop() if len(successors) == 1 else None
    if len(territory.code) == 2:
        return None if territory.code in _NOT_TERRITORIES else territory.code
    return _current(territory.parent, seen) if territory.parent is not None else None


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str | None]]:
    """Names → code (rigour's own names, exact) and code → current code."""
    names: dict[str, str] = {}
    current: dict[str, str | None] = {}
    for territory in get_territories():
        resolved = _current(territory)
        for code in territory.codes:
            current.setdefault(code.casefold(), resolved)
        for key in (territory.name, territory.full_name, territory.code, territory.alpha3):
            if key:
                names.setdefault(key.casefold(), territory.code)
    for old, new in _OLD_CODES.items():
        current[old] = current[new]
        names[old] = new
    return names, current


@lru_cache(maxsize=4_096)
def resolve_country(text: str) -> tuple[str | None, str | None]:
    """``(code, None)`` for a current ISO 3166 alpha-2 code (lower case), else ``(None,
    reason)``; ``(None, None)`` for an empty value or an explicit "unknown". Exact names
    first, then FollowTheMoney's fuzzy country type (``Iran (Islamic Republic of)`` →
    ``ir``, ``Korea, North`` → ``kp``; its first use builds a name index, ~5 s)."""
    text = clean(text).strip()
    if not text or text.casefold() in _NOT_COUNTRIES:
        return None, None
    if len(text) > 200:
        return None, NOT_RECOGNISED
    names, current = _tables()
    found = names.get(text.casefold()) or registry.country.clean_text(text)
    if not found:
        return None, NOT_RECOGNISED
    code = str(found).casefold()
    resolved = current.get(code)
    if resolved:
        return resolved, None
    if code in _NOT_TERRITORIES:
        return None, f"not a country ({code})"
    if code in current:
        return None, f"historical country {code}: no single current country"
    return None, NOT_RECOGNISED


def country_code(text: str) -> str | None:
    """The current alpha-2 code of a country name or code, else None (see above)."""
    return resolve_country(text)[0]
