"""The domain's read queries: what the API (and later other surfaces) asks the graph.

Every query is parameterised Cypher; the only text ever spliced into a query comes from
``core.vocab`` (relationship types) or from integers validated against the settings.
The API layer (``api/``) calls these functions and never writes Cypher itself.
"""
