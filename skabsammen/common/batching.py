"""Ids collected during a transaction and handed on once, after it commits."""

import threading
from collections.abc import Callable

from django.db import transaction


class CommitBatch:
    """`add(id)` collects ids; `flush(sorted ids)` is called once when the transaction
    commits (at once outside a transaction), so that saving many objects in one
    transaction queues one task, not one per object."""

    def __init__(self, flush: Callable[[list[int]], None]):
        self._flush = flush
        self._local = threading.local()

    def add(self, item_id: int) -> None:
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            self._flush([item_id])
            return
        pending = getattr(self._local, "pending", None)
        # A rolled-back transaction drops our callback: then start a new batch.
        if pending is None or not any(entry[1] is pending[1] for entry in connection.run_on_commit):
            ids: set[int] = set()

            def flush():
                self._local.pending = None
                self._flush(sorted(ids))

            pending = self._local.pending = (ids, flush)
            transaction.on_commit(flush)
        pending[0].add(item_id)
