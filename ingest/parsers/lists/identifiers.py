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


def identifier(kind: str, value: str) -> str | None:
    """``scheme:value`` (None when the type is a contact detail or the value is empty)."""
    value = " ".join(value.split())
    scheme = scheme_of(kind)
    if not value or scheme is None:
        return None
    return f"{scheme}:{value}"[:MAX_IDENTIFIER]
