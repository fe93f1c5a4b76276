"""The GraphQL schema: root types, scalars, limits, error shaping and the request timeout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from entanglements.api import errors
from entanglements.api.bookmarks import MutationBookmarks
from entanglements.api.context import Info
from entanglements.api.descriptions import describe
from entanglements.api.documents import DocumentCache
from entanglements.api.execution import PlainDataExecutionContext, has_resolve_hook
from entanglements.api.limits import document_rules
from entanglements.api.resolvers import (
    alerts,
    corrections,
    dossier,
    exposure,
    graph,
    ingest,
    meta,
    ownership,
    saved,
    screening,
    search,
)
from entanglements.api.resolvers import node as global_ids
from entanglements.api.scalars import SCALARS
from entanglements.api.types.alerts import Alert, Watch
from entanglements.api.types.connection import Connection
from entanglements.api.types.corrections import Retraction
from entanglements.api.types.dossier import Dossier
from entanglements.api.types.exposure import ExposureReport, JudgementHop, Path
from entanglements.api.types.fields import subscription
from entanglements.api.types.graph import Entity, SanctionsList, Source
from entanglements.api.types.ingest import IngestReport
from entanglements.api.types.node import Node
from entanglements.api.types.ownership import OwnershipRule, OwnershipVerdict
from entanglements.api.types.saved import SavedQuery, SavedQueryResult
from entanglements.api.types.screening import Comparison, Judgement, ScreeningResult
from entanglements.api.types.search import SearchHit
from entanglements.api.types.viewer import Viewer
from entanglements.core.errors import QueryTimeoutError
from entanglements.core.settings import Settings


@strawberry.type(description="What a client may ask: every read of the API.")
class Query:
    node: Node | None = strawberry.field(
        resolver=global_ids.node,
        description="Any object by its global id (`Node.id`); null when there is none.",
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=global_ids.nodes,
        description="Objects by global ids, in the order given, null for each unknown id "
        "(at most 500 ids).",
    )
    entity: Entity | None = strawberry.field(
        resolver=graph.entity, description="An entity by id; null when there is none."
    )
    search: list[SearchHit] | None = strawberry.field(
        resolver=search.search,
        description="Entities whose name or an alias matches `text` (case, accents, "
        "punctuation and small misspellings tolerated), best hit first.",
    )
    sanctions_exposure: ExposureReport | None = strawberry.field(
        resolver=exposure.sanctions_exposure,
        description="Listed parties within `maxHops` of an entity, nearest first, with up to "
        "3 shortest paths each and the citations of every hop. NOT_FOUND for an unknown id.",
    )
    paths: list[Path] | None = strawberry.field(
        resolver=exposure.paths,
        description="The `first` shortest paths between two entities (NOT_FOUND for an "
        "unknown id).",
    )
    source: Source | None = strawberry.field(
        resolver=graph.source, description="A source by id; null when there is none."
    )
    sanctions_lists: list[SanctionsList] | None = strawberry.field(
        resolver=graph.sanctions_lists, description="Every list in the graph, by name."
    )
    ownership_rules: list[OwnershipRule] | None = strawberry.field(
        resolver=ownership.ownership_rules,
        description="The ownership rules (OFAC, BIS, EU, UK) with their terms as of `asOf` "
        "(default: today); docs/ownership.md.",
    )
    ownership_status: OwnershipVerdict | None = strawberry.field(
        resolver=ownership.ownership_status,
        description="A rule's verdict on an entity as of `asOf` (default: today) with the "
        "owners behind it; `lists` replaces the lists the rule draws on. NOT_FOUND for an "
        "unknown entity, BAD_USER_INPUT for an unknown rule.",
    )
    restricted_by_ownership: Connection[OwnershipVerdict] | None = strawberry.field(
        resolver=ownership.restricted_by_ownership,
        description="Every party a rule restricts or may restrict (RESTRICTED or UNDETERMINED) "
        "by ownership or control as of `asOf`, listed parties excluded, by entity id.",
    )
    screen: ScreeningResult | None = strawberry.field(
        resolver=screening.screen,
        description="Candidates for a party (name, aliases, kind, birth date, countries, "
        "identifiers), best first, each with its score, match verdict and explanation. "
        "`lists` keeps entities listed on those lists; without it every entity is a "
        "candidate. `threshold` defaults to ENTANGLE_MATCH_THRESHOLD (0.7).",
    )
    screen_many: list[ScreeningResult] | None = strawberry.field(
        resolver=screening.screen_many,
        description="`screen` for up to 100 queries at once, results in query order.",
    )
    compare: Comparison | None = strawberry.field(
        resolver=screening.compare,
        description="How well two parties match, feature by feature (no database).",
    )
    saved_queries: list[SavedQuery] | None = strawberry.field(
        resolver=saved.saved_queries,
        description="The saved-query library (cypher/queries/ and ENTANGLE_QUERY_PATH), by name.",
    )
    alerts: Connection[Alert] | None = strawberry.field(
        resolver=alerts.alerts,
        description="Alerts raised by watch checks since the first day of `since`, oldest "
        "first (`after` takes an `endCursor`); `unacknowledged` keeps the open ones.",
    )
    run_saved_query: SavedQueryResult | None = strawberry.field(
        resolver=saved.run_saved_query,
        description="Run a saved query with `parameters` (an object of name: value; see "
        "`savedQueries` for names and types). Read-only; at most ENTANGLE_MAX_ROWS rows.",
    )
    dossier: Dossier | None = strawberry.field(
        resolver=dossier.dossier,
        description="A printable report on an entity: identity, listings and exposure paths, "
        "every claim footnoted with its source, quote and locator, and a reproducibility "
        "stamp (parameters, time, the ingest runs the graph holds). NOT_FOUND for an unknown "
        "id.",
    )
    viewer: Viewer = strawberry.field(
        resolver=meta.viewer, description="The caller: its role decides which actions it may take."
    )
    relationship_types: list[str] = strawberry.field(
        resolver=meta.relationship_types,
        description="The relationship types of the vocabulary (lower case), as `types` takes them.",
    )


@strawberry.type(description="What a client may change (the editor role).")
class Mutation:
    judge: Judgement | None = strawberry.field(
        resolver=screening.judge,
        description="Judge whether two entities are the same party (editor role). SAME "
        "joins them into one identity whose listings every member carries; DIFFERENT keeps "
        "the pair out of `entangle resolve`'s proposals; NONE undoes. Every judgement is "
        "kept with who, when and the note.",
    )
    ingest_findings: IngestReport | None = strawberry.field(
        resolver=ingest.ingest_findings,
        description="Ingest findings records (the same records and rules as `entangle "
        "ingest`). Needs the editor role.",
    )
    retract: Retraction | None = strawberry.field(
        resolver=corrections.retract,
        description="Retract a claim (entity, relationship, listing) or a discredited source "
        "with a reason; nothing is deleted, reads ignore it until it is unretracted "
        "(docs/corrections.md). Needs the editor role.",
    )
    acknowledge_alerts: list[Alert] | None = strawberry.field(
        resolver=alerts.acknowledge_alerts,
        description="Mark alerts acknowledged under the key's name (kept, never deleted). "
        "Needs the editor role.",
    )
    unretract: Retraction | None = strawberry.field(
        resolver=corrections.unretract,
        description="Undo the active retraction of an element or source; the retraction "
        "stays on record, marked undone. Needs the editor role.",
    )


@strawberry.type(description="What a client may follow live, over graphql-transport-ws.")
class Subscription:
    @subscription(
        "New alerts as watch checks raise them (after an ingest or `entangle watch "
        "check`), over graphql-transport-ws; the reader role or above. docs/api.md."
    )
    async def alerts(self, info: Info) -> AsyncGenerator[Alert, None]:
        info.context.require("reader", "alerts")
        async for row in info.context.state.alert_feed.subscribe():
            yield Alert.of(row)


class EntangleSchema(strawberry.Schema):
    """Runs every operation under the request timeout and shapes every error it returns;
    takes each document parsed and validated from its document cache (api/documents.py)."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.request_timeout_s = settings.request_timeout_s
        self.documents = DocumentCache(
            self._schema,
            document_rules(settings),
            size=settings.document_cache,
            max_tokens=settings.max_tokens,
        )

    def _create_execution_context(
        self,
        query: str | None,
        allowed_operation_types: Iterable[OperationType],
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionContext:
        """Every operation (HTTP, WebSocket, the dossier's) starts here: with the document
        and its validation errors filled in, strawberry neither parses (a document is
        given) nor validates (the errors are known: ``[]`` for a valid one)."""
        context = super()._create_execution_context(
            query,
            allowed_operation_types,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
        )
        # Should anything still reach strawberry's own parse or validation (a document
        # that does not parse, reported as usual), the same limits apply there.
        context.parse_options["max_tokens"] = self.documents.max_tokens
        context.validation_rules = self.documents.rules
        if query:
            try:
                prepared = self.documents.prepare(query)
            except GraphQLError:
                return context
            context.graphql_document = prepared.document
            context.pre_execution_errors = list(prepared.errors)
        return context

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        try:
            async with asyncio.timeout(self.request_timeout_s):
                result = await super().execute(*args, **kwargs)
        except TimeoutError:
            timeout = QueryTimeoutError(
                f"the request took longer than {self.request_timeout_s:g} s and was stopped"
            )
            error = GraphQLError(str(timeout), original_error=timeout)
            result = ExecutionResult(data=None, errors=[error])
        if result.errors:
            result.errors = [errors.shape(e) for e in result.errors]
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Logging happens in ``api.errors.shape``, for unexpected errors only: a NOT_FOUND
        or a rejected argument is an answer, not a server problem."""


def build_schema(settings: Settings, *, plain_data_fast_path: bool = True) -> EntangleSchema:
    """``plain_data_fast_path=False`` runs graphql-core's executor on every field (what the
    fast path is tested against, api/execution.py); it is also off when an extension hooks
    into every field's resolution, since the fast path would bypass the hook."""
    # One schema extension only (the mutation's bookmarks): strawberry builds each one's
    # hooks anew for every operation, and what the others did (parsing and validation
    # caches, the document limits) is the document cache's work now.
    factories: list[Callable[[], SchemaExtension]] = [MutationBookmarks]
    fast = plain_data_fast_path and not any(has_resolve_hook(make()) for make in factories)
    schema = EntangleSchema(
        settings,
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Watch, JudgementHop],  # reached through node(id:) / the Hop interface only
        extensions=factories,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=PlainDataExecutionContext if fast else None,
    )
    describe(schema._schema)  # the arguments and enum values written once (api/descriptions.py)
    return schema
