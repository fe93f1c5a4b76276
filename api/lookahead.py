"""What the client asked for below a field, so a resolver can fetch it in the same query.

GraphQL resolves level by level: ``entity(id) { listings { ... } }`` would cost one round
trip for the entity and a second for its listings. A root resolver that sees ``listings``
in its selection fetches both at once (through fragments too).
"""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import SelectedField, Selection

from entanglements.api.context import Info


def selects(info: Info, name: str) -> bool:
    """Whether the field being resolved selects the subfield ``name`` (GraphQL spelling)."""
    return any(_selects(field.selections, name) for field in info.selected_fields)


def _selects(selections: Iterable[Selection], name: str) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name:
                return True
        elif _selects(selection.selections, name):  # a fragment: look inside it
            return True
    return False
