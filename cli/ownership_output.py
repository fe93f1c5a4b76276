"""How ``entangle ownership`` prints: a verdict as a tree of its witnesses, a derivation as
rows (a table, CSV, JSON Lines or JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from entanglements.cli import output
from entanglements.core.errors import BadInputError
from entanglements.core.ownership.questions import Report
from entanglements.core.ownership.reads import Evidence
from entanglements.core.ownership.verdicts import Contribution, EntityVerdict, Verdict

COLOURS = {Verdict.RESTRICTED: "red", Verdict.UNDETERMINED: "yellow", Verdict.CLEAR: "green"}
#: Owners deeper than this are summarised (a tree an analyst can still read).
MAX_DEPTH = 12


def _name(found: Evidence, entity_id: str) -> str:
    """Graph text, escaped: the tree's labels are markup, and a name may hold ``[/]``."""
    row = found.entity(entity_id)
    return escape(f"{row.name} ({entity_id})" if row.name != entity_id else entity_id)


def _label(v: EntityVerdict, found: Evidence) -> Text:
    colour = COLOURS[v.verdict]
    return Text.from_markup(
        f"[bold]{_name(found, v.entity)}[/]: [{colour}]{v.verdict.value}[/] "
        f"(restricted share {v.share})"
    )


def _witness(c: Contribution, found: Evidence) -> Text:
    held = "control" if c.share is None else str(c.share)
    if c.share is not None and c.control:
        held += " and control"
    if c.listed:
        standing = "listed on " + ", ".join(sorted({f.list_id for f in c.listings}))
    else:
        standing = c.owner_verdict.value
    colour = COLOURS[c.owner_verdict]
    counts = "" if c.counts else " [dim](does not count)[/]"
    return Text.from_markup(
        f"{_name(found, c.owner)} holds {held}: [{colour}]{escape(standing)}[/]{counts}"
    )


def _evidence(node: Tree, c: Contribution, found: Evidence) -> None:
    for stake in c.stakes:
        row = found.relationships.get(stake.id)
        if row is None:
            continue
        for cite in row.citations:
            title = found.references.source(cite.source_id).title
            quote = f' "{cite.quote}"' if cite.quote else ""
            node.add(Text(f"{row.type} {row.id} — {title}{quote}", style="dim"))


def verdict_tree(report: Report) -> Tree:
    """The verdict, then each owner with its evidence and, below, its own verdict; an owner
    already shown (a cycle, or two routes to one parent) is named, not repeated."""
    found, assessment = report.evidence, report.assessment
    root = report.verdict
    tree = Tree(_label(root, found))
    shown = {root.entity}

    def grow(node: Tree, v: EntityVerdict, depth: int) -> None:
        for c in v.owners:
            child = node.add(_witness(c, found))
            _evidence(child, c, found)
            if c.listed or not c.counts:
                continue
            if c.owner in shown or depth >= MAX_DEPTH:
                child.add(Text.from_markup(f"[dim]{_name(found, c.owner)}: shown above[/]"))
                continue
            shown.add(c.owner)
            grow(child, assessment.verdict(c.owner), depth + 1)

    grow(tree, root, 1)
    return tree


def verdict_json(report: Report) -> dict[str, Any]:
    """The verdict and the verdicts of every owner behind it (each once)."""
    found, assessment = report.evidence, report.assessment
    queue, seen = [report.verdict.entity], set()
    verdicts: list[dict[str, Any]] = []
    while queue:
        entity = queue.pop(0)
        if entity in seen:
            continue
        seen.add(entity)
        v = assessment.verdict(entity) if verdicts else report.verdict
        verdicts.append(_verdict_row(v, found))
        queue += [c.owner for c in v.owners if c.counts and not c.listed]
    return {"rule": report.verdict.rule.id, "asOf": str(report.as_of), "verdicts": verdicts}


def _verdict_row(v: EntityVerdict, found: Evidence) -> dict[str, Any]:
    return {
        **derived_row(v, found),
        "owners": [
            {
                "owner_id": c.owner,
                "share_min": c.share.lo if c.share else None,
                "share_max": c.share.hi if c.share else None,
                "control": c.control,
                "listed_on": sorted({f.list_id for f in c.listings}),
                "owner_verdict": c.owner_verdict.value,
                "counts": c.counts,
                "relationships": [s.id for s in c.stakes],
            }
            for c in v.owners
        ],
    }


COLUMNS = ("entity_id", "name", "verdict", "reason", "share_min", "share_max", "explanation")


def derived_row(
    v: EntityVerdict, found: Evidence | None = None, name: str | None = None
) -> dict[str, Any]:
    return {
        "entity_id": v.entity,
        "name": name or (found.entity(v.entity).name if found else v.entity),
        "verdict": v.verdict.value,
        "reason": v.reason.value,
        "share_min": v.share.lo,
        "share_max": v.share.hi,
        "explanation": v.explanation,
    }


def write_rows(rows: Iterable[dict[str, Any]], out: Path | None) -> int:
    """Rows to ``out`` (.csv, .jsonl or .json by its extension), or a table on stdout."""
    rows = list(rows)
    if out is None:
        shown = COLUMNS[:-1]
        numbers = ([f"{r[c]:g}" if isinstance(r[c], float) else r[c] for c in shown] for r in rows)
        output.out.print(output.table(shown, numbers))
        return len(rows)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".json"):
        raise BadInputError(f"--out {out}: expected a .csv, .jsonl or .json file")
    with output.atomic_output(out) as stream:
        if suffix == ".csv":
            output.write_csv_records(stream, COLUMNS, rows)
        elif suffix == ".jsonl":
            stream.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        else:
            json.dump(rows, stream, ensure_ascii=False, indent=1)
    return len(rows)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")
