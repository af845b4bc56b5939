"""Rate limits per client address and per account, shared through the cache (SPEC 6.1.2
intrusion prevention, 6.1.3 availability).

Counters are fixed windows in Django's cache: Redis in production (REDIS_URL), so that every
API process behind the load balancer counts together; the in-process cache otherwise.
`cache.add` + `cache.incr` are atomic on both. A fixed window lets a burst of twice the
rate through at a window's edge; for abuse control that is an accepted trade for one
cache round trip per check.

    @limit("comment", per_ip="30/m", per_user="10/m")
    def post_comment(request, ...): ...

Exceeding a limit raises `RateLimited`, which the API turns into 429 with Retry-After.
"""

import functools
import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):  # noqa: N818 (reads as the condition, like Http404)
    def __init__(self, scope, retry_after):
        super().__init__(f"rate limit {scope!r} exceeded; retry in {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """'10/m', '100/5m', '1000/h' -> Rate."""
        count, _slash, period = text.partition("/")
        multiple = period[:-1] or "1"
        unit = period[-1:]
        if not count.isdigit() or not multiple.isdigit() or unit not in UNITS:
            raise ValueError(f"Bad rate {text!r}: use N/s, N/m, N/h, N/d or N/<k><unit>")
        return cls(int(count), int(multiple) * UNITS[unit])


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the address the nearest of TRUSTED_PROXY_COUNT
    proxies saw (X-Forwarded-For read from the right), so a client cannot pick its own."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def ip_bucket(address):
    """An IPv6 client owns a whole /64: counting per address would let it rotate freely."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def hit(scope, identity, rate, now=None):
    """Count one request of `identity` in `scope`; RateLimited when over `rate`."""
    if not settings.RATE_LIMITS_ENABLED:
        return
    if isinstance(rate, str):
        rate = Rate.parse(rate)
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    digest = hashlib.blake2b(str(identity).encode(), digest_size=12).hexdigest()
    count = _count(f"rl:{scope}:{digest}:{window}", rate.seconds + 1)
    if count > rate.count:
        retry_after = max(1, int((window + 1) * rate.seconds - now))
        raise RateLimited(scope, retry_after)


def _count(key, timeout):
    """Add one to a window's counter and return it: one round trip to Redis (INCR and
    EXPIRE NX pipelined), or add/incr on any other cache."""
    redis = _redis()
    if redis is not None:
        name = cache.make_key(key)
        pipe = redis.pipeline(transaction=False)
        pipe.incr(name)
        pipe.expire(name, timeout, nx=True)
        return pipe.execute()[0]
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def _redis():
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def check(request, scope, *, per_ip=None, per_user=None, key=None):
    """Apply a scope's limits to one request: per client address, per signed-in account,
    and per an extra identity `key` (the e-mail address a login or reset is for)."""
    rates = settings.RATE_LIMITS.get(scope, {})
    per_ip = rates.get("ip", per_ip)
    per_user = rates.get("user", per_user)
    if per_ip:
        hit(f"{scope}:ip", ip_bucket(client_ip(request)), per_ip)
    user = getattr(request, "user", None)
    if per_user and user is not None and user.is_authenticated:
        hit(f"{scope}:user", user.pk, per_user)
    if key is not None and per_user:
        hit(f"{scope}:key", key, per_user)


def limit(scope, *, per_ip=None, per_user=None):
    """Decorate an API operation with `check(request, scope, ...)`; settings.RATE_LIMITS
    may override the rates by scope ({"login": {"ip": "20/m", "user": "5/m"}})."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            check(request, scope, per_ip=per_ip, per_user=per_user)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
