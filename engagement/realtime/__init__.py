"""Real-time delivery of chat events to the browsers of the people concerned (SPEC 5.6.2).

Events are published to a channel per user (`user:<id>`); a browser subscribes to its own
user's channel through the server-sent-events stream (engagement.api.stream). Brokers:

- `memory` (the embedded default): in-process queues; right for one server process.
- `redis` (with REDIS_URL): Redis pub/sub, so that a message posted through any API
  process reaches a browser connected to any other.

Both serve a synchronous subscriber (a WSGI server thread per stream: runserver, gunicorn
gthread) and an asynchronous one (ASGI: uvicorn), because Django serves a streaming
response only from an iterator of its own kind.
"""

from django.conf import settings
from django.utils.module_loading import import_string

_brokers = {}


def channel_for(user_id):
    return f"user:{user_id}"


def get_broker():
    """The configured broker (settings.REALTIME_BROKER), one per process."""
    path = settings.REALTIME_BROKERS[settings.REALTIME_BROKER]
    broker = _brokers.get(path)
    if broker is None:
        broker = _brokers[path] = import_string(path)()
    return broker


def publish_to_users(user_ids, event):
    """Send `event` (a JSON-able dict with a "type") to every one of these users."""
    broker = get_broker()
    for user_id in sorted(set(user_ids)):
        broker.publish(channel_for(user_id), event)
