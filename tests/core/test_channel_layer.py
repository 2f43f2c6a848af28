"""The channel layer that live rooms will use: in-memory by default, Redis with REDIS_URL."""

import os

import pytest
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer

from tests.conftest import IN_CI, skip_unless

# In CI the machine's Redis is always there, even in the SQLite pass without REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/0" if IN_CI else "")


async def round_trip(layer) -> dict:
    channel = await layer.new_channel()
    await layer.group_add("room-test", channel)
    await layer.group_send("room-test", {"type": "room.changed", "seq": 7})
    message = await layer.receive(channel)
    await layer.group_discard("room-test", channel)
    return message


@pytest.mark.asyncio
async def test_configured_channel_layer_delivers_group_messages():
    layer = get_channel_layer()
    assert await round_trip(layer) == {"type": "room.changed", "seq": 7}


@pytest.mark.asyncio
@skip_unless(bool(REDIS_URL), "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
async def test_redis_channel_layer_delivers_between_two_processes_worth_of_layers():
    sender = RedisPubSubChannelLayer(hosts=[REDIS_URL])
    receiver = RedisPubSubChannelLayer(hosts=[REDIS_URL])
    try:
        channel = await receiver.new_channel()
        await receiver.group_add("room-redis-test", channel)
        await sender.group_send("room-redis-test", {"type": "room.changed", "seq": 8})
        assert await receiver.receive(channel) == {"type": "room.changed", "seq": 8}
    finally:
        await sender.flush()
        await receiver.flush()
