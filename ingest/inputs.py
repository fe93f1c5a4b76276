"""Input files: expanding folders, ``-`` (stdin), transparent gzip, strict UTF-8 lines and
format detection from the content.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from entanglements.core import json_input
from entanglements.core.errors import BadInputError
from entanglements.ingest.official_inputs import (
    OFAC_CSV,
    OFAC_CSV_PART,
    OFFICIAL_FORMATS,
    group_ofac,
    ofac_role,
    sniff,
)

FINDINGS_JSONL = "findings-jsonl"
FINDINGS_CSV = "findings-csv"
FINDINGS_YAML = "findings-yaml"
FTM = "ftm"
CSL = "csl"

#: What ``--format`` accepts.
REQUESTED_FORMATS = ("auto", "findings", "ftm", "csl", *OFFICIAL_FORMATS)

#: The CSV files of a findings folder, by record type, in the order they are read.
CSV_FILES = {
    "sources": "source",
    "lists": "list",
    "entities": "entity",
    "relationships": "relationship",
    "listings": "listing",
}

_SUFFIXES = (".yaml", ".yml", ".jsonl", ".ndjson", ".json", ".csv", ".xml", ".txt", ".tsv")
#: Suffixes a folder's file is read for only when it is a recognised sanctions list.
_LIST_ONLY = (".xml", ".txt", ".tsv")
_YAML_KEY = re.compile(rb"^(sources|lists|entities|relationships|listings)\s*:", re.MULTILINE)
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
#: Longest line accepted: a record this big is a mistake, and reading it must not exhaust memory.
MAX_LINE_BYTES = 8_000_000


class LineError(Exception):
    """A line that cannot be read (not UTF-8, too long); carries its line number."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read: where it is, how locations name it, and its format."""

    path: Path
    label: str
    fmt: str
    record_type: str | None = None  # findings CSV: the type its file name stands for
    #: OFAC's legacy CSV set: the alt / add / comments files the primary file's parser joins.
    companions: tuple[tuple[str, Path], ...] = ()
    #: ``--version-date``: the publication date of a list file that does not state one.
    version_date: str | None = None

    @property
    def rejects_path(self) -> Path:
        if self.label == "<stdin>":
            return Path.cwd() / "stdin.rejects.jsonl"
        return self.path.with_name(self.path.name + ".rejects.jsonl")


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading, decompressing gzip (detected by its magic bytes)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decoded_lines(stream: BinaryIO) -> Iterator[tuple[int, str, str | None]]:
    """Yield ``(line number, text, error)``: a line that is not UTF-8 or too long comes with
    an error and empty text, and reading goes on with the next line."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line
            yield number, "", f"line longer than {MAX_LINE_BYTES // 1_000_000} MB"
            continue
        if number == 1:
            raw = raw.removeprefix(_BOM)
        try:
            yield number, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
            yield number, "", f"not UTF-8: invalid byte 0x{bad:02x} at column {exc.start + 1}"


def text_lines(stream: BinaryIO) -> Iterator[str]:
    """Decoded lines with their line ends (what ``csv.reader`` wants); raises ``LineError``."""
    for number, text, error in decoded_lines(stream):
        if error is not None:
            raise LineError(number, error)
        yield text


def _logical_name(path: Path) -> str:
    name = path.name.lower()
    return name.removesuffix(".gz")


def _head(path: Path, size: int = 65_536) -> bytes:
    try:
        with open_binary(path) as stream:
            return stream.read(size).removeprefix(_BOM).lstrip()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise BadInputError(f"{path}: cannot read: {exc}") from None


def _sniff_json(head: bytes) -> str | None:
    first = head.split(b"\n", 1)[0]
    try:
        obj = json_input.loads(first)
    except ValueError:
        return None
    if isinstance(obj, dict) and "record" in obj:
        return FINDINGS_JSONL
    if isinstance(obj, dict) and "schema" in obj:
        return FTM
    return None


def _csv_format(name: str, head: bytes) -> tuple[str, str | None] | None:
    header = head.split(b"\n", 1)[0].lower()
    if b"source" in header and (b"federal_register_notice" in header or b"alt_names" in header):
        return CSL, None
    stem = name.removesuffix(".csv")
    if stem in CSV_FILES:
        return FINDINGS_CSV, CSV_FILES[stem]
    return None


def detect(path: Path, label: str, requested: str) -> Input:
    """Decide the format of one file from ``--format`` and its content."""
    name = _logical_name(path)
    head = _head(path)
    if requested in (FTM, CSL):
        return Input(path, label, requested)
    official = requested if requested in OFFICIAL_FORMATS else None
    if requested == "auto" and not name.endswith((".yaml", ".yml", ".jsonl", ".ndjson", ".json")):
        official = sniff(head)
    if official == OFAC_CSV:
        role = ofac_role(head) or "primary"
        return Input(path, label, OFAC_CSV if role == "primary" else OFAC_CSV_PART, role)
    if official is not None:
        return Input(path, label, official)
    if name.endswith((".yaml", ".yml")) or (not head.startswith(b"{") and _YAML_KEY.search(head)):
        return Input(path, label, FINDINGS_YAML)
    if head.startswith(b"{"):
        sniffed = _sniff_json(head)
        if sniffed == FTM and requested == "findings":
            sniffed = FINDINGS_JSONL
        return Input(path, label, sniffed or (FTM if ".ftm." in name else FINDINGS_JSONL))
    csv_format = _csv_format(name, head)
    if csv_format is not None:
        return Input(path, label, csv_format[0], csv_format[1])
    if not head and name.endswith(".csv") and name.removesuffix(".csv") in CSV_FILES:
        return Input(path, label, FINDINGS_CSV, CSV_FILES[name.removesuffix(".csv")])
    if not head or name.endswith((".jsonl", ".ndjson", ".json")):
        # Empty, or JSON Lines whose first line is broken: the parser reports it by line.
        return Input(path, label, FTM if ".ftm." in name else FINDINGS_JSONL)
    raise BadInputError(
        f"{label}: cannot tell the format from the content; use --format "
        f"({', '.join(REQUESTED_FORMATS[1:])}) "
        "(findings CSV files must be named sources/lists/entities/relationships/listings.csv)"
    )


def _folder_files(folder: Path) -> list[Path]:
    """Supported files of a folder (not recursive), findings CSVs in reference order."""
    order = {f"{stem}.csv": i for i, stem in enumerate(CSV_FILES)}
    files = [
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and not p.name.endswith(".rejects.jsonl")
        and _logical_name(p).endswith(_SUFFIXES)
        and (not _logical_name(p).endswith(_LIST_ONLY) or sniff(_head(p)) is not None)
    ]
    return sorted(files, key=lambda p: (order.get(_logical_name(p), -1), p.name))


def spool_stdin(folder: Path) -> Path:
    """Copy standard input to a file: it is read twice (sniffing, then parsing)."""
    target = folder / "stdin"
    with target.open("wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
    return target


def resolve(
    paths: list[str | Path], requested: str, spool_dir: Path, version_date: str | None = None
) -> list[Input]:
    """Expand the command line's paths into the list of inputs, formats detected; OFAC's
    companion CSV files are attached to their primary file."""
    if requested not in REQUESTED_FORMATS:
        raise BadInputError(
            f"unknown format {requested!r}: expected {', '.join(REQUESTED_FORMATS)}"
        )
    if not paths:
        raise BadInputError("no input given")
    inputs: list[Input] = []
    for given in paths:
        if str(given) == "-":
            inputs.append(detect(spool_stdin(spool_dir), "<stdin>", requested))
            continue
        path = Path(given)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                raise BadInputError(
                    f"{path}: no YAML, JSON Lines, CSV or sanctions-list files in this folder"
                )
            inputs.extend(detect(f, str(f), requested) for f in files)
        elif path.is_file():
            inputs.append(detect(path, str(path), requested))
        else:
            raise BadInputError(f"{path}: no such file or folder")
    if version_date is not None:
        inputs = [replace(i, version_date=version_date) for i in inputs]
    return group_ofac(inputs)
