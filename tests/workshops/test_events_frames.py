"""A room's snapshot written straight to each connection (`events._write_frame`), on a real
uvicorn sans-io server in this test's event loop, with a real `websockets` client."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
import uvicorn
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from websockets.asyncio.client import connect

from coproduce.workshops import events
from tests.servers import free_port

pytestmark = pytest.mark.asyncio

connected: list[AsyncWebsocketConsumer] = []


class Socket(AsyncWebsocketConsumer):
    """A socket as the room's, noted so the test can write to it."""

    channel_layer_alias = "none"

    async def dispatch(self, message):  # as RoomConsumer's: no database clean-up
        await getattr(self, get_handler_name(message))(message)

    async def connect(self) -> None:
        await self.accept()
        connected.append(self)


@contextlib.asynccontextmanager
async def a_server():
    """uvicorn with the deployed WebSocket flags (docs/deploy.md), serving `Socket`."""
    connected.clear()
    port = free_port()
    config = uvicorn.Config(
        Socket.as_asgi(),
        host="127.0.0.1",
        port=port,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield f"ws://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        await task


async def until_connected(count: int) -> None:
    for _ in range(500):
        if len(connected) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} sockets never connected")


async def test_a_snapshot_goes_straight_to_each_connection_as_a_text_frame():
    async with a_server() as url, connect(url) as one, connect(url) as two:
        await until_connected(2)
        text = '{"t":"room","v":3,"a":"café ✓"}'
        assert all(events._write_frame(socket, text.encode()) for socket in connected)
        assert await asyncio.wait_for(one.recv(), 5) == text  # str: a text frame
        assert await asyncio.wait_for(two.recv(), 5) == text


async def test_a_full_or_closed_connection_goes_through_asgi_instead():
    async with a_server() as url, connect(url) as client:
        await until_connected(1)
        socket = connected[0]
        server = socket.base_send.__self__
        server.pause_writing()  # as uvicorn does when the connection's buffer is full
        assert events._write_frame(socket, b"x") is False
        server.resume_writing()
        assert events._write_frame(socket, b"now") is True
        assert await asyncio.wait_for(client.recv(), 5) == "now"
        await client.close()
        for _ in range(500):
            if server.disconnected or server.close_sent:
                break
            await asyncio.sleep(0.01)
        assert events._write_frame(socket, b"gone") is False


async def test_a_socket_on_another_server_goes_through_asgi():
    class Elsewhere:
        async def base_send(self, message):  # not uvicorn's
            raise AssertionError("not called")

        async def send(self, text_data=None, bytes_data=None):
            raise AssertionError("not called")

    assert events._write_frame(Elsewhere(), b"x") is False


async def test_the_hub_fans_out_straight_to_real_connections():
    hub = events.Hub(asyncio.get_running_loop(), layer=None)  # fan-out needs no layer
    async with a_server() as url, connect(url) as one, connect(url) as two:
        await until_connected(2)
        hub.rooms[7] = set(connected)
        await hub.fan_out(7, "snapshot")
        assert [await asyncio.wait_for(c.recv(), 5) for c in (one, two)] == ["snapshot"] * 2
        assert hub.waiting == {}  # nothing went the slow way
