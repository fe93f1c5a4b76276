"""What the client asked for below a field, so a resolver can fetch it in the same query.

GraphQL resolves level by level: ``entity(id) { listings { ... } }`` would cost one round
trip for the entity and a second for its listings. A root resolver that sees ``listings``
in its selection fetches both at once (through fragments too).

The document's syntax tree is read as it is: strawberry's ``info.selected_fields`` converts
the whole selection below the field into its own objects first, which cost more than the
rest of a small query's resolution (docs/performance.md, round 4).
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from entanglements.api.context import Info


def selects(info: Info, name: str) -> bool:
    """Whether the field being resolved selects the subfield ``name`` (GraphQL spelling)."""
    raw = info._raw_info
    return any(_selects(node.selection_set, name, raw.fragments) for node in raw.field_nodes)


def _selects(
    selections: SelectionSetNode | None,
    name: str,
    fragments: dict[str, FragmentDefinitionNode],
) -> bool:
    if selections is None:
        return False
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == name:
                return True
        elif isinstance(selection, InlineFragmentNode):
            if _selects(selection.selection_set, name, fragments):
                return True
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            # validation refused unknown and cyclic fragments before anything resolves
            if fragment is not None and _selects(fragment.selection_set, name, fragments):
                return True
    return False
