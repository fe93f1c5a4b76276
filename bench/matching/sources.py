"""Read the third-party lists in ``../shared/data`` into groups of names of one party.

Each group is one listed party with every name its publisher gives it (primary name,
aliases, names in other scripts). The parsers are deliberately small and independent of
the product's ingest, so the labelled set does not inherit the product's own mistakes.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass(frozen=True)
class Facts:
    """What a list says about a party besides its names (comparable forms)."""

    birth_dates: tuple[str, ...] = ()  # ISO, as precise as the list: "1957-01-27", "1966"
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2
    identifiers: tuple[str, ...] = ()  # "IMO 9187629", "Passport 123456"


@dataclass(frozen=True)
class Group:
    source: str
    gid: str
    kind: str  # Person, Organization, Vessel, Airplane
    names: tuple[str, ...]
    facts: Facts = field(default_factory=Facts)
    extra: tuple[tuple[str, str], ...] = ()  # (field, value): structure a source gives


def _kind(text: str) -> str:
    low = text.strip().lower()
    if low in ("individual", "person", "p"):
        return "Person"
    if low in ("vessel", "ship"):
        return "Vessel"
    if low == "aircraft":
        return "Airplane"
    if low in ("entity", "enterprise", "organization", "organisation", "e"):
        return "Organization"
    return "LegalEntity"


def _group(
    source: str,
    gid: str,
    kind: str,
    names: list[str],
    facts: Facts | None = None,
    extra: tuple[tuple[str, str], ...] = (),
) -> Group | None:
    clean = list(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))
    clean = [n for n in clean if n != "-0-" and not re.fullmatch(r"Q[0-9]+", n)]
    return Group(source, gid, kind, tuple(clean), facts or Facts(), extra) if clean else None


_MONTHS = {m: n for n, m in enumerate(calendar.month_abbr) if m}
_DOB = re.compile(r"\bDOB (?:(\d{1,2}) ([A-Z][a-z]{2}) )?(\d{4})\b")
_COUNTRY = re.compile(r"\b(?:nationality|citizen|POB [^;]*,) ([A-Z][A-Za-z .'-]+?)(?:;|\.|$)")
_IDS = re.compile(
    r"\b(IMO (\d{7})|Passport ([A-Z0-9]{6,})|Registration (?:ID|Number) ([A-Z0-9-]{6,}))"
)


def ofac_facts(remarks: str) -> Facts:
    """Birth date, countries and identifiers from an SDN row's remarks (the first DOB only)."""
    from followthemoney.types import registry

    dates = []
    for day, month, year in _DOB.findall(remarks)[:1]:
        if day and month in _MONTHS:
            dates.append(f"{year}-{_MONTHS[month]:02d}-{int(day):02d}")
        else:
            dates.append(year)
    countries = []
    for name in _COUNTRY.findall(remarks):
        code = registry.country.clean(name.strip())
        if code and code not in countries and "-" not in code:
            countries.append(code)
    ids = [m[0] for m in _IDS.findall(remarks)]
    return Facts(tuple(dates), tuple(countries), tuple(dict.fromkeys(ids)))


def ofac() -> Iterator[Group]:
    base = DATA / "official" / "ofac"
    aliases: dict[str, list[str]] = {}
    with (base / "alt.csv").open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) >= 4:
                aliases.setdefault(row[0].strip(), []).append(row[3].strip())
    with (base / "sdn.csv").open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 3 or not row[0].strip().isdigit():
                continue
            kind = _kind(row[2]) if row[2].strip() != "-0-" else "Organization"  # -0-: an entity
            names = [row[1], *aliases.get(row[0].strip(), [])]
            facts = ofac_facts(row[11]) if len(row) > 11 else Facts()
            group = _group("ofac", row[0].strip(), kind, names, facts)
            if group:
                yield group


def ftm(name: str) -> Iterator[Group]:
    path = DATA / "ftm" / name
    with path.open(encoding="utf-8") as f:
        for line in f:
            entity = json.loads(line)
            schema = entity.get("schema")
            if schema not in ("Person", "Organization", "Company", "LegalEntity", "Vessel"):
                continue
            props = entity.get("properties", {})
            names = props.get("name", []) + props.get("alias", [])
            group = _group(f"ftm:{name.split('.')[0]}", entity["id"], schema, names)
            if group:
                yield group


def eu() -> Iterator[Group]:
    root = ET.parse(DATA / "official" / "eu" / "sample_eu.xml").getroot()  # noqa: S314
    for entity in root.iter():
        if not entity.tag.endswith("sanctionEntity"):
            continue
        kind = "Organization"
        names: list[str] = []
        for child in entity:
            if child.tag.endswith("subjectType"):
                kind = _kind(child.get("code", ""))
            if child.tag.endswith("nameAlias") and child.get("wholeName"):
                names.append(child.get("wholeName", ""))
        group = _group("eu", entity.get("logicalId", ""), kind, names)
        if group:
            yield group


def un() -> Iterator[Group]:
    root = ET.parse(DATA / "official" / "un" / "sample_unsc.xml").getroot()  # noqa: S314
    for tag, kind in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for entity in root.iter(tag):
            parts = [
                (entity.findtext(p) or "").strip()
                for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            names = [" ".join(p for p in parts if p)]
            names.append(entity.findtext("NAME_ORIGINAL_SCRIPT") or "")
            for alias in entity.iter(f"{tag}_ALIAS"):
                names.append(alias.findtext("ALIAS_NAME") or "")
            group = _group("un", entity.findtext("DATAID") or "", kind, names)
            if group:
                yield group


def uk() -> Iterator[Group]:
    groups: dict[str, tuple[str, list[str]]] = {}
    with (DATA / "official" / "uk" / "sample_hmt.csv").open(encoding="utf-8-sig") as f:
        next(f)  # "Last Updated" line
        for row in csv.DictReader(f):
            parts = [row.get(f"Name {i}", "") or "" for i in (1, 2, 3, 4, 5)]
            name = " ".join(p for p in parts if p).strip()
            if row.get("Name 6"):
                name = f"{row['Name 6']}, {name}" if name else row["Name 6"]
            gid = row.get("Group ID", "")
            entry = groups.setdefault(gid, (_kind(row.get("Group Type", "")), []))
            entry[1].append(name)
            entry[1].append(row.get("Name Non-Latin Script") or "")
    for gid, (kind, names) in groups.items():
        group = _group("uk", gid, kind, names)
        if group:
            yield group


def csl() -> Iterator[Group]:
    for year in ("2019", "2025"):
        with (DATA / "csl" / f"csl_sample_{year}.csv").open(encoding="utf-8") as f:
            for n, row in enumerate(csv.DictReader(f)):
                alts = [a.strip() for a in (row.get("alt_names") or "").split(";")]
                kind = _kind(row.get("type") or "")
                group = _group("csl", f"{year}-{n}", kind, [row.get("name") or "", *alts])
                if group:
                    yield group


def aspi() -> Iterator[Group]:
    path = DATA / "aspi-defence-universities" / "china-defence-universities.json"
    for value in json.loads(path.read_text(encoding="utf-8"))["values"]:
        meta = value.get("meta", {})
        names = [value["value"], *meta.get("aliases", [])]
        parts = [("subsidiary", v) for v in meta.get("subsidiaries", [])]
        parts += [("subsidiary", v) for v in meta.get("major defence laboratories", [])]
        group = _group("aspi", value["uuid"], "Organization", names, extra=tuple(parts))
        if group:
            yield group


def all_groups() -> list[Group]:
    out: list[Group] = []
    for source in (
        ofac(),
        ftm("sa_wiki_peps_v2.entities.ftm.json"),
        ftm("t1_eu_fsf.entities.ftm.json"),
        eu(),
        un(),
        uk(),
        csl(),
        aspi(),
    ):
        out.extend(source)
    return out
