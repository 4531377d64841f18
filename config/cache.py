"""A cache that falls back to process memory while its server (Redis) is unreachable.

Rate limits count in this cache. django-ratelimit fails closed when its cache raises
(every POST a 500 during a Redis outage); behind this backend a Redis outage degrades
to per-process counting instead, and after a failure Redis is not tried again for
``RETRY_AFTER`` seconds, so an outage adds no connect timeout to each request.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

RETRY_AFTER = 10.0


class FailoverCache(BaseCache):
    """``OPTIONS["PRIMARY"]`` is a backend path (e.g. RedisCache) at ``LOCATION``; memory otherwise."""

    def __init__(self, location: str, params: dict[str, Any]):
        super().__init__(params)
        options = dict(params.get("OPTIONS") or {})
        primary_path = options.pop("PRIMARY", "django.core.cache.backends.redis.RedisCache")
        primary_params = {**params, "OPTIONS": options}
        self.primary: BaseCache = import_string(primary_path)(location, primary_params)
        self.fallback = LocMemCache(f"failover-{location}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                return getattr(self.primary, name)(*args, **kwargs)
            except ValueError:
                raise  # e.g. incr of a missing key: an answer, not an outage
            except Exception as exc:  # noqa: BLE001 - any client error means "server unreachable" here
                with self._lock:
                    if time.monotonic() >= self._down_until:
                        log.warning("cache server unreachable (%s: %s); counting in memory for %ss",
                                    type(exc).__name__, exc, RETRY_AFTER)
                    self._down_until = time.monotonic() + RETRY_AFTER
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return bool(self._call("add", key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = 300, version: int | None = None) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = 300, version: int | None = None) -> bool:
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("delete", key, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._call("incr", key, delta, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("has_key", key, version))

    def clear(self) -> None:
        self._call("clear")
