"""The physical-limit reference: the same findings loaded by `neo4j-admin database import`.

The findings JSON Lines are converted to the import tool's CSVs (one node file per label,
one relationship file per type, the same properties the ingest writes) and imported into a
separate, fresh instance folder with the same jars. Only the import tool's run is timed:
conversion is bookkeeping of this benchmark, not part of either loader.

    python -m bench.admin_import FINDINGS.jsonl... --out DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from entanglements.cli.server.local import ADMIN_TOOL
from entanglements.core.dates import PartialDate
from entanglements.core.vocab import LISTED_ON, RelType

#: Array elements are joined with the ASCII unit separator: quotes and names may contain
#: the tool's default ';' and would be split into several elements.
ARRAY_DELIMITER = "\x1f"
RUN_ID = "admin-import"
#: The import tool's record reader is line-based unless told otherwise (which is slow), so
#: newlines inside text become spaces; the figures are unaffected by a few bytes.
_NEWLINES = re.compile(r"[\r\n]+")

ENTITY_HEADER = [
    "id:ID(Entity)", ":LABEL", "kind", "name", "aliases:string[]", "countries:string[]",
    "tags:string[]", "identifiers:string[]", "description", "cite_source:string[]",
    "cite_quote:string[]", "cite_locator:string[]", "first_run", "last_run",
]  # fmt: skip
SOURCE_HEADER = [
    "id:ID(Source)", "title", "url", "publisher", "published", "published_lo:date", "kind",
    "authors:string[]", "first_run", "last_run",
]  # fmt: skip
LIST_HEADER = [
    "id:ID(SanctionsList)", "name", "authority", "country", "url", "first_run", "last_run",
]  # fmt: skip
CITES = ["cite_source:string[]", "cite_quote:string[]", "cite_locator:string[]"]
REL_HEADER = [
    ":START_ID(Entity)", ":END_ID(Entity)", "id", "role", "description", "share:double",
    "start", "start_lo:date", "start_hi:date", "end", "end_lo:date", "end_hi:date",
    *CITES, "first_run", "last_run",
]  # fmt: skip
LISTING_HEADER = [
    ":START_ID(Entity)", ":END_ID(SanctionsList)", "id", "program", "reason",
    "listed", "listed_lo:date", "listed_hi:date", "delisted", "delisted_lo:date",
    "delisted_hi:date", *CITES, "first_run", "last_run",
]  # fmt: skip


@dataclass
class CsvSet:
    """The CSV files of one import and how many rows each kind got."""

    folder: Path
    nodes: dict[str, Path] = field(default_factory=dict)
    relationships: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def entity_relationships(self) -> int:
        return sum(n for key, n in self.counts.items() if key in _ENTITY_TYPES)


_ENTITY_TYPES = frozenset(t.neo4j_type for t in RelType)


@dataclass(frozen=True)
class ImportResult:
    seconds: float
    csv_seconds: float
    nodes: int
    relationships: int
    entity_relationships: int

    @property
    def relationships_per_s(self) -> float:
        return self.entity_relationships / self.seconds

    @property
    def nodes_per_s(self) -> float:
        return self.nodes / self.seconds


def read_records(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return _NEWLINES.sub(" ", str(value))


def _array(values: Iterable[Any] | None) -> str:
    return ARRAY_DELIMITER.join(_text(v) for v in values or ())


def _cites(record: dict[str, Any]) -> list[str]:
    citations = record.get("citations") or []
    return [
        _array(c["source"] for c in citations),
        _array(c.get("quote") or "" for c in citations),
        _array(c.get("locator") or "" for c in citations),
    ]


def _period(value: Any) -> list[str]:
    """A partial date as the ingest stores it: the text, its first and its last day."""
    if value is None or value == "":
        return ["", "", ""]
    date = PartialDate.parse(str(value))
    return [str(date), date.lo.isoformat(), date.hi.isoformat()]


def _entity_row(r: dict[str, Any], listed: set[str]) -> list[str]:
    # Several labels are separated like array elements.
    labels = f"Entity{ARRAY_DELIMITER}Listed" if r["id"] in listed else "Entity"
    return [
        r["id"], labels, r["kind"], _text(r["name"]), _array(r.get("aliases")),
        _array(c.lower() for c in r.get("countries") or ()), _array(r.get("tags")),
        _array(r.get("identifiers")), _text(r.get("description")), *_cites(r), RUN_ID, RUN_ID,
    ]  # fmt: skip


def _source_row(r: dict[str, Any]) -> list[str]:
    published = _period(r.get("published"))
    return [
        r["id"], _text(r["title"]), _text(r.get("url")), _text(r.get("publisher")),
        published[0], published[1], r.get("kind") or "other", _array(r.get("authors")),
        RUN_ID, RUN_ID,
    ]  # fmt: skip


def _list_row(r: dict[str, Any]) -> list[str]:
    return [
        r["id"], _text(r["name"]), _text(r["authority"]), _text(r.get("country")),
        _text(r.get("url")), RUN_ID, RUN_ID,
    ]  # fmt: skip


def _rel_row(r: dict[str, Any]) -> list[str]:
    share = r.get("share")
    return [
        r["from"], r["to"], r["id"], _text(r.get("role")), _text(r.get("description")),
        "" if share is None else str(share), *_period(r.get("start")), *_period(r.get("end")),
        *_cites(r), RUN_ID, RUN_ID,
    ]  # fmt: skip


def _listing_row(r: dict[str, Any]) -> list[str]:
    return [
        r["entity"], r["list"], r["id"], _text(r.get("program")), _text(r.get("reason")),
        *_period(r.get("listed")), *_period(r.get("delisted")), *_cites(r), RUN_ID, RUN_ID,
    ]  # fmt: skip


def write_csvs(paths: list[Path], folder: Path) -> CsvSet:
    """Convert findings to import CSVs. Two passes: the first finds the listed entities,
    which get the ``Listed`` label the ingest gives them."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    listed = {r["entity"] for r in read_records(paths) if r.get("record") == "listing"}
    out = CsvSet(folder)
    with ExitStack() as stack:
        writers: dict[str, Any] = {}

        def writer(kind: str, header: list[str], node: bool) -> Any:
            if kind not in writers:
                path = folder / f"{'nodes' if node else 'rels'}_{kind}.csv"
                handle: IO[str] = stack.enter_context(path.open("w", newline="", encoding="utf-8"))
                writers[kind] = csv.writer(handle)
                writers[kind].writerow(header)
                (out.nodes if node else out.relationships)[kind] = path
            out.counts[kind] = out.counts.get(kind, 0) + 1
            return writers[kind]

        for r in read_records(paths):
            kind = r.get("record")
            if kind == "entity":
                writer("Entity", ENTITY_HEADER, True).writerow(_entity_row(r, listed))
            elif kind == "source":
                writer("Source", SOURCE_HEADER, True).writerow(_source_row(r))
            elif kind == "list":
                writer("SanctionsList", LIST_HEADER, True).writerow(_list_row(r))
            elif kind == "relationship":
                neo4j_type = RelType(r["type"]).neo4j_type
                writer(neo4j_type, REL_HEADER, False).writerow(_rel_row(r))
            elif kind == "listing":
                writer(LISTED_ON, LISTING_HEADER, False).writerow(_listing_row(r))
    return out


def _conf(root: Path) -> str:
    return "\n".join(
        [
            f"server.directories.data={root / 'data'}",
            f"server.directories.logs={root / 'logs'}",
            f"server.directories.import={root / 'import'}",
            "",
        ]
    )


def run_import(
    lib: Path, csvs: CsvSet, root: Path, off_heap: str, heap: str = "1g"
) -> subprocess.CompletedProcess[str]:
    """Import into a fresh instance folder ``root`` (deleted first): never a served store."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "conf").mkdir(parents=True)
    (root / "conf" / "neo4j.conf").write_text(_conf(root))
    command = [
        "java", f"-Xmx{heap}", "-cp", f"{lib}/*", ADMIN_TOOL, "database", "import", "full",
        # The database name first: after --relationships it would be read as one more file.
        "neo4j",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", f"--max-off-heap-memory={off_heap}",
        "--overwrite-destination=true", f"--report-file={root / 'import.report'}",
        *(f"--nodes={label}={path}" for label, path in csvs.nodes.items()),
        *(f"--relationships={rel}={path}" for rel, path in csvs.relationships.items()),
    ]  # fmt: skip
    env = {**os.environ, "NEO4J_HOME": str(root), "NEO4J_CONF": str(root / "conf")}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def admin_import(
    lib: Path, paths: list[Path], work: Path, off_heap: str, keep: bool = False, runs: int = 1
) -> list[ImportResult]:
    """Convert once, then import and time ``runs`` times (each into a fresh store); the
    imported store is deleted afterwards unless ``keep``."""
    began = time.perf_counter()
    csvs = write_csvs(paths, work / "csv")
    csv_seconds = time.perf_counter() - began
    nodes = sum(csvs.counts.get(k, 0) for k in csvs.nodes)
    relationships = sum(csvs.counts.get(k, 0) for k in csvs.relationships)
    results = []
    for _ in range(runs):
        began = time.perf_counter()
        result = run_import(lib, csvs, work / "instance", off_heap)
        seconds = time.perf_counter() - began
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
            raise RuntimeError(f"neo4j-admin database import failed:\n{tail}")
        results.append(
            ImportResult(seconds, csv_seconds, nodes, relationships, csvs.entity_relationships)
        )
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("findings", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="work folder (deleted first)")
    parser.add_argument("--lib", type=Path, required=True, help="folder of the Neo4j jars")
    parser.add_argument("--off-heap", default="2g")
    parser.add_argument("--keep", action="store_true", help="keep the CSVs and the store")
    args = parser.parse_args()
    [result] = admin_import(args.lib, args.findings, args.out, args.off_heap, keep=args.keep)
    print(json.dumps(result.__dict__ | {"relationships_per_s": result.relationships_per_s}))


if __name__ == "__main__":
    main()
