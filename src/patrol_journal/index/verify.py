"""The append path's soundness check: trust the verified mark, else refresh the index."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from patrol_journal.index.files import count_in_names, is_verified, stat_key, write_verified
from patrol_journal.journal.format import torn_message
from patrol_journal.journal.write import VerifyHook
from patrol_journal.journal.write import append as append_records


class AppendVerifier(VerifyHook):
    """Before an append: trust the journal if nothing but pj has touched it since it was
    last read in full; otherwise bring the index up to date, which reads what changed and
    refuses a journal with errors. After the append: mark the new state as sound."""

    def before_append(self, path: Path, current: os.stat_result) -> str:
        if is_verified(path, current):
            return stat_key(current)
        from patrol_journal.errors import TornTail
        from patrol_journal.index.store import Index

        with Index.open(path) as index:
            torn = index.torn_tail
            checked = index.meta("stat") or ""
        if torn is not None:
            raise TornTail(
                torn_message("nothing was written"),
                torn.source,
            )
        return checked

    def state_of(self, st: os.stat_result) -> str:
        return stat_key(st)

    def after_append(self, path: Path, before: os.stat_result, after: os.stat_result) -> None:
        write_verified(path, after)


def append(path: Path, records: list[dict[str, Any]]) -> None:
    """Append records through the one append path, verifying the journal cheaply first."""

    append_records(path, records, verify=AppendVerifier())
    count_in_names(path, records)
