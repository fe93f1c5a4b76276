"""The header of a saved query file: what the tool, the CLI, the API and the docs read.

```
// name: partners-listed-before-link
// description: Direct partners of an entity that were already on a list when ...
//   (a line indented by two or more spaces continues the field above)
// param entity_id: string            The entity to start from.
// param as_of: date = null           Only relationships and listings in force on this date.
```

The header is the file's leading run of ``//`` lines: first the fields (``name``,
``description``, ``param``), then, after the first line that is not a field, free notes
(why the query is written the way it is). A field after a note is refused, so a misspelt
field is an error, not a silently ignored comment.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from entanglements.core import json_input
from entanglements.core.errors import BadInputError
from entanglements.core.saved_queries.model import Parameter, SavedQuery
from entanglements.core.saved_queries.params import coerce_value, element_type, parse_type

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_FIELD = re.compile(r"^//\s?(?:(name|description)\s*:|(param)\s+)\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>list\s*<\s*[a-z]+\s*>|[a-z]+)(?P<rest>.*)$",
    re.IGNORECASE,
)


class HeaderError(ValueError):
    pass


def _take_default(rest: str) -> tuple[str | None, bool, str]:
    """Split ``= DEFAULT  description`` into (default text, was quoted, description)."""
    rest = rest.strip()
    if not rest.startswith("="):
        return None, False, rest
    rest = rest[1:].lstrip()
    if not rest:
        raise HeaderError("'=' without a default value")
    if rest[0] in "\"'":
        end = rest.find(rest[0], 1)
        if end < 0:
            raise HeaderError("unterminated quoted default")
        return rest[1:end], True, rest[end + 1 :].strip()
    if rest[0] == "[":
        end = rest.find("]")
        if end < 0:
            raise HeaderError("unterminated list default")
        return rest[: end + 1], False, rest[end + 1 :].strip()
    token, _, description = rest.partition(" ")
    return token, False, description.strip()


def _default(name: str, type_: str, text: str, quoted: bool) -> Any:
    """The default as a JSON-shaped value of the type (dates stay text), or None for null."""
    if not quoted and text == "null":
        return None
    probe = Parameter(name=name, type=type_)
    if element_type(type_) is not None and not quoted:
        try:
            items = json_input.loads(text)
        except ValueError:
            raise HeaderError(f"default of {name!r} is not a JSON list: {text[:40]}") from None
        value = coerce_value(probe, items, from_strings=False)
    else:
        value = coerce_value(probe, text, from_strings=True)
    if element_type(type_) == "date":
        return [str(v) for v in value]
    return str(value) if type_ == "date" else value


def _parameter(line: str) -> Parameter:
    match = _PARAM.match(line)
    if match is None:
        raise HeaderError(f"cannot read parameter line {line[:60]!r}: expected NAME: TYPE")
    name = match.group("name")
    try:
        type_ = parse_type(match.group("type"))
        default_text, quoted, description = _take_default(match.group("rest"))
        required = default_text is None
        default = None if default_text is None else _default(name, type_, default_text, quoted)
    except (ValueError, BadInputError) as exc:
        raise HeaderError(f"parameter {name!r}: {exc}") from None
    if not description:
        raise HeaderError(f"parameter {name!r} has no description")
    return Parameter(name, type_, default, required, description)


def parse(text: str, path: Path) -> SavedQuery:
    """Read a query file's header; HeaderError says what is wrong (without the file name)."""
    name: str | None = None
    description: list[str] = []
    param_lines: list[list[str]] = []
    pending: list[str] | None = None  # the field a continuation line extends
    in_notes = False
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            if name is None and not description and not param_lines:
                continue  # blank lines before the header
            break
        if not line.startswith("//"):
            break
        field = _FIELD.match(line)
        continuation = _CONTINUATION.match(line)
        if field and in_notes:
            raise HeaderError(f"header field after a free comment line: {line[:60]!r}")
        if field:
            key = field.group(1) or field.group(2)
            value = field.group(3).strip()
            if key == "name":
                if name is not None:
                    raise HeaderError("two name: lines")
                name, pending = value, None
            elif key == "description":
                if description:
                    raise HeaderError("two description: lines")
                description = [value]
                pending = description
            else:
                param_lines.append([value])
                pending = param_lines[-1]
        elif continuation and pending is not None:
            pending.append(continuation.group(1).strip())
        else:
            in_notes = True
            pending = None
    params = [_parameter(" ".join(parts)) for parts in param_lines]
    if name is None:
        raise HeaderError("no '// name:' line in the header")
    if not NAME_PATTERN.match(name):
        raise HeaderError(f"name {name[:40]!r}: use lowercase letters, digits and '-'")
    if name != path.stem:
        raise HeaderError(f"name {name!r} differs from the file name {path.name!r}")
    summary = " ".join(description).strip()
    if not summary:
        raise HeaderError("no '// description:' line in the header")
    _check_names(params)
    return SavedQuery(name, summary, params, path, text)


def _check_names(params: list[Parameter]) -> None:
    """Parameter names are unique, also after a date's derived ``_lo``/``_hi`` names."""
    seen: set[str] = set()
    for param in params:
        names = [param.name]
        if (element_type(param.type) or param.type) == "date":
            names += [f"{param.name}_lo", f"{param.name}_hi"]
        for one in names:
            if one in seen:
                raise HeaderError(f"parameter name {one!r} is declared twice (dates add _lo/_hi)")
            seen.add(one)
