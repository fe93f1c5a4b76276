"""The per-request GraphQL context: the app's database, the settings, the caller's role
and fresh DataLoaders (a loader's cache must never outlive one request)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from entanglements.api.loaders import Loaders
from entanglements.core.db.database import Database
from entanglements.core.errors import ForbiddenError
from entanglements.core.settings import Role, Settings

if TYPE_CHECKING:
    from entanglements.api.state import AppState

RANK: dict[Role, int] = {"reader": 1, "editor": 2, "admin": 3}


class Context(BaseContext):
    def __init__(
        self,
        state: AppState,
        role: Role | None,
        caller: str = "anonymous",
        db: Database | None = None,
    ) -> None:
        super().__init__()
        self.caller = caller  # "key:<name>" of the API key, or "anonymous"
        self.state = state
        # The request's view (api/bookmarks.py): after the client's bookmarks, keeping its
        # own writes' bookmarks for the answer.
        self.db: Database = db or state.db.after(())
        self.settings: Settings = state.settings
        self.role = role
        self.loaders = Loaders(self.db)

    def require(self, role: Role, action: str) -> None:
        """FORBIDDEN unless the caller's role is at least ``role``."""
        if self.role is None or RANK[self.role] < RANK[role]:
            raise ForbiddenError(f"{action} needs the {role} role (yours: {self.role or 'none'})")


Info = StrawberryInfo[Context, None]
