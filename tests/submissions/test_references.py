"""References under concurrent senders: unique and in arrival order, without a lock held for the
whole submission (decision 0020, throughput)."""
from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from submissions.models import Call, Submission
from submissions.services.intake import allocate_reference
from tests.factories import make_call, make_submission

pytestmark = [pytest.mark.django_db(transaction=True),
              # Concurrent writers: SQLite (the embedded demo) has one writer at a time anyway.
              pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")]


def test_concurrent_submissions_get_unique_references_in_arrival_order():
    call = make_call(deadline="2999-12-31")
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            for i in range(4):
                make_submission(call, text=f"Text {n}-{i} on debt.", name=f"NGO {n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(Submission.objects.filter(call=call).order_by("reference").values_list("reference", "received_at"))
    numbers = [int(reference.rsplit("-", 1)[1]) for reference, _ in rows]
    assert numbers == list(range(1, 25))  # unique, and nothing failed, so no gap
    assert [received for _, received in rows] == sorted(received for _, received in rows)


def test_the_counter_is_not_held_until_the_submission_commits():
    """While one sender's transaction is still open, another sender of the call gets its number at once."""
    call = make_call(deadline="2999-12-31")
    first, _ = allocate_reference(call)
    got: list[str] = []
    with transaction.atomic():
        Submission.objects.filter(call=call).exists()  # a sender's open transaction, after its number

        def other() -> None:
            got.append(allocate_reference(call)[0])
            connection.close()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=5)
        assert got, "the second sender waited for the first one's transaction"
    assert [first, got[0]] == [f"{call.reference_prefix}-0001", f"{call.reference_prefix}-0002"]
    assert Call.objects.get(pk=call.pk).next_reference_number == 3
