"""Mutated valid files fed to every parser: never an uncaught exception, and every
rejection names a line of the file (``file:N`` with 1 <= N <= the file's line count + 1)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entanglements.ingest.inputs import CSL, FINDINGS_CSV, FINDINGS_JSONL, FINDINGS_YAML, FTM, Input
from entanglements.ingest.parsers import parse
from tests.conftest import SHARED
from tests.ingest.helpers import findings

_YAML = """sources:
  - id: s1
    title: A source
entities:
  - id: e1
    kind: Person
    name: Ann
    countries: [gb]
  - id: e2
    kind: Organization
    name: Org
relationships:
  - id: r1
    type: employment
    from: e1
    to: e2
    start: 2019-04
    citations:
      - source: s1
        quote: "she works there"
"""
_CSV = "id,type,from,to,start,citation_source,citation_quote\nr1,employment,e1,e2,2019,s1,q\n"
_CSL_HEAD = (SHARED / "data" / "csl" / "csl_sample_2019.csv").read_bytes().splitlines()[:12]
_FTM_HEAD = (SHARED / "data" / "ftm" / "parteispenden.entities.ftm.json").read_bytes()
_FTM_HEAD = b"\n".join(_FTM_HEAD.splitlines()[:8])

SEEDS: dict[str, tuple[str, str | None, bytes]] = {
    FINDINGS_JSONL: (
        "f.jsonl",
        None,
        "".join(json.dumps(r) + "\n" for r in findings("z-")).encode(),
    ),
    FINDINGS_YAML: ("f.yaml", None, _YAML.encode()),
    FINDINGS_CSV: ("relationships.csv", "relationship", _CSV.encode()),
    CSL: ("csl.csv", None, b"\n".join(_CSL_HEAD) + b"\n"),
    FTM: ("f.ftm.json", None, _FTM_HEAD + b"\n"),
}
_SPECIAL = [b"\xff", b"\x00", b'"', b",", b"{", b"}", b"\n", b":", b"- ", b"\t", b"\r", b"\xe2\x80"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[fmt][2])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        chunk = draw(st.one_of(st.sampled_from(_SPECIAL), st.binary(min_size=1, max_size=6)))
        if action == "insert":
            data[at:at] = chunk
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        elif action == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            del data[at:]
    return fmt, bytes(data)


_LOCATION = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_are_rejected_by_line(case: tuple[str, bytes]) -> None:
    fmt, data = case
    name, record_type, _ = SEEDS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        lines = data.count(b"\n") + 1
        for item in parse(Input(path, str(path), fmt, record_type)):
            match = _LOCATION.match(item.location)
            assert match and match["file"] == str(path), item.location
            assert 1 <= int(match["line"]) <= lines + 1, (item.location, lines)
            if item.error is not None:
                assert item.error and "Traceback" not in item.error
