"""A very small WebSocket client for the live room load (RFC 6455, text frames only).

Why not the `websockets` client: 2,000 clients each getting 20 snapshots a second is 40,000
messages a second, and a full client library spends more of a core on them than the server
under test spends sending them (a raw asyncio Protocol avoids that). This one parses frames
straight from the bytes received and hands each text message on as bytes; the load process
reads a snapshot's version from its first bytes and never decodes the rest. It is for
benchmarks on 127.0.0.1 only: no TLS, no extensions, no fragmented messages from the server
(neither server sends any).
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct
from collections.abc import Callable
from urllib.parse import urlsplit

OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x8, 0x9, 0xA


def _masked(opcode: int, payload: bytes) -> bytes:
    """A client frame: clients must mask what they send (RFC 6455 §5.3)."""
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    key = os.urandom(4)
    repeated = (key * (length // 4 + 1))[:length]
    mixed = int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")
    body = mixed.to_bytes(length, "big")
    return header + key + body


class Connection(asyncio.Protocol):
    """One client socket. `on_text(bytes)` is called for each text message received."""

    def __init__(self, on_text: Callable[[bytes], None], request: bytes) -> None:
        self.on_text = on_text
        self.request = request
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.open = False
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a TCP connection: a Transport
        transport.write(self.request)  # type: ignore[attr-defined]  # a TCP connection: a Transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.open:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(self.buffer[: self.buffer.find(b"\r\n")])
            del self.buffer[: end + 4]
            if b" 101 " not in status:
                if not self.opened.done():
                    self.opened.set_exception(ConnectionError(status.decode(errors="replace")))
                self.transport.close()  # type: ignore[union-attr]  # set once connected
                return
            self.open = True
            self.opened.set_result(None)
        self._frames()

    def _frames(self) -> None:
        buffer = self.buffer
        start = 0
        size = len(buffer)
        while size - start >= 2:
            first, second = buffer[start], buffer[start + 1]
            length = second & 0x7F
            at = start + 2
            if length == 126:
                if size - at < 2:
                    break
                (length,) = struct.unpack_from("!H", buffer, at)
                at += 2
            elif length == 127:
                if size - at < 8:
                    break
                (length,) = struct.unpack_from("!Q", buffer, at)
                at += 8
            if size - at < length:
                break
            payload = bytes(buffer[at : at + length])
            start = at + length
            opcode = first & 0x0F
            if opcode == OP_TEXT:
                self.on_text(payload)
            elif opcode == OP_PING:
                self.transport.write(_masked(OP_PONG, payload))  # type: ignore[union-attr]  # set once connected
            elif opcode == OP_CLOSE:
                self.close()
        del buffer[:start]

    def send_text(self, text: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_masked(OP_TEXT, text.encode()))

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_masked(OP_CLOSE, struct.pack("!H", 1000)))
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed while opening"))
        if not self.closed.done():
            self.closed.set_result(None)


async def connect(
    url: str, headers: dict[str, str], on_text: Callable[[bytes], None]
) -> Connection:
    """Open a WebSocket to a ws:// `url`, sending `headers` with the upgrade request."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    loop = asyncio.get_running_loop()
    _transport, connection = await loop.create_connection(
        lambda: Connection(on_text, request), host, port
    )
    await asyncio.wait_for(connection.opened, 30)
    return connection
