"""The hostile-input suite reuses the API tests' app fixtures."""

from tests.api.conftest import client, make_client

__all__ = ["client", "make_client"]
