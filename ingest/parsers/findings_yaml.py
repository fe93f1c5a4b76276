"""Findings as YAML (hand-curated datasets, comments allowed): one mapping with the keys
``sources``, ``lists``, ``entities``, ``relationships``, ``listings``, each a list of
records without the ``record`` key. Line numbers come from the YAML nodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from entanglements.core.messages import clip
from entanglements.ingest.inputs import CSV_FILES, Input, decoded_lines, open_binary
from entanglements.ingest.parsers.base import Item, item


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans (only true/false: the country code ``no`` stays Norway) and
    duplicate keys refused rather than silently overwritten."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {clip(key)}", key_node.start_mark
                )
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _yaml_error(label: str, exc: yaml.YAMLError) -> Item:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    return Item(f"{label}:{line}", None, error=f"malformed YAML: {problem}")


def _read_text(source: Input) -> tuple[str, Item | None]:
    parts = []
    with open_binary(source.path) as stream:
        for number, text, error in decoded_lines(stream):
            if error is not None:
                return "", Item(f"{source.label}:{number}", None, error=error)
            parts.append(text)
    return "".join(parts), None


def parse_findings_yaml(source: Input) -> Iterator[Item]:
    text, problem = _read_text(source)
    if problem is not None:
        yield problem
        return
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        yield _yaml_error(source.label, exc)
        return
    except RecursionError:  # PyYAML composes nested collections recursively
        yield Item(f"{source.label}:1", None, error="malformed YAML: nested too deep")
        return
    if root is None:
        yield Item(f"{source.label}:1", None, error="empty file: no records")
        return
    if not isinstance(root, yaml.MappingNode):
        message = f"expected a mapping with the keys {', '.join(CSV_FILES)}"
        yield Item(f"{source.label}:{root.start_mark.line + 1}", None, error=message)
        return
    yield from _sections(source, root)


def _sections(source: Input, root: yaml.MappingNode) -> Iterator[Item]:
    loader = _Loader("")
    seen_keys: set[str] = set()
    for key_node, value_node in root.value:
        location = f"{source.label}:{key_node.start_mark.line + 1}"
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in CSV_FILES:
            message = f"unknown section {clip(key)}: expected {', '.join(CSV_FILES)}"
            yield Item(location, None, error=message)
            continue
        if key in seen_keys:
            yield Item(location, None, error=f"section {key!r} appears twice")
            continue
        seen_keys.add(key)
        if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
            continue  # an empty section
        if not isinstance(value_node, yaml.SequenceNode):
            yield Item(location, None, error=f"section {key!r} must be a list of records")
            continue
        for node in value_node.value:
            where = f"{source.label}:{node.start_mark.line + 1}"
            try:
                data = loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                yield _yaml_error(source.label, exc)
                continue
            yield item(where, data, CSV_FILES[key])
