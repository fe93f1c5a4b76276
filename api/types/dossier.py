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
    text: str
    level: int = strawberry.field(description="0 a claim, 1 a path under it, 2 a hop.")
    notes: list[int] = strawberry.field(description="Numbers of its footnotes.")
    entity_key: strawberry.Private[str | None]

    @resolver("The entity the line is about, if it is about one.")
    async def entity(self, info: Info) -> Entity | None:
        return await entity_by_id(info, self.entity_key) if self.entity_key else None


@strawberry.type
class DossierSection:
    heading: str
    lines: list[DossierLine]


@strawberry.type(description="A numbered footnote: the source, the quote and where in it.")
class Footnote:
    number: int
    source: Source
    quote: str | None
    locator: str | None


@strawberry.type
class DossierParameter:
    name: str
    value: str


@strawberry.type(description="A printable report on an entity: every claim footnoted.")
class Dossier:
    id: ID = strawberry.field(description=RESULT_ID + " Its entity and parameters.")
    entity_key: strawberry.Private[str]
    title: str
    generated_at: datetime = strawberry.field(description="When it was built (UTC).")
    parameters: list[DossierParameter]
    ingest_runs: list[IngestRun] = strawberry.field(description="The newest 50, newest first.")
    ingest_runs_total: int = strawberry.field(description="Every ingest run the graph holds.")
    sections: list[DossierSection]
    footnotes: list[Footnote]
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
