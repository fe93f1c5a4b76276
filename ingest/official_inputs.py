"""Recognising the publishers' own sanctions-list files, and grouping OFAC's CSV set.

Detection reads the first bytes only: the XML root element (``CONSOLIDATED_LIST`` = UN,
``sdnList`` = OFAC, FSF ``export`` = EU), the UK list's ``Last Updated`` line or header,
the BIS Denied Persons List's tab-separated header, and OFAC's headerless legacy CSV
(first cell a number, ``-0-`` for empty cells; its column count tells the file's role).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from entanglements.core.errors import BadInputError

if TYPE_CHECKING:
    from entanglements.ingest.inputs import Input

UN_SC = "un-sc"
OFAC_XML = "ofac-xml"
OFAC_CSV = "ofac-csv"
EU_FSF = "eu-fsf"
UK_HMT = "uk-hmt"
BIS_DPL = "bis-dpl"
#: A file of OFAC's legacy CSV set other than the primary one: read by the primary's parser.
OFAC_CSV_PART = "ofac-csv-part"
OFFICIAL_FORMATS = (UN_SC, OFAC_XML, OFAC_CSV, EU_FSF, UK_HMT, BIS_DPL)

#: OFAC's legacy files by column count: sdn/cons_prim, alt, add, comments.
OFAC_ROLES = {12: "primary", 5: "alt", 6: "add", 2: "comments"}
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_XML_ROOTS = {b"CONSOLIDATED_LIST": UN_SC, b"sdnList": OFAC_XML, b"export": EU_FSF}


def _xml_root(head: bytes) -> bytes | None:
    """The name of the first element (after the declaration, comments, a DOCTYPE)."""
    for match in _ROOT.finditer(head):
        start = match.start()
        if head[start + 1 : start + 2] not in (b"?", b"!"):
            return match.group(2)
    return None


def ofac_role(head: bytes) -> str | None:
    """The role of a legacy OFAC CSV file from its first row, or None if it is not one."""
    first = head.split(b"\n", 1)[0].decode("latin-1")
    try:
        row = next(csv.reader(io.StringIO(first)))
    except (csv.Error, StopIteration):
        return None
    if not row or not row[0].strip().isdigit():
        return None
    role = OFAC_ROLES.get(len(row))
    if role in ("primary", "alt", "add") and b"-0-" not in head[:65_536]:
        return None  # a headerless CSV that does not use OFAC's empty-cell marker
    return role


def sniff(head: bytes) -> str | None:
    """An official format from a file's first bytes, or None."""
    if head.startswith(b"<"):
        root = _xml_root(head)
        if root == b"export" and b"sanctionEntity" not in head and b"fsd/export" not in head:
            return None
        return _XML_ROOTS.get(root or b"")
    first = head.split(b"\n", 1)[0]
    if first.lower().startswith(b"last updated,") or (
        b"group id" in first.lower() and b"group type" in first.lower()
    ):
        return UK_HMT
    if b"\t" in first and b"street_address" in first.lower() and b"name" in first.lower():
        return BIS_DPL
    if ofac_role(head) is not None:
        return OFAC_CSV
    return None


def ofac_set(path: Path) -> str:
    """``sdn`` (sdn.csv, alt.csv, ...) or ``cons`` (cons_prim.csv, cons_alt.csv, ...)."""
    return "cons" if path.name.lower().startswith("cons_") else "sdn"


def group_ofac(inputs: list[Input]) -> list[Input]:
    """Attach each OFAC companion file (alt, add, comments) to the primary file of its set
    in the same folder; a companion without its primary is an error."""
    primaries = {
        (i.path.resolve().parent, ofac_set(i.path)): i
        for i in inputs
        if i.fmt == OFAC_CSV and i.record_type == "primary"
    }
    companions: dict[tuple[Path, str], list[tuple[str, Path]]] = {}
    for i in inputs:
        if i.fmt != OFAC_CSV_PART:
            continue
        key = (i.path.resolve().parent, ofac_set(i.path))
        if key not in primaries:
            raise BadInputError(
                f"{i.label}: an OFAC CSV {i.record_type} file needs its primary file "
                f"({'cons_prim.csv' if key[1] == 'cons' else 'sdn.csv'}) in the same run"
            )
        companions.setdefault(key, []).append((str(i.record_type), i.path))
    return [
        replace(i, companions=tuple(companions.get(key, ())))
        if (key := (i.path.resolve().parent, ofac_set(i.path))) in primaries and i.fmt == OFAC_CSV
        else i
        for i in inputs
    ]
