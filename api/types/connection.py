"""One generic Relay connection (``Connection[T]``, named ``<T>Connection`` in the schema)
instead of a hand-written edge and connection pair per paged type. Every connection pages
by keyset: ``first`` items after the cursor ``after``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

import strawberry

T = TypeVar("T")


@strawberry.type(description="Where a page stands in its connection (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="True when the page was asked for `after` a cursor."
    )
    start_cursor: str | None = strawberry.field(description="The first edge's cursor.")
    end_cursor: str | None = strawberry.field(
        description="The last edge's cursor: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a page with the cursor that pages on from it.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Pass as `after` for the items after this one.")


@strawberry.type(description="A page of items (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items, in order.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    total_count: int = strawberry.field(
        description="Every item that matches the filters, on all pages."
    )


def connection(
    items: Iterable[tuple[T, str]], *, has_next: bool, after: str | None, total: int
) -> Connection[T]:
    """A page from (node, cursor) pairs in order."""
    edges = [Edge(node=node, cursor=cursor) for node, cursor in items]
    info = PageInfo(
        has_next_page=has_next,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=total)
