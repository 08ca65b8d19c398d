"""The one exit point of every command, typer's or the fast path's: each failure is one
line on stderr and an exit code.

JournalError -> its message (`path:line: message` when it has a line), exit 1 (2 for
usage); `Failure` (what the typer layer makes of click's usage errors) -> its line and
code; Ctrl-C -> 130; anything unexpected -> one line and a hint to rerun with --debug,
which shows the traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

from patrol_journal.errors import JournalError

T = TypeVar("T")


class Failure(Exception):
    """A failure already put in words: printed as it is, with its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def debugging(given: bool) -> bool:
    """--debug, or `$PJ_DEBUG` set to anything but empty, 0, false, no or off."""
    setting = os.environ.get("PJ_DEBUG", "").strip().lower()
    return given or setting not in ("", "0", "false", "no", "off")


def guarded(body: Callable[[], T], *, debug: bool) -> T:
    """`body()`'s result, with its output made visible; a failure ends the process. With
    `debug`, an unexpected error shows its traceback (an officer's mistake never does)."""
    try:
        with visible_output():
            return body()
    except Failure as exc:
        fail(exc.message, exc.code)
    except JournalError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("pj: interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        if debug:
            raise
        fail(
            f"pj: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback, and please report it)",
            1,
        )


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """stdout and stderr pass every write through `vocab.visible` while a command runs."""
    from patrol_journal.outputs import VisibleStream

    streams = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(sys.stdout)
    sys.stderr = VisibleStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr; control characters from user input are shown escaped."""
    from patrol_journal.vocab import visible

    line = " ".join(message.splitlines()) if message else "pj: failed"
    print(visible(line.replace("\t", " ")), file=sys.stderr, flush=True)
    sys.exit(code)
