"""The hostile-input suite reuses the API tests' app fixtures."""

from tests.api.conftest import client, findings, make_client

__all__ = ["client", "findings", "make_client"]
