"""Rate limit of the public tip form, per client address, in Django's cache.

Why not django-ratelimit: it is not among the project's locked dependencies, and adding a
dependency means changing the shared lock file, which the lead owns. What is needed is small:
a fixed window counter per address. The cache is Redis in production (shared by every
gunicorn worker, so the limit holds across processes) and per-process memory in the embedded
default. `TIPS_PUBLIC_RATE` = (requests, seconds), default 5 tips per hour per address."""

from django.conf import settings
from django.core.cache import cache


def _rate() -> tuple[int, int]:
    count, seconds = getattr(settings, "TIPS_PUBLIC_RATE", (5, 3600))
    return int(count), int(seconds)


def hit(address: str | None) -> bool:
    """Count one submission from `address`; False when it is over the limit."""
    limit, window = _rate()
    key = f"tips:public:{address or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
