"""The in-process broker: subscribers are queues in this process (one server process)."""

import asyncio
import queue
import threading


class MemoryBroker:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers = {}  # channel -> set of subscriptions

    def publish(self, channel, event):
        with self._lock:
            targets = list(self._subscribers.get(channel, ()))
        for subscription in targets:
            subscription.deliver(channel, event)

    def _add(self, channels, subscription):
        with self._lock:
            for channel in channels:
                self._subscribers.setdefault(channel, set()).add(subscription)

    def _remove(self, channels, subscription):
        with self._lock:
            for channel in channels:
                subscribers = self._subscribers.get(channel)
                if subscribers is not None:
                    subscribers.discard(subscription)
                    if not subscribers:
                        del self._subscribers[channel]

    def subscribe(self, channels):
        """A blocking subscription: `get(timeout)` returns (channel, event) or None."""
        return _SyncSubscription(self, list(channels))

    def subscribe_async(self, channels):
        """An asyncio subscription: `await get(timeout)` returns (channel, event) or None."""
        return _AsyncSubscription(self, list(channels))

    def subscriber_count(self, channel):
        with self._lock:
            return len(self._subscribers.get(channel, ()))


class _SyncSubscription:
    def __init__(self, broker, channels):
        self.broker, self.channels = broker, channels
        self.queue = queue.Queue(maxsize=1000)

    def __enter__(self):
        self.broker._add(self.channels, self)
        return self

    def __exit__(self, *exc):
        self.broker._remove(self.channels, self)

    def deliver(self, channel, event):
        try:
            self.queue.put_nowait((channel, event))
        except queue.Full:  # a stalled reader: it will catch up from history on reconnect
            pass

    def get(self, timeout):
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None


class _AsyncSubscription:
    def __init__(self, broker, channels):
        self.broker, self.channels = broker, channels
        self.queue = asyncio.Queue(maxsize=1000)
        self.loop = None

    async def __aenter__(self):
        self.loop = asyncio.get_running_loop()
        self.broker._add(self.channels, self)
        return self

    async def __aexit__(self, *exc):
        self.broker._remove(self.channels, self)

    def deliver(self, channel, event):
        # Called from whichever thread published: hand over to the subscriber's loop.
        self.loop.call_soon_threadsafe(self._put, (channel, event))

    def _put(self, item):
        if not self.queue.full():
            self.queue.put_nowait(item)

    async def get(self, timeout):
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
