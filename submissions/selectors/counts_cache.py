"""The inbox's counts per status, kept a few seconds in the cache (issue 15).

Every inbox and search request counted the call's submissions per status: an index-only
count of 100,000 rows (4-5 ms of PostgreSQL) or up to 1,001 matches of a search read
through the full-text index (10-15 ms). Staff page through a list and change filters
over the same counts, so they are kept ``INBOX_COUNTS_TTL`` seconds (10) per call and filters, and
forgotten at once when a submission of the call is saved or deleted (a status change,
an assignment, a new submission: ``change_status`` always saves). Changes that save no
submission (a theme decision, a bulk import, a contributor's category) show within
those seconds. With ``CACHE_URL`` on Redis every web process shares the counts and the
forgetting (memory of each process while Redis is down, as the rate limits do); with the
in-process default each process keeps its own.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from submissions.models import Submission

T = TypeVar("T")


def _cache() -> Any:
    """The ``counts`` cache: Redis when ``CACHE_URL`` says so, process memory while it is down.

    A deployment whose own ``CACHES`` has no ``counts`` uses its default cache: a save must
    never fail for want of a cache alias.
    """
    return caches["counts" if "counts" in settings.CACHES else "default"]


def _version_key(call_id: int) -> str:
    return f"inbox-counts-version:{call_id}"


def cached(call_id: int, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for the same call and ``parts`` less than ``INBOX_COUNTS_TTL`` s ago."""
    ttl = settings.INBOX_COUNTS_TTL
    if ttl <= 0:
        return compute()
    cache = _cache()
    version = cache.get(_version_key(call_id), 0)
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    key = f"inbox-counts:{call_id}:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, ttl)
    return value


def forget(call_id: int) -> None:
    """The call's cached counts are out of date (a new version: the old entries expire unread)."""
    key = _version_key(call_id)
    cache = _cache()
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, None)


def submission_changed(sender: type[Submission], instance: Submission, **kwargs: Any) -> None:
    """Forgotten now, and again once the change is committed: a request counting in between
    saw the rows as they were and may have kept that under the new version.

    Connected to ``post_save`` and ``post_delete`` of ``Submission`` in ``SubmissionsConfig.ready``.
    """
    call_id = instance.call_id
    if call_id is not None:
        forget(call_id)
        transaction.on_commit(lambda: forget(call_id))
