"""A faster completion of *plain* object values: objects whose selected fields are all
attributes read as they are (no resolver, no argument, no abstract type).

Most of an exposure report is plain data already in hand (entities, hops, citations). Run
through graphql-core's executor, each of its thousands of fields costs a resolve-info
object, a resolver call and a completion step: 8 ms for a 1,750-field report whose query
took 11 ms (docs/performance.md). For a plain object this context instead builds, once per
selection set, a *plan* (response key, attribute, completion of its type) and applies it
to every object that selection meets, which is what the executor would compute, minus the
bookkeeping nothing in a plain subtree uses.

What stays with graphql-core: fields with resolvers or arguments (and everything below
them), interfaces and unions, selection collection itself (fragments, aliases, ``@skip``
and ``@include`` are handled by its ``collect_subfields``), and every error: when a plain
value does not fit its type (a null in a non-null field), the object is completed again
by the regular executor, which reports the error exactly as it would have. Reading
attributes has no side effects, so completing twice is safe.

Schema extensions with a ``resolve`` hook would be bypassed, so ``plain_fields_allowed``
must be false for a schema that has one (api/schema.py checks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

#: Completes one value of a field's type (raises ``NotPlain`` when it does not fit).
Complete = Callable[[Any], Any]
#: One selected field of a plain object: response key, attribute name, completion.
Step = tuple[str, str, Complete]


class NotPlainError(Exception):
    """A plain value that does not fit its type: let the executor report it."""


def plain_attribute(field_def: GraphQLField) -> str | None:
    """The Python attribute behind a resolver-less, argument-less strawberry field."""
    field = field_def.extensions.get("strawberry-definition")
    if not isinstance(field, StrawberryField) or field.base_resolver is not None:
        return None
    if field.arguments or field.extensions or field.permission_classes:
        return None
    return field.python_name


def has_resolve_hook(extension: SchemaExtension) -> bool:
    return type(extension).resolve is not SchemaExtension.resolve


class PlainDataExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, with plain object values completed from a cached plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Keyed like graphql-core's own subfield cache: a selection's field details list
        # lives as long as the operation, and is kept alive by the value so its id is
        # never reused while the entry exists.
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[Any, list[Step] | None]] = {}

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._plan(return_type, field_details_list)
        if plan is not None:
            try:
                return _apply(plan, result)
            except NotPlainError:
                pass  # the regular executor completes it again and reports the error
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def _plan(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> list[Step] | None:
        key = (object_type, id(field_details_list))
        cached = self._plans.get(key)
        if cached is None:
            cached = (field_details_list, self._build_plan(object_type, field_details_list))
            self._plans[key] = cached
        return cached[1]

    def _build_plan(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> list[Step] | None:
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        steps: list[Step] = []
        for response_key, details in grouped.items():
            node = details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append((response_key, "", _constant(object_type.name)))
                continue
            field_def = self.schema.get_field(object_type, name)
            attribute = plain_attribute(field_def) if field_def is not None else None
            if field_def is None or attribute is None or node.arguments:
                return None
            complete = self._completion(field_def.type, details)
            if complete is None:
                return None
            steps.append((response_key, attribute, complete))
        return steps

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        if isinstance(type_, GraphQLNonNull):
            inner = self._completion(type_.of_type, details)
            return None if inner is None else _non_null(inner)
        if isinstance(type_, GraphQLList):
            item = self._completion(type_.of_type, details)
            return None if item is None else _list_of(item)
        if is_leaf_type(type_):
            return _leaf(type_)
        if isinstance(type_, GraphQLObjectType):
            plan = self._plan(type_, details)
            return None if plan is None else _object(plan)
        return None  # interfaces and unions need the executor's type resolution


def _apply(plan: list[Step], value: Any) -> dict[str, Any]:
    return {key: complete(getattr(value, attribute, None)) for key, attribute, complete in plan}


def _constant(text: str) -> Complete:
    return lambda _: text


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        completed = inner(value)
        if completed is None:
            raise NotPlainError
        return completed

    return complete


def _list_of(item: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            raise NotPlainError
        return [item(v) for v in value]

    return complete


def _leaf(type_: GraphQLLeafType) -> Complete:
    coerce = type_.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            return None
        try:
            coerced = coerce(value)
        except Exception as exc:  # the executor reports a value its type rejects
            raise NotPlainError from exc
        if coerced is None or coerced is Undefined:
            raise NotPlainError
        return coerced

    return complete


def _object(plan: list[Step]) -> Complete:
    def complete(value: Any) -> Any:
        return None if value is None else _apply(plan, value)

    return complete
