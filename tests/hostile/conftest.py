"""The hostile-input suite reuses the API tests' app fixtures and the browser tests' real
`entangle serve`."""

from tests.api.conftest import client, findings, make_client
from tests.web.conftest import server

__all__ = ["client", "findings", "make_client", "server"]
