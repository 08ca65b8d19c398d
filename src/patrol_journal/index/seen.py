"""The ids a refresh has indexed, without holding them all: a journal of a million records
is indexed in the same few megabytes as one of a thousand."""

from __future__ import annotations

import sqlite3

SMALLEST = 1 << 20  # bits: 128 KiB


class SeenIds:
    """Which ids a table of the index holds, for the refresh that fills it.

    The rows not written yet are kept as a set; those written are asked of the table (its
    id is unique, so indexed). On a build from nothing a Bloom filter of the ids added
    answers "no" for almost every new id without asking: its two bits an id are taken
    from the id's hash, in a bit array sized for the journal (a few megabytes), so a
    "maybe" that is not (about one id in a hundred at the size planned for) costs one
    lookup, never a wrong answer.
    """

    def __init__(self, db: sqlite3.Connection, table: str, *, fresh: bool, expected: int) -> None:
        self._db = db
        self._sql = f"SELECT 1 FROM {table} WHERE id = ?"
        self._fresh = fresh
        self._pending: set[str] = set()
        size = SMALLEST
        while size < 16 * expected:
            size <<= 1
        self._mask = size - 1
        self._bits = bytearray(size >> 3)

    def add(self, record_id: str) -> None:
        self._pending.add(record_id)
        if self._fresh:
            h = hash(record_id)
            for bit in (h & self._mask, (h >> 32) & self._mask):
                self._bits[bit >> 3] |= 1 << (bit & 7)

    def __contains__(self, record_id: str) -> bool:
        if self._fresh:
            h = hash(record_id)
            bits, mask = self._bits, self._mask
            for bit in (h & mask, (h >> 32) & mask):
                if not bits[bit >> 3] >> (bit & 7) & 1:
                    return False
        if record_id in self._pending:
            return True
        return self._db.execute(self._sql, (record_id,)).fetchone() is not None

    def written(self) -> None:
        """The pending rows are in the table now."""
        self._pending.clear()
