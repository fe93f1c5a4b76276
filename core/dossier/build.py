"""From read results to a ``Dossier``: which claims it makes and the evidence of each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from entanglements.core.dates import PartialDate
from entanglements.core.dossier.model import Dossier, Footnotes, Line, Section
from entanglements.core.reads.records import (
    EntityListings,
    EntityRow,
    ExposureResult,
    ExposureRow,
    Hop,
    JudgementHopRow,
    ListingRow,
    PathRow,
    References,
    RelationshipRow,
)
from entanglements.core.reads.runs import IngestRuns

FLAG = {
    True: "listed before the link began",
    False: "listed after the link began",
    None: "listed before the link: unknown (missing or overlapping dates)",
}


@dataclass(frozen=True, slots=True)
class DossierInput:
    entity: EntityRow
    listings: EntityListings
    exposure: ExposureResult
    runs: IngestRuns
    parameters: tuple[tuple[str, str], ...]
    generated_at: str


def build(given: DossierInput) -> Dossier:
    refs = _merged(given.listings.references, given.exposure.references)
    notes = Footnotes(refs)
    sections = (
        Section("Identity", tuple(_identity(given.entity))),
        Section("Listings", tuple(_listings(given.listings.items, refs, notes))),
        Section("Sanctions exposure", tuple(_exposure(given.exposure, refs, notes))),
    )
    return Dossier(
        entity_id=given.entity.id,
        title=given.entity.name,
        generated_at=given.generated_at,
        parameters=given.parameters,
        runs=given.runs,
        sections=sections,
        footnotes=tuple(notes.notes),
    )


def _merged(*all_refs: References) -> References:
    merged = References()
    for refs in all_refs:
        merged.entities.update(refs.entities)
        merged.sources.update(refs.sources)
        merged.lists.update(refs.lists)
        merged.judgements.update(refs.judgements)
    return merged


def _identity(e: EntityRow) -> Iterable[Line]:
    yield Line(f"{e.name} ({e.kind}), id {e.id}", entity_id=e.id)
    fields: tuple[tuple[str, Sequence[object]], ...] = (
        ("Aliases", e.aliases),
        ("Weak aliases", e.weak_aliases),
        ("Identifiers", e.identifiers),
        ("Birth dates", e.birth_dates),
        ("Birth places", e.birth_places),
        ("Gender", (e.gender,) if e.gender else ()),
        ("Countries", [c.upper() for c in e.countries]),
        ("Addresses", e.addresses),
        ("Tags", e.tags),
    )
    for label, values in fields:
        if values:
            yield Line(f"{label}: {'; '.join(str(v) for v in values)}")
    if e.description:
        yield Line(e.description)


def _listing_text(li: ListingRow, refs: References) -> str:
    lst = refs.list(li.list_id)
    parts = [f"{lst.name} ({lst.authority})" if lst.authority else lst.name]
    if li.program:
        parts.append(li.program)
    parts.append(f"listed {_date(li.listed, 'date unknown')}")
    if li.delisted:
        parts.append(f"delisted {li.delisted}")
    return ", ".join(parts)


def _listings(items: Sequence[ListingRow], refs: References, notes: Footnotes) -> Iterable[Line]:
    if not items:
        yield Line("Not listed.")
    for li in items:
        text = _listing_text(li, refs) + (f". {li.reason}" if li.reason else "")
        yield Line(text, notes=notes.cite(li.citations))


def _exposure(report: ExposureResult, refs: References, notes: Footnotes) -> Iterable[Line]:
    scope = f" as of {report.as_of}" if report.as_of else ""
    shown = len(report.exposures)
    yield Line(
        f"{report.total} listed parties within {report.searched_hops} of {report.max_hops} "
        f"hops searched{scope}; {shown} shown, nearest first."
    )
    for x in report.exposures:
        yield from _party(x, refs, notes)


def _party(x: ExposureRow, refs: References, notes: Footnotes) -> Iterable[Line]:
    listed = "; ".join(_listing_text(li, refs) for li in x.listings)
    hops = "hop" if x.distance == 1 else "hops"
    yield Line(
        f"{x.entity.name}: {x.distance} {hops}; {listed}; {FLAG[x.listed_before_link]}",
        notes=notes.cite(c for li in x.listings for c in li.citations),
        entity_id=x.entity.id,
    )
    for i, path in enumerate(x.paths, 1):
        yield Line(f"Path {i} ({_length(path)})", level=1)
        for r in path.hops:
            cited = notes.cite(r.citations) if isinstance(r, RelationshipRow) else ()
            yield Line(hop_text(r, refs), level=2, notes=cited)


def _length(path: PathRow) -> str:
    n = path.length
    return f"{n} hop" if n == 1 else f"{n} hops"


def hop_text(r: Hop, refs: References) -> str:
    """One hop as a line of text (the dossier's, the screening CSV's paths): a sourced
    relationship with its type, role and dates, or a judgement hop with its judgement."""
    if isinstance(r, JudgementHopRow):
        return _judgement_hop(r, refs)
    role = f", {r.role}" if r.role else ""
    span = f" ({_date(r.start, '?')} to {_date(r.end, 'present')})" if r.start or r.end else ""
    source, target = refs.entity(r.from_id).name, refs.entity(r.to_id).name
    return f"{source} — {r.type}{role}{span} → {target}"


def _judgement_hop(r: JudgementHopRow, refs: References) -> str:
    """Its evidence is the analyst's judgement, said in the line (it cites no source)."""
    j = refs.judgement(r)
    note = f": {j.note}" if j.note else ""
    source, target = refs.entity(r.from_id).name, refs.entity(r.to_id).name
    return f"{source} = same party (judged by {j.by} on {j.at[:10]}{note}) = {target}"


def _date(value: PartialDate | None, missing: str) -> str:
    return str(value) if value else missing
