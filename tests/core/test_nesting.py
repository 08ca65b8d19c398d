"""TOML read with nesting bounded: deep arrays are a syntax error at their line."""

from __future__ import annotations

import tomllib

import pytest

from patrol_journal.nesting import MAX_DEPTH, loads, too_deep


def test_nesting_up_to_the_limit_reads_as_tomllib_does() -> None:
    text = "a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert loads(text) == tomllib.loads(text)


def test_deeper_nesting_is_refused_at_its_line() -> None:
    text = 'x = "[[[[ not counted in a string"\n# [[[[ nor in a comment\n' + (
        "b = " + "[" * 3000 + "]" * 3000 + "\n"
    )
    assert too_deep(text) == (3, 4 + MAX_DEPTH + 1)
    with pytest.raises(tomllib.TOMLDecodeError, match=r"nested more than 32 deep \(at line 3"):
        loads(text)


def test_brackets_in_strings_of_every_kind_do_not_count() -> None:
    inside = "[" * 40
    text = (
        f"a = \"{inside}\"\nb = '{inside}'\nc = \"\"\"\n{inside}\n\"\"\"\nd = '''{inside}'''\n"
        f'e = "\\"{inside}"\n'
    )
    assert too_deep(text) is None
    assert loads(text)["a"] == inside
    assert too_deep("t = {a = {b = " + "{x = " * 40 + "1" + "}" * 42 + "\n") is not None
