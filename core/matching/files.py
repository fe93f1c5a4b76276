"""Partner lists and pairs files: rows to screen or compare, read whole before any query.

``screen`` reads a CSV with a ``name`` column (``kind``, ``birth_date``, ``countries``,
``identifiers``, ``aliases`` optional; lists are ``;``-separated; other columns are passed
through); a cell that cannot be read (a date, a country, a kind) is ignored with a warning
and only a row with no usable name is left unscreened, named by its line. ``compare``
reads a CSV with ``schema,name1,name2`` or JSON Lines ``{"schema": ..., "a":
{ScreeningQuery fields}, "b": {...}}``; there every problem is reported as
``file:line: reason`` (``BadInputError``) before anything is written."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entanglements.core.errors import BadInputError
from entanglements.core.json_input import loads
from entanglements.core.matching.party import Party


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, Any]  # the input row as read (passed through to the output)


@dataclass(frozen=True, slots=True)
class PartyRow(Row):
    party: Party
    #: The cells ignored, each with why (``birth date '1974-01-32' ignored: …``).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnscreenableRow(Row):
    """A row with no usable name: reported by its line, not screened."""

    reason: str


@dataclass(frozen=True, slots=True)
class PairRow(Row):
    a: Party
    b: Party


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _columns(values: dict[str, str], name_key: str) -> dict[str, Any]:
    birth = (values.get("birth_date") or "").strip()
    return {
        "kind": (values.get("kind") or "").strip() or "LegalEntity",
        "name": values.get(name_key) or "",
        "aliases": _split(values.get("aliases")),
        "birth_dates": [birth] if birth else [],
        "countries": _split(values.get("countries")),
        "identifiers": _split(values.get("identifiers")),
    }


def party_from_columns(values: dict[str, str], name_key: str = "name") -> Party:
    return Party.build(**_columns(values, name_key))


def party_from_json(data: object, where: str) -> Party:
    """A ``ScreeningQuery``-shaped object (camelCase as in the API)."""
    if not isinstance(data, dict):
        raise BadInputError(f"{where}: expected an object with at least a name")
    unknown = set(data) - {"kind", "name", "aliases", "birthDate", "countries", "identifiers"}
    if unknown:
        raise BadInputError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    lists = {k: data.get(k) or [] for k in ("aliases", "countries", "identifiers")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadInputError(f"{where}: {key} must be a list of strings")
    name, kind, birth = data.get("name"), data.get("kind") or "LegalEntity", data.get("birthDate")
    if not isinstance(name, str) or not isinstance(kind, str):
        raise BadInputError(f"{where}: name and kind must be strings")
    if birth is not None and not isinstance(birth, str):
        raise BadInputError(f"{where}: birthDate must be a string like 1970-05-01")
    return Party.build(kind=kind, name=name, birth_dates=[birth] if birth else [], **lists)


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    # strict: a quote never closed is an error, not one long cell up to the end of the file.
    ended = 1  # the line the last complete row ended on
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f, strict=True)
            yield 1, {k: k for k in reader.fieldnames or ()}
            for values in reader:
                if None in values:
                    raise BadInputError(f"{path}:{reader.line_num}: more cells than columns")
                ended = reader.line_num
                if any((v or "").strip() for v in values.values()):
                    yield reader.line_num, {k: v or "" for k, v in values.items()}
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path}: not a UTF-8 CSV file ({exc.reason})") from None
    except csv.Error as exc:
        if "end of data" in str(exc):
            raise BadInputError(f"{path}:{ended + 1}: a quote is never closed") from None
        raise BadInputError(f"{path}:{ended + 1}: not valid CSV ({exc})") from None


def read_parties(path: Path) -> list[PartyRow | UnscreenableRow]:
    """Every row of a partner list, screenable (with its warnings) or not (no usable name);
    ``BadInputError`` for a file that is not a readable CSV with a name column."""
    rows = _csv_rows(path)
    _, header = next(rows, (1, {}))
    if "name" not in header:
        raise BadInputError(f"{path}:1: no 'name' column (columns: {', '.join(header) or 'none'})")
    out: list[PartyRow | UnscreenableRow] = []
    for line, values in rows:
        try:
            party, warnings = Party.lenient(**_columns(values, "name"))
        except BadInputError as exc:
            out.append(UnscreenableRow(line, values, str(exc)))
            continue
        out.append(PartyRow(line, values, party, warnings))
    return out


def read_pairs(path: Path) -> list[PairRow]:
    """Pairs to compare from CSV (``schema,name1,name2``) or JSON Lines (``.jsonl``)."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _json_pairs(path)
    rows = _csv_rows(path)
    _, header = next(rows, (1, {}))
    missing = [c for c in ("name1", "name2") if c not in header]
    if missing:
        raise BadInputError(f"{path}:1: no {missing[0]!r} column (expected schema,name1,name2)")
    out = []
    for line, values in rows:
        kind = (values.get("schema") or "").strip() or "LegalEntity"
        try:
            a = party_from_columns({"kind": kind, "name": values["name1"]})
            b = party_from_columns({"kind": kind, "name": values["name2"]})
        except BadInputError as exc:
            raise BadInputError(f"{path}:{line}: {exc}") from None
        out.append(PairRow(line, values, a, b))
    return out


def _json_pairs(path: Path) -> list[PairRow]:
    out = []
    try:
        with path.open(encoding="utf-8") as f:
            for line, text in enumerate(f, 1):
                if not text.strip():
                    continue
                where = f"{path}:{line}"
                try:
                    data = loads(text)
                except ValueError as exc:
                    reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                    raise BadInputError(f"{where}: not JSON ({reason})") from None
                if not isinstance(data, dict):
                    raise BadInputError(f"{where}: expected an object with a and b")
                schema = data.get("schema")
                a, b = data.get("a"), data.get("b")
                if isinstance(schema, str):
                    a = {"kind": schema, **a} if isinstance(a, dict) else a
                    b = {"kind": schema, **b} if isinstance(b, dict) else b
                out.append(
                    PairRow(line, data, party_from_json(a, where), party_from_json(b, where))
                )
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise BadInputError(f"{path}: not UTF-8 ({exc.reason})") from None
    return out
