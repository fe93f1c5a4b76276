"""Neo4j values as plain JSON, so a frontend can render any saved query as a table.

| Neo4j / Python value | JSON |
|---|---|
| null, boolean, string | the same |
| integer within ±(2^53-1) | number |
| integer beyond ±(2^53-1) | string of its digits (JavaScript would round it) |
| float | number; NaN and ±Infinity become null |
| list | array, each item converted |
| map | object, each value converted |
| node | `{"id": elementId, "labels": [...sorted], "properties": {...}}` |
| relationship | `{"id": elementId, "type", "start": elementId, "end": elementId, "properties"}` |
| path | `{"nodes": [node...], "relationships": [relationship...]}` in path order |
| Date, Time, LocalTime, DateTime, LocalDateTime | ISO 8601 string |
| Duration | ISO 8601 duration string (`P1Y2M3DT4H`) |
| Point | `{"srid", "x", "y"}` (+ `"z"`) |
| bytes | base64 string |

``id`` of a node or relationship is Neo4j's element id: unique within one result, so
``start``/``end`` of a relationship point at the ``id`` of nodes in the same result. The
product's own identifier is the ``id`` property, under ``properties``.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from neo4j import time as neo4j_time
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point

from entanglements.core.saved_queries.model import JSONValue

#: The largest integer a JavaScript number holds exactly (Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1


def _node(node: Node) -> dict[str, JSONValue]:
    labels: list[JSONValue] = [str(label) for label in sorted(node.labels)]
    return {
        "id": node.element_id,
        "labels": labels,
        "properties": {k: to_json(v) for k, v in sorted(node.items())},
    }


def _relationship(rel: Relationship) -> dict[str, JSONValue]:
    start, end = rel.start_node, rel.end_node
    return {
        "id": rel.element_id,
        "type": rel.type,
        "start": start.element_id if start is not None else None,
        "end": end.element_id if end is not None else None,
        "properties": {k: to_json(v) for k, v in sorted(rel.items())},
    }


def to_json(value: Any) -> JSONValue:
    """Convert one value of a Neo4j result (see the table in this module's docstring)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return {
            "nodes": [_node(n) for n in value.nodes],
            "relationships": [_relationship(r) for r in value.relationships],
        }
    if isinstance(value, neo4j_time.Duration):
        return str(value.iso_format())
    if isinstance(
        value,
        neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time | dt.date | dt.datetime | dt.time,
    ):
        return str(value.isoformat())
    if isinstance(value, dt.timedelta):
        duration = neo4j_time.Duration(
            days=value.days, seconds=value.seconds, microseconds=value.microseconds
        )
        return str(duration.iso_format())
    if isinstance(value, Point):
        point: dict[str, JSONValue] = {"srid": value.srid, "x": value[0], "y": value[1]}
        if len(value) > 2:
            point["z"] = value[2]
        return point
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    return str(value)
