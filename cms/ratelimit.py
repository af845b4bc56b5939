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
    proxies saw (X-Forwarded-For read from the right), so a client cannot pick its own.
    Worked out once per request (the rate limit and the analytics hash both ask)."""
    address = getattr(request, "_client_ip", None)
    if address is None:
        address = request._client_ip = _client_ip(request)
    return address


def _client_ip(request):
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
    hit_all([(scope, identity, rate)], now)


def hit_all(limits, now=None):
    """Count one request against each (scope, identity, rate) at once: one cache round trip
    for a request limited per address and per account. RateLimited for the first exceeded,
    with the longest wait among those exceeded."""
    if not settings.RATE_LIMITS_ENABLED or not limits:
        return
    now = time.time() if now is None else now
    windows = []
    for scope, identity, rate in limits:
        if isinstance(rate, str):
            rate = Rate.parse(rate)
        window = int(now // rate.seconds)
        digest = hashlib.blake2b(str(identity).encode(), digest_size=12).hexdigest()
        windows.append((scope, rate, window, f"rl:{scope}:{digest}:{window}"))
    found = _count([(key, rate.seconds + 1) for _scope, rate, _window, key in windows])
    exceeded = [
        (scope, max(1, int((window + 1) * rate.seconds - now)))
        for (scope, rate, window, _key), count in zip(windows, found, strict=True)
        if count > rate.count
    ]
    if exceeded:
        raise RateLimited(exceeded[0][0], max(wait for _scope, wait in exceeded))


# INCR each key, giving a new one its window's expiry: one command, atomic, however many
# limits a request is counted against (a pipeline of INCR and EXPIRE NX per key costs
# redis-py twice the work per call, and the beacons make most calls).
COUNT_SCRIPT = """
local counts = {}
for index, key in ipairs(KEYS) do
    local count = redis.call('INCR', key)
    if count == 1 then redis.call('EXPIRE', key, ARGV[index]) end
    counts[index] = count
end
return counts
"""
_script = None


def _count(keys):
    """Add one to each window's counter [(key, timeout)] and return the counts: one round
    trip to Redis (COUNT_SCRIPT), or add/incr on any other cache."""
    global _script  # noqa: PLW0603 (registered once per process, on first use)
    redis = _redis()
    if redis is not None:
        if _script is None:
            _script = redis.register_script(COUNT_SCRIPT)
        names = [cache.make_key(key) for key, _timeout in keys]
        return _script(keys=names, args=[timeout for _key, timeout in keys], client=redis)
    return [_count_one(key, timeout) for key, timeout in keys]


def _count_one(key, timeout):
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
    limits = []
    if per_ip:
        limits.append((f"{scope}:ip", ip_bucket(client_ip(request)), per_ip))
    user = getattr(request, "user", None)
    if per_user and user is not None and user.is_authenticated:
        limits.append((f"{scope}:user", user.pk, per_user))
    if key is not None and per_user:
        limits.append((f"{scope}:key", key, per_user))
    hit_all(limits)


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
