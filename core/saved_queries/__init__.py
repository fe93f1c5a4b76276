"""The saved Cypher query library (docs/queries.md): load, check, run, convert to JSON.

The CLI (``entangle query``) and the API (``savedQueries``, ``runSavedQuery``) both use
exactly these functions, so a query is checked and limited the same way from both.
"""

from entanglements.core.saved_queries.library import Library, load_library
from entanglements.core.saved_queries.model import (
    JSONValue,
    Parameter,
    QueryResult,
    RefusedFile,
    SavedQuery,
)
from entanglements.core.saved_queries.params import coerce_parameters
from entanglements.core.saved_queries.runner import run_saved_query
from entanglements.core.saved_queries.values import to_json

__all__ = [
    "JSONValue",
    "Library",
    "Parameter",
    "QueryResult",
    "RefusedFile",
    "SavedQuery",
    "coerce_parameters",
    "load_library",
    "run_saved_query",
    "to_json",
]
