"""What OFAC's two layouts (``sdnList`` XML, legacy CSV) share: kinds, programmes, the
publication, and reading one typed identifier (``Passport BE5978421 (Pakistan)``)."""

from __future__ import annotations

import re

from entanglements.core.dates import PartialDate
from entanglements.ingest.parsers.lists.entries import Entry, Publication
from entanglements.ingest.parsers.lists.identifiers import CONTACT, identifier_or_reason

SDN_URL = "https://www.treasury.gov/ofac/downloads/sdn.xml"
SDN_CSV_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
CONS_CSV_URL = "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv"
KINDS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
KINDS |= {"aircraft": "Airplane"}
#: idList / remark types that are facts about the listing, not identifiers of the party.
_NOT_IDENTIFIERS = re.compile(
    r"sanctions|transactions prohibited|effective date|listing date|date of|year of|"
    r"established|organization type|target type|executive order|caatsa|ifca|\bpep\b|"
    r"manufacture|aircraft model|nationality of registration|vessel flag|linked to|"
    r"former|designation",
    re.I,
)
_IMO = re.compile(r"^IMO\s*(\d{7})$", re.I)
_PROGRAMME = re.compile(r"[\[\]]")


def publication(set_name: str, url: str, published: PartialDate | None, digest: str) -> Publication:
    """``set_name`` ``sdn`` (the SDN list) or ``cons`` (the non-SDN consolidated lists)."""
    name = {
        "sdn": "OFAC Specially Designated Nationals and Blocked Persons List",
        "cons": "OFAC Consolidated Sanctions List (non-SDN)",
    }[set_name]
    return Publication(
        entity_scheme="ofac",
        ref_scheme=f"ofac-{set_name}",
        list_prefix=f"ofac-{set_name}",
        list_name=name,
        authority="US Treasury Office of Foreign Assets Control",
        country="us",
        url=url,
        published=published,
        digest=digest,
    )


def programmes(cell: str) -> list[str]:
    """``SDGT] [IRGC`` (the CSV's cell) → ``["SDGT", "IRGC"]``."""
    return [p.strip() for p in _PROGRAMME.sub(" ", cell).split("  ") if p.strip()] or [
        p for p in [cell.strip()] if p
    ]


def add_typed(entry: Entry, kind: str, value: str, country: str = "") -> None:
    """One identifier-like fact: an identifier, a gender, a flag, or a counted skip."""
    kind, value = " ".join(kind.split()), " ".join(value.split())
    if not value:
        return
    if kind.lower() == "gender":
        entry.set_gender(value)
        return
    if kind.lower() in ("nationality of registration", "vessel flag"):
        entry.add_country(value)
        return
    if _NOT_IDENTIFIERS.search(kind):
        entry.skipped.append("listing fact, not an identifier (kept in the remarks)")
        return
    imo = _IMO.match(value)
    if imo:
        entry.identifiers.append(f"imoNumber:{imo.group(1)}")
        return
    found, reason = identifier_or_reason(kind, value)
    if found is None:
        entry.skipped.append(reason or CONTACT)
        return
    entry.identifiers.append(found)
    del country  # the issuing country is not the party's country
