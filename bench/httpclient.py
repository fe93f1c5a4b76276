"""A minimal keep-alive HTTP/1.1 client for POSTing GraphQL from the benchmark.

On a 2-core machine the load generator shares the CPU with uvicorn and Neo4j, so every
microsecond the client spends is taken from the server being measured. A general client
(httpx) costs several times more per request than these few lines of asyncio streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any


class HttpError(Exception):
    pass


class GraphQLConnection:
    """One persistent connection; requests on it are sequential (one client = one conn)."""

    def __init__(self, host: str, port: int, path: str = "/graphql") -> None:
        self.host, self.port, self.path = host, port, path
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    async def post(self, query: str, variables: dict[str, Any]) -> tuple[int, bytes]:
        """Send one GraphQL request; return (HTTP status, raw body)."""
        body = json.dumps({"query": query, "variables": variables}).encode()
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        reader, writer = await self._connect()
        writer.write(head + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            await self.close()
            raise HttpError("connection closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            key = name.strip().lower()
            if key == "content-length":
                length = int(value)
            elif key == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif key == "connection" and "close" in value.lower():
                close = True
        payload = await _chunked(reader) if chunked else await reader.readexactly(length)
        if close:
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return b"".join(parts)


def graphql_errors(payload: bytes) -> list[dict[str, Any]]:
    """The ``errors`` of a GraphQL response (an empty list when it succeeded)."""
    errors = json.loads(payload).get("errors") or []
    return list(errors)
