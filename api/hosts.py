"""Which hosts and origins the server answers: the defence against DNS rebinding and
cross-site requests.

A web page on ``evil.example`` can make the analyst's browser resolve its name to
127.0.0.1 and then read the local API as if it were its own site (DNS rebinding). The
browser still sends ``Host: evil.example``, so the server answers only the host names it is
configured for (``ENTANGLE_ALLOWED_HOSTS``; by default the loopback names) and refuses others
with **400**. A state-changing request (anything but GET, HEAD, OPTIONS) and every
WebSocket handshake whose ``Origin`` is not the server's own host is refused with **403**:
another site's page cannot post to ``/graphql`` or open a subscription through the browser.
Clients that are not browsers send no ``Origin`` and are not concerned.

:func:`refusal` is the whole decision for one ASGI scope, so a route outside the middleware
(or a WebSocket endpoint that wants to close with its own code) can reuse it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from entanglements.api.errors import send_error
from entanglements.core.errors import BadInputError
from entanglements.core.settings import Settings

#: The names a browser on this machine uses for a server that listens on loopback.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Methods that never change anything (the only ones exempt from the Origin check).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    """A listening address that only this machine can reach."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts(settings: Settings) -> frozenset[str] | None:
    """The host names to answer (lower case, no port); None answers every host (``*``)."""
    names = {n.strip().lower().strip("[]") for n in settings.allowed_hosts.split(",")}
    names.discard("")
    if "*" in names:
        return None
    return frozenset(names) or LOOPBACK_NAMES


def host_name(value: str) -> str | None:
    """``Example.org:8000`` → ``example.org``, ``[::1]:8000`` → ``::1``; None if malformed."""
    try:
        parts = urlsplit("//" + value)
        name = parts.hostname
        _ = parts.port  # raises on a port that is not a number
    except ValueError:
        return None
    return name or None


def refusal(scope: Scope, allowed: frozenset[str] | None) -> tuple[int, str] | None:
    """Why to refuse this request (status, message), or None to serve it."""
    headers = dict(scope.get("headers") or [])
    raw_host = headers.get(b"host", b"").decode("latin-1")
    name = host_name(raw_host)
    if allowed is not None and name not in allowed:
        return 400, f"host {raw_host!r} is not served here (ENTANGLE_ALLOWED_HOSTS)"
    origin = headers.get(b"origin")
    checked = scope["type"] == "websocket" or scope.get("method", "GET") not in SAFE_METHODS
    if origin is None or not checked:
        return None
    if urlsplit(origin.decode("latin-1")).netloc.lower() != raw_host.lower():
        return 403, f"origin {origin.decode('latin-1')!r} may not change data here"
    return None


class HostCheck:
    """ASGI middleware applying :func:`refusal` to every HTTP request and WebSocket."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refused = refusal(scope, self.allowed)
        if refused is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            # Closing before accepting answers the handshake with HTTP 403.
            await send({"type": "websocket.close", "code": 1008, "reason": refused[1]})
        else:
            status, message = refused
            code = "FORBIDDEN" if status == 403 else "BAD_USER_INPUT"
            await send_error(send, status, message, code)


def check_listening(settings: Settings, host: str) -> None:
    """Refuse to serve beyond loopback with an anonymous role that can change data: anyone
    who reaches the port would be an editor (or admin)."""
    role = settings.anonymous_role
    if role not in (None, "reader") and not is_loopback(host):
        raise BadInputError(
            f"ENTANGLE_ANONYMOUS_ROLE={role} is allowed only when listening on loopback, "
            f"not on {host}: give keys instead (entangle keys create --role {role})"
        )
