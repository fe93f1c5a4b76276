"""Property tests per official format (issue 24): in each publisher's sample, one value of
one entry is replaced with garbage (wrong types, empty, 10,000 characters, control
characters, impossible dates, unknown and historical countries, bytes that are no text);
the file still parses with no error, every other entry's records are what they are with a
valid value there, the damaged entry is still loaded (unless the value was its name or
reference, which may skip it), and a value that cannot be the field is counted.

Seeded and bounded: ``CASES`` draws per format, each a pair of parses of the sample."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from entanglements.core.models import AnyRecord
from entanglements.core.settings import Settings
from entanglements.ingest.inputs import resolve
from entanglements.ingest.parsers import parse
from entanglements.ingest.pipeline import ingest_paths
from tests.db import SyncDb
from tests.ingest.lists.helpers import BIS, EU, OFAC_CONS, OFAC_XML, UK, UN

pytestmark = pytest.mark.skipif(not UN.is_file(), reason="../shared/data is not present")

CASES = 25
_MARK = "QQGARBAGEQQ"

#: The garbage, as bytes put into the file (escaped for XML / CSV quoting).
GARBAGE: dict[str, bytes] = {
    "wrong type": b'{"a": [1, 2], "b": null}',
    "number": b"-12345.6e7",
    "empty": b"",
    "10,000 characters": b"A" * 10_000,
    "control characters": b"ab\x00c\x07d\x1b[0m",
    "impossible date": b"1974-01-32",
    "unknown country": b"Atlantis",
    "historical country": b"Soviet Union",
    "broken encoding": b"\xc3\x28\x81\xff",
}
_NOT_TEXT = {"control characters", "broken encoding"}
_ANY = set(GARBAGE) - {"empty"}
#: Per kind of field, the garbage that cannot be a value of it, so must be counted.
COUNTED: dict[str, set[str]] = {
    "date": _ANY,
    "country": _ANY,
    "gender": _ANY,
    "name": {"10,000 characters"} | _NOT_TEXT,
    "identifier": {"10,000 characters"} | _NOT_TEXT,
    "programme": {"10,000 characters"} | _NOT_TEXT,
    "text": _NOT_TEXT,
    "ref": {"10,000 characters", "wrong type"} | _NOT_TEXT,  # else a plausible reference
}
#: Fields whose value decides the entity's id or whether it has a name.
_IDENTITY = {"name", "ref"}


@dataclass(frozen=True)
class Field:
    kind: str  # a key of COUNTED
    where: str  # XPath (XML: ``@attr`` last for an attribute) or CSV column (file:index)
    valid: str  # a valid value of this field, for the comparison parse


@dataclass(frozen=True)
class Format:
    name: str
    paths: list[Path]
    fields: list[Field]
    options: dict[str, Any]
    mutate: Callable[[Format, Path, list[Change]], Path]


Change = tuple[Field, int, bytes]  # a field, which of its matches, the value to put there


def _xml_escape(data: bytes) -> bytes:
    return data.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b'"', b"&quot;")


def _mutate_xml(fmt: Format, tmp: Path, changes: list[Change]) -> Path:
    """The sample with, per change, the ``pick``-th match of the field's XPath set."""
    tree = etree.parse(str(fmt.paths[0]))
    for number, (field, pick, _) in enumerate(changes):
        path, _, attribute = field.where.partition("/@")
        nodes = tree.xpath(path)
        node = nodes[pick % len(nodes)]
        if attribute:
            node.set(attribute, f"{_MARK}{number}Q")
        else:
            node.text = f"{_MARK}{number}Q"
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    for number, (_, _, value) in enumerate(changes):
        data = data.replace(f"{_MARK}{number}Q".encode(), _xml_escape(value))
    out = tmp / fmt.paths[0].name
    out.write_bytes(data)
    return out


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("unreachable: latin-1 decodes anything")


def _mutate_csv(fmt: Format, tmp: Path, changes: list[Change]) -> Path:
    """The sample's files rewritten; per change (``file:column``), the cell of one data
    row (not the first, which tells the format) set, quoted."""
    delimiter = "\t" if fmt.name == "bis-dpl" else ","
    folder = tmp / fmt.name
    folder.mkdir(exist_ok=True)
    for path in fmt.paths:
        text, encoding = _decode(path.read_bytes().rstrip(b"\x1a"))
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        for number, (field, pick, _) in enumerate(changes):
            name, column = field.where.split(":")
            if path.name != name:
                continue
            skip = {"uk-hmt": 3, "bis-dpl": 2}.get(fmt.name, 1)
            row = rows[skip + pick % (len(rows) - skip)]
            while len(row) <= int(column):
                row.append("")
            row[int(column)] = f"{_MARK}{number}Q"
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        data = buffer.getvalue().encode(encoding)
        for number, (_, _, value) in enumerate(changes):
            quoted = b'"' + value.replace(b'"', b'""') + b'"'
            data = data.replace(f"{_MARK}{number}Q".encode(), quoted)
        (folder / path.name).write_bytes(data)
    return folder


def _ns(path: str) -> str:
    """``a/b/@c`` as an XPath that ignores namespaces (OFAC's and the EU's files have one)."""
    steps = [p if p.startswith("@") else f"*[local-name()='{p}']" for p in path.split("/")]
    return "//" + "/".join(steps)


def _uk(column: str) -> int:
    header = next(csv.reader(io.StringIO(UK.read_text(encoding="utf-8").splitlines()[1])))
    return [h.lower() for h in header].index(column.lower())


#: Per format: (kind, where, a valid value). ``where`` is an XPath below an entry for XML
#: (``@name`` for an attribute), ``file:column`` for CSV.
_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "un-sc": [
        ("name", "INDIVIDUAL/FIRST_NAME", "ALICE"),
        ("name", "INDIVIDUAL/INDIVIDUAL_ALIAS/ALIAS_NAME", "ALIAS ONE"),
        ("programme", "INDIVIDUAL/UN_LIST_TYPE", "Al-Qaida"),
        ("date", "INDIVIDUAL/LISTED_ON", "2001-01-25"),
        ("date", "INDIVIDUAL/INDIVIDUAL_DATE_OF_BIRTH/YEAR", "1961"),
        ("country", "INDIVIDUAL/NATIONALITY/VALUE", "Pakistan"),
        ("country", "INDIVIDUAL/INDIVIDUAL_ADDRESS/COUNTRY", "Pakistan"),
        ("identifier", "INDIVIDUAL/INDIVIDUAL_DOCUMENT/NUMBER", "A123456"),
        ("text", "INDIVIDUAL/COMMENTS1", "A remark."),
        ("text", "INDIVIDUAL/DESIGNATION/VALUE", "Minister"),
        ("ref", "INDIVIDUAL/REFERENCE_NUMBER", "QDi.999"),
    ],
    "ofac-xml": [
        ("name", "sdnEntry/lastName", "SMITH"),
        ("name", "sdnEntry/akaList/aka/lastName", "JONES"),
        ("programme", "sdnEntry/programList/program", "SDGT"),
        ("date", "sdnEntry/dateOfBirthList/dateOfBirthItem/dateOfBirth", "05 Jun 1950"),
        ("country", "sdnEntry/nationalityList/nationality/country", "Pakistan"),
        ("country", "sdnEntry/addressList/address/country", "Iran"),
        ("identifier", "sdnEntry/idList/id/idNumber", "BE5978421"),
        ("text", "sdnEntry/addressList/address/city", "Lahore"),
        ("ref", "sdnEntry/uid", "999999"),
    ],
    "eu-fsf": [
        ("name", "sanctionEntity/nameAlias/@wholeName", "Abid X"),
        ("gender", "sanctionEntity/nameAlias/@gender", "M"),
        ("programme", "sanctionEntity/regulation/@programme", "TAQA"),
        ("date", "sanctionEntity/@designationDate", "2008-07-03"),
        ("date", "sanctionEntity/birthdate/@birthdate", "1965-12-12"),
        ("country", "sanctionEntity/citizenship/@countryIso2Code", "DZ"),
        ("identifier", "sanctionEntity/identification/@number", "A123"),
        ("text", "sanctionEntity/address/@city", "Algiers"),
        ("ref", "sanctionEntity/@euReferenceNumber", "EU.999.1"),
    ],
    "ofac-csv": [
        ("name", "cons_prim.csv:1", "SMITH, John"),
        ("programme", "cons_prim.csv:3", "SDGT"),
        ("text", "cons_prim.csv:4", "Director"),
        ("country", "cons_prim.csv:9", "Panama"),
        ("text", "cons_prim.csv:11", "Website www.example.org."),
        ("ref", "cons_prim.csv:0", "999999"),
        ("name", "cons_alt.csv:3", "SMITH, Jack"),
        ("country", "cons_add.csv:4", "Russia"),
        ("text", "cons_add.csv:2", "1 Main Street"),
    ],
    "uk-hmt": [
        (kind, f"sample_hmt.csv:{_uk(column)}", valid)
        for kind, column, valid in (
            ("name", "Name 6", "SMITH"),
            ("name", "Name 1", "John"),
            ("date", "DOB", "01/02/1970"),
            ("date", "Listed On", "01/02/2010"),
            ("country", "Nationality", "Iran"),
            ("country", "Country", "Iran"),
            ("identifier", "Passport Number", "A123"),
            ("programme", "Regime", "Iran"),
            ("text", "Position", "Minister"),
            ("text", "Other Information", "More."),
        )
    ],
    "bis-dpl": [
        ("name", "dpl_2022.txt:0", "JOHN SMITH"),
        ("country", "dpl_2022.txt:4", "US"),
        ("date", "dpl_2022.txt:6", "06/19/2003"),
        ("date", "dpl_2022.txt:7", "06/29/2056"),
        ("text", "dpl_2022.txt:1", "1 MAIN STREET"),
    ],
}
_FILES: dict[str, tuple[list[Path], dict[str, Any]]] = {
    "un-sc": ([UN], {}),
    "ofac-xml": ([OFAC_XML], {}),
    "eu-fsf": ([EU], {}),
    "ofac-csv": (sorted(OFAC_CONS.glob("cons_*.csv")), {"version_date": "2022-04-01"}),
    "uk-hmt": ([UK], {}),
    "bis-dpl": ([BIS], {"version_date": "2022-09-01"}),
}


def _format(name: str) -> Format:
    paths, options = _FILES[name]
    xml = paths[0].suffix == ".xml"
    fields = [Field(k, _ns(w) if xml else w, v) for k, w, v in _FIELDS[name]]
    return Format(name, paths, fields, options, _mutate_xml if xml else _mutate_csv)


FORMATS = [_format(name) for name in _FILES]


@dataclass
class Parsed:
    #: entity id → its entity record and listings, as plain data
    parties: dict[str, list[dict[str, Any]]]
    skipped: int
    errors: list[str]


def _parse(path: Path, tmp: Path, options: dict[str, Any]) -> Parsed:
    parties: dict[str, list[dict[str, Any]]] = {}
    skipped = 0
    errors: list[str] = []
    for source in resolve([path], "auto", tmp, **options):
        for item in parse(source):
            if item.error:
                errors.append(f"{item.location}: {item.error}")
            skipped += item.skipped is not None
            record: AnyRecord | None = item.record
            if record is None or record.record not in ("entity", "listing"):
                continue
            owner = record.id if record.record == "entity" else record.entity  # type: ignore[union-attr]
            dump = record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            parties.setdefault(owner, []).append(dump)
    return Parsed(parties, skipped, errors)


def _cases() -> list[tuple[str, int]]:
    return [(fmt.name, seed) for fmt in FORMATS for seed in range(CASES)]


@pytest.mark.parametrize(("name", "seed"), _cases())
def test_one_garbage_value_is_left_out_and_counted(name: str, seed: int, tmp_path: Path) -> None:
    fmt = next(f for f in FORMATS if f.name == name)
    rng = random.Random(f"{name}-{seed}")
    field = rng.choice(fmt.fields)
    garbage_name = rng.choice(sorted(GARBAGE))
    pick = rng.randrange(10_000)
    (tmp_path / "valid").mkdir()
    (tmp_path / "bad").mkdir()
    valid_path = fmt.mutate(fmt, tmp_path / "valid", [(field, pick, field.valid.encode())])
    bad_path = fmt.mutate(fmt, tmp_path / "bad", [(field, pick, GARBAGE[garbage_name])])
    case = f"{name} seed {seed}: {garbage_name!r} in {field.where}"

    valid = _parse(valid_path, tmp_path, fmt.options)
    bad = _parse(bad_path, tmp_path, fmt.options)
    assert valid.errors == [], case
    assert bad.errors == [], f"{case}: {bad.errors[:3]}"

    changed = {p for p in valid.parties if bad.parties.get(p) != valid.parties[p]}
    new = set(bad.parties) - set(valid.parties)
    others = sorted(changed)[:5]
    assert len(changed) <= 1 and len(new) <= 1, f"{case}: other entries changed: {others}"
    if field.kind not in _IDENTITY:
        assert not new and set(bad.parties) == set(valid.parties), f"{case}: entry lost"
    if garbage_name in COUNTED[field.kind]:
        assert bad.skipped > valid.skipped, f"{case}: the damaged value is not counted"


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_a_file_full_of_garbage_ingests(
    fmt: Format, db: SyncDb, settings: Settings, tmp_path: Path
) -> None:
    """Every field of the format damaged at once (one entry each): the pipeline, with its
    cross-record checks against the graph, accepts the file (a dry run writes nothing)."""
    rng = random.Random(fmt.name)
    changes = [
        (field, rng.randrange(10_000), GARBAGE[rng.choice(sorted(COUNTED[field.kind]))])
        for field in fmt.fields
    ]
    path = fmt.mutate(fmt, tmp_path, changes)
    summary = db.run(ingest_paths, [path], dry_run=True, **fmt.options)
    assert summary.outcome == "dry-run" and summary.errors == []
    assert sum(summary.skipped.values()) >= len(fmt.fields) // 2
    assert summary.counts["entity"].read > 0
