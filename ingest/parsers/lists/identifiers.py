"""Identity documents and registration numbers as ``scheme:value`` identifiers.

Schemes are FollowTheMoney's property names (``passportNumber``, ``idNumber``,
``taxNumber``, ``registrationNumber``, ``imoNumber``, ...), the same the FtM parser writes,
so one passport matches across an OFAC file and an OpenSanctions export. A document type
no rule knows keeps its own name as the scheme (``RUC #`` → ``ruc``); contact details
(e-mail, website, phone) are not identifiers and are left to the description.
"""

from __future__ import annotations

import re

from entanglements.ingest.parsers.lists.text import slug

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), scheme)
    for pattern, scheme in (
        (r"passport", "passportNumber"),
        (r"\bimo\b", "imoNumber"),
        (r"\bmmsi\b", "mmsi"),
        (r"swift|\bbic\b", "swiftBic"),
        (r"legal entity (number|identifier)|\blei\b", "leiCode"),
        (r"\binn\b", "innCode"),
        (r"\bogrn\b", "ogrnCode"),
        (r"social security|\bssn\b", "socialSecurityNumber"),
        (r"call ?sign", "callSign"),
        (r"digital currency|crypto", "cryptoWallet"),
        (r"\btax\b|\brfc\b|\bnit\b|\bvat\b|\bruc\b|\bcuit\b|\bcnpj\b|\bcpf\b", "taxNumber"),
        (r"regist|company (number|no)|\bcrn\b|commercial", "registrationNumber"),
        (
            r"national|identity|identification|\bid\b|cedula|c[eé]dula|\bnic\b|\bdni\b|\bcurp\b",
            "idNumber",
        ),
    )
)
_CONTACT = re.compile(r"e-?mail|website|web site|phone|fax|\burl\b", re.I)
MAX_IDENTIFIER = 300


def scheme_of(kind: str) -> str | None:
    """The scheme for a document type; None for contact details (not identifiers)."""
    if _CONTACT.search(kind):
        return None
    for pattern, scheme in _RULES:
        if pattern.search(kind):
            return scheme
    return slug(kind) if kind.strip() else "idNumber"


CONTACT = "contact detail, not an identifier (kept in the remarks)"
TOO_LONG = f"identifier longer than {MAX_IDENTIFIER} characters"


def identifier_or_reason(kind: str, value: str) -> tuple[str | None, str | None]:
    """``(scheme:value, None)``, or ``(None, why not)``: a contact detail, or a value too
    long to be a document number (cut, it would name another document); ``(None, None)``
    for an empty value."""
    value = " ".join(value.split())
    if not value:
        return None, None
    scheme = scheme_of(kind[:200])
    if scheme is None:
        return None, CONTACT
    found = f"{scheme}:{value}"
    return (found, None) if len(found) <= MAX_IDENTIFIER else (None, TOO_LONG)


def identifier(kind: str, value: str) -> str | None:
    """``scheme:value`` (None when the type is a contact detail or the value is empty)."""
    return identifier_or_reason(kind, value)[0]
