"""Parsed and validated GraphQL documents, kept by the SHA-256 of their text.

Parsing and validating a document cost more than resolving a small query, and clients
send the same few documents over and over. Each schema keeps a bounded LRU
(``ENTANGLE_DOCUMENT_CACHE`` entries) of what parsing and validating a document gave: the
document and its validation errors (none for a valid one). A request whose document is
in the cache is neither parsed nor validated again: the limits that validation applies
(depth and aliases, api/limits.py) were measured once, when the document was first seen,
and their errors are kept with it, so an invalid document is answered with the same
errors every time and never runs. The token limit applies while parsing; a document that
does not parse is not kept (the parser stops at the first bad token, which is cheap).

The key is the document's content hash, the same one automatic persisted queries use
(api/router.py): an entry is valid on every instance and for as long as the schema lives,
and a persisted query's hash finds its document here without a round trip to Neo4j once
this process has seen it stored (``stored``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse
from graphql.validation import ASTValidationRule, specified_rules
from strawberry.schema.schema import validate_document

from entanglements.core.persisted_queries import sha256


class Prepared:
    """What parsing and validating one document gave."""

    __slots__ = ("document", "errors", "query", "stored")

    def __init__(self, query: str, document: DocumentNode, errors: Sequence[GraphQLError]) -> None:
        self.query = query
        self.document = document
        self.errors = tuple(errors)
        #: This process stored it as a persisted query or found it in the store.
        self.stored = False


class DocumentCache:
    """A bounded LRU of prepared documents; ``parses`` and ``validations`` count the work
    done (tests prove with them that a hit does none)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        rules: Sequence[type[ASTValidationRule]],
        *,
        size: int,
        max_tokens: int,
    ) -> None:
        self.schema = schema
        self.rules = (*specified_rules, *rules)
        self.size = size
        self.max_tokens = max_tokens
        self.parses = 0
        self.validations = 0
        self._entries: OrderedDict[str, Prepared] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, digest: str) -> Prepared | None:
        entry = self._entries.get(digest)
        if entry is not None:
            self._entries.move_to_end(digest)
        return entry

    def prepare(self, query: str, digest: str | None = None) -> Prepared:
        """The document of ``query``, parsed and validated once; raises the parser's
        ``GraphQLSyntaxError`` (also for too many tokens) for one that does not parse."""
        digest = digest or sha256(query)
        entry = self.get(digest)
        if entry is not None:
            return entry
        self.parses += 1
        document = parse(query, max_tokens=self.max_tokens)
        self.validations += 1
        errors = validate_document(self.schema, document, self.rules)
        entry = self._entries[digest] = Prepared(query, document, errors)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return entry
