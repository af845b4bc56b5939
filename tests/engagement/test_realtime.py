"""The brokers that carry chat events between API processes and browsers (SPEC 5.6.2)."""

import asyncio
import threading
import uuid

import pytest

from engagement.realtime.memory import MemoryBroker


def redis_url():
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


@pytest.fixture(params=["memory", "redis"])
def broker(request, settings):
    if request.param == "memory":
        return MemoryBroker()
    from engagement.realtime.redis import RedisBroker

    settings.REALTIME_CHANNEL_PREFIX = f"test-{uuid.uuid4().hex[:8]}:"
    return RedisBroker(redis_url())


def test_a_blocking_subscriber_gets_what_is_published_to_its_channel_only(broker):
    with broker.subscribe(["user:1"]) as subscription:
        broker.publish("user:2", {"type": "message", "n": 0})
        broker.publish("user:1", {"type": "message", "n": 1})
        got = subscription.get(timeout=2)
        while got is None:  # Redis may hand over its subscription confirmation first
            got = subscription.get(timeout=2)
        assert got == ("user:1", {"type": "message", "n": 1})
        assert subscription.get(timeout=0.2) is None


def test_an_asyncio_subscriber_gets_events_published_from_another_thread(broker):
    async def scenario():
        async with broker.subscribe_async(["user:7"]) as subscription:
            thread = threading.Thread(
                target=broker.publish, args=("user:7", {"type": "read", "up_to": 5})
            )
            thread.start()
            thread.join()
            got = None
            for _ in range(10):
                got = await subscription.get(timeout=1)
                if got is not None:
                    break
            return got

    assert asyncio.run(scenario()) == ("user:7", {"type": "read", "up_to": 5})


def test_unsubscribing_leaves_nothing_behind(broker):
    with broker.subscribe(["user:1"]) as subscription:
        subscription.get(timeout=0.2)  # Redis confirms the subscription first
        assert broker.subscriber_count("user:1") == 1
    assert broker.subscriber_count("user:1") == 0
    broker.publish("user:1", {"type": "message"})  # nobody listening: no error


def test_redis_carries_events_between_two_broker_instances(settings):
    from engagement.realtime.redis import RedisBroker

    settings.REALTIME_CHANNEL_PREFIX = f"test-{uuid.uuid4().hex[:8]}:"
    url = redis_url()
    sender, receiver = RedisBroker(url), RedisBroker(url)  # as two API processes
    with receiver.subscribe(["user:3"]) as subscription:
        sender.publish("user:3", {"type": "message", "conversation": 9})
        got = None
        for _ in range(10):
            got = subscription.get(timeout=1)
            if got is not None:
                break
    assert got == ("user:3", {"type": "message", "conversation": 9})
