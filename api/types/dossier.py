"""The dossier: claims as lines with footnote numbers, the footnotes, and the stamp."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import ID

from entanglements.api.context import Info
from entanglements.api.types.fields import resolver
from entanglements.api.types.graph import Entity, Source, entity_by_id
from entanglements.api.types.ingest import IngestRun
from entanglements.api.types.node import RESULT_ID, result_id
from entanglements.core.dossier.markdown import render
from entanglements.core.dossier.model import Dossier as DossierModel


@strawberry.type(description="A claim of the dossier and the footnotes it rests on.")
class DossierLine:
    text: str = strawberry.field(description="The claim as a sentence.")
    level: int = strawberry.field(description="0 a claim, 1 a path under it, 2 a hop.")
    notes: list[int] = strawberry.field(description="Numbers of its footnotes.")
    entity_key: strawberry.Private[str | None]

    @resolver("The entity the line is about, if it is about one.")
    async def entity(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.entity_key) if self.entity_key else None


@strawberry.type(description="A part of the dossier: identity, listings or exposure.")
class DossierSection:
    heading: str = strawberry.field(description="The section's title.")
    lines: list[DossierLine] = strawberry.field(description="Its claims, in order.")


@strawberry.type(description="A numbered footnote: the source, the quote and where in it.")
class Footnote:
    number: int = strawberry.field(description="Its number, as the lines cite it.")
    source: Source = strawberry.field(description="The cited document.")
    quote: str | None = strawberry.field(description="The supporting words from the source.")
    locator: str | None = strawberry.field(description="Where in the source.")


@strawberry.type(description="A parameter the dossier was built with.")
class DossierParameter:
    name: str = strawberry.field(description="The parameter's name (maxHops, asOf, lists, first).")
    value: str = strawberry.field(description="Its value as applied.")


@strawberry.type(description="A printable report on an entity: every claim footnoted.")
class Dossier:
    id: ID = strawberry.field(description=RESULT_ID + " Its entity and parameters.")
    entity_key: strawberry.Private[str]
    title: str = strawberry.field(description="The entity's name, as the dossier's title.")
    generated_at: datetime = strawberry.field(description="When it was built (UTC).")
    parameters: list[DossierParameter] = strawberry.field(
        description="The parameters as applied, defaults filled in."
    )
    ingest_runs: list[IngestRun] = strawberry.field(description="The newest 50, newest first.")
    ingest_runs_total: int = strawberry.field(description="Every ingest run the graph holds.")
    sections: list[DossierSection] = strawberry.field(
        description="Identity, listings and exposure, in this order."
    )
    footnotes: list[Footnote] = strawberry.field(
        description="The footnotes, numbered in order of first use."
    )
    markdown: str = strawberry.field(description="The same dossier as Markdown ([^n] notes).")

    @resolver("The entity the dossier is about.")
    async def entity(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.entity_key)

    @classmethod
    def of(cls, d: DossierModel) -> Dossier:
        return cls(
            id=result_id("dossier", d.entity_id, *(f"{k}={v}" for k, v in d.parameters)),
            entity_key=d.entity_id,
            title=d.title,
            generated_at=datetime.fromisoformat(d.generated_at),
            parameters=[DossierParameter(name=k, value=v) for k, v in d.parameters],
            ingest_runs=[IngestRun.of(r) for r in d.runs.runs],
            ingest_runs_total=d.runs.total,
            sections=[
                DossierSection(
                    heading=s.heading,
                    lines=[
                        DossierLine(
                            text=li.text,
                            level=li.level,
                            notes=list(li.notes),
                            entity_key=li.entity_id,
                        )
                        for li in s.lines
                    ],
                )
                for s in d.sections
            ],
            footnotes=[
                Footnote(
                    number=n.number, source=Source.of(n.source), quote=n.quote, locator=n.locator
                )
                for n in d.footnotes
            ],
            markdown=render(d),
        )
