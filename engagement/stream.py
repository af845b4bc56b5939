"""GET /api/v1/stream: the signed-in user's live events as server-sent events (SPEC 5.6.2).

One stream per browser tab carries everything addressed to its user: new messages, read
receipts, later meeting updates. Events are small notices ({"type": "message",
"conversation": 12, "message": 345}); the page then fetches what it lacks through the REST
operations, so a missed event costs nothing but a delay: on reconnecting, the client asks
for the messages after the last one it has.

A stream lasts at most REALTIME_STREAM_SECONDS, then ends; the browser's EventSource
reconnects by itself (after the `retry` we send). That bounds what a WSGI server thread
is held for, and lets a load balancer rebalance. A comment line every
REALTIME_KEEPALIVE_SECONDS keeps proxies from closing an idle connection.

Under ASGI (uvicorn) the stream is asynchronous; under WSGI (runserver, gunicorn gthread)
it is a blocking iterator, one thread per open stream: Django serves a streaming response
only from an iterator of the server's own kind.
"""

import json
import time

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from engagement.realtime import channel_for, get_broker


def _frame(event):
    name = event.get("type", "message")
    return f"event: {name}\ndata: {json.dumps(event, default=str)}\n\n".encode()


def _prelude():
    return f"retry: {settings.REALTIME_RETRY_MS}\n: connected\n\n".encode()


def _sync_events(user_id):
    deadline = time.monotonic() + settings.REALTIME_STREAM_SECONDS
    keepalive = settings.REALTIME_KEEPALIVE_SECONDS
    with get_broker().subscribe([channel_for(user_id)]) as subscription:
        yield _prelude()
        last = time.monotonic()
        while (now := time.monotonic()) < deadline:
            item = subscription.get(timeout=max(0.1, min(last + keepalive, deadline) - now))
            if item is not None:
                yield _frame(item[1])
            elif time.monotonic() - last < keepalive:
                continue  # the broker woke up for nothing of ours (a Redis confirmation)
            else:
                yield b": keepalive\n\n"
            last = time.monotonic()


async def _async_events(user_id):
    deadline = time.monotonic() + settings.REALTIME_STREAM_SECONDS
    keepalive = settings.REALTIME_KEEPALIVE_SECONDS
    async with get_broker().subscribe_async([channel_for(user_id)]) as subscription:
        yield _prelude()
        last = time.monotonic()
        while (now := time.monotonic()) < deadline:
            item = await subscription.get(timeout=max(0.1, min(last + keepalive, deadline) - now))
            if item is not None:
                yield _frame(item[1])
            elif time.monotonic() - last < keepalive:
                continue
            else:
                yield b": keepalive\n\n"
            last = time.monotonic()


def _response(events):
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events through at once
    return response


def _unauthenticated():
    return JsonResponse({"detail": _("Sign in to do this."), "code": "not_signed_in"}, status=401)


@require_GET
async def stream(request):
    user = await request.auser()
    if not user.is_authenticated:
        return _unauthenticated()
    if isinstance(request, ASGIRequest):
        return _response(_async_events(user.pk))
    # WSGI: Django runs this view on its own event loop, but the response is iterated by
    # the server's thread, which the blocking iterator may hold.
    return _response(_sync_events(user.pk))
