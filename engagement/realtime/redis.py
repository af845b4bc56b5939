"""The Redis pub/sub broker (REDIS_URL): events cross API processes and machines."""

import json

from django.conf import settings


class RedisBroker:
    def __init__(self, url=None):
        import redis

        self.url = url or settings.REDIS_URL
        self.prefix = settings.REALTIME_CHANNEL_PREFIX
        self._client = redis.Redis.from_url(self.url)

    def publish(self, channel, event):
        self._client.publish(self.prefix + channel, json.dumps(event, default=str))

    def subscribe(self, channels):
        return _SyncSubscription(self, channels)

    def subscriber_count(self, channel):
        """Streams listening on `channel` in every process (PUBSUB NUMSUB)."""
        [(_name, count)] = self._client.pubsub_numsub(self.prefix + channel)
        return count

    def subscribe_async(self, channels):
        return _AsyncSubscription(self, channels)

    def _decode(self, message):
        channel = message["channel"].decode()[len(self.prefix) :]
        return channel, json.loads(message["data"])


class _SyncSubscription:
    def __init__(self, broker, channels):
        self.broker = broker
        self.channels = [broker.prefix + channel for channel in channels]
        self.pubsub = None

    def __enter__(self):
        import redis

        self.client = redis.Redis.from_url(self.broker.url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(*self.channels)
        return self

    def __exit__(self, *exc):
        self.pubsub.close()
        self.client.close()

    def get(self, timeout):
        message = self.pubsub.get_message(timeout=timeout)
        return self.broker._decode(message) if message else None


class _AsyncSubscription:
    def __init__(self, broker, channels):
        self.broker = broker
        self.channels = [broker.prefix + channel for channel in channels]

    async def __aenter__(self):
        import redis.asyncio

        self.client = redis.asyncio.Redis.from_url(self.broker.url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        await self.pubsub.subscribe(*self.channels)
        return self

    async def __aexit__(self, *exc):
        await self.pubsub.aclose()
        await self.client.aclose()

    async def get(self, timeout):
        message = await self.pubsub.get_message(timeout=timeout)
        return self.broker._decode(message) if message else None
