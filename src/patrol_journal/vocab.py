"""The journal's vocabulary, defined once: record types, kinds, concern actions and
statuses, priorities, ids, and how names are cleaned, keyed and compared.

Light on purpose (no pydantic): `pj log` imports it on every run. The Literal types are the
source; the tuples are read from them, so a new kind is added in one place.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, Literal, get_args

from patrol_journal import fields

RecordType = Literal[
    "interaction", "amendment", "concern", "person", "erased", "erasure", "shift", "passdown",
    "ack",
]  # fmt: skip
Kind = Literal["chat", "event", "business", "patrol", "meeting", "call", "other"]
Action = Literal["raise", "note", "resolve", "report-back", "reopen", "amend"]
Status = Literal["open", "resolved", "reported-back"]
Priority = Literal["low", "normal", "high"]
Duty = Literal["on", "off"]  # a shift's start and end

RECORD_TYPES: tuple[str, ...] = get_args(RecordType)
KINDS: tuple[str, ...] = get_args(Kind)
STATUSES: tuple[str, ...] = get_args(Status)
PRIORITIES: tuple[str, ...] = get_args(Priority)

# The dates a journal holds: from the start of Unix time (no patrol journal predates it,
# and every zone's offsets since are whole minutes, which TOML can write) to the end of
# this century (follow-ups may lie ahead; what happened may not).
EARLIEST = date(1970, 1, 1)
LATEST = date(2100, 12, 31)

# The fields of an interaction a correction (amendment) may replace, and those `pj search`
# looks in (with its concerns' texts): declared with every field in `fields.py`.
AMENDABLE = fields.AMENDABLE
SEARCHED = fields.SEARCHED

# Crockford's base32, lower case: no i, l, o, u, so ids read aloud and typed without doubt.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


ID_LENGTH = 10  # 50 random bits: two processes or two merged journals never meet


MIN_PREFIX = 4


def new_id() -> str:
    """A fresh random id: no counter, so concurrent writers can never take the same one."""
    value = int.from_bytes(os.urandom(7), "big") >> (56 - 5 * ID_LENGTH)
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(ID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def has_control_characters(text: str) -> bool:
    """Tabs, newlines, escapes and the like: never part of a name or a place."""
    import re

    return re.search(r"[\x00-\x1f\x7f]", text) is not None


# Characters that must never reach a terminal (or a printed page) as themselves: C0 controls
# (but line ends and tabs), DEL, C1 controls, and the bidirectional overrides and isolates
# that reorder what a reader sees ("Trojan Source"). A journal keeps any string exactly;
# everything pj shows goes through `visible`.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]"


def _shown(match: Any) -> str:
    char: str = match.group()
    if ord(char) < 0x100:
        return f"\\x{ord(char):02x}"
    return f"<U+{ord(char):04X}>"


def visible(text: str) -> str:
    """`text` with every control character and bidi override shown as visible characters
    (`\\x1b`, `<U+202E>`): what the officer's terminal, a report and a printed page get of
    any text from a journal. Line ends and tabs are kept."""
    if text.isprintable():
        return text
    import re

    return re.sub(_UNSAFE, _shown, text)


def clean_text(text: str) -> str:
    """Collapse runs of whitespace and trim: how names and places are displayed."""
    return " ".join(text.split())


MAX_NAME = 200


def name_problem(text: str, *, limit: int | None = MAX_NAME) -> str | None:
    """What is wrong with `text` as a person's or a place's name, or None if nothing is.

    Said so that it follows the name of the field: "the place " + "is empty ...".
    """
    if has_control_characters(text):
        return "contains control characters; type it plainly"
    cleaned = clean_text(text)
    if not cleaned:
        return "is empty or only spaces; give a name"
    if limit is not None and len(cleaned) > limit:
        return f"is {len(cleaned)} characters long; a name is at most {limit}"
    return None


# Joiners that some scripts need inside a word (Persian, Indic): allowed between their
# letters, never beside Latin, Greek or Cyrillic ones, where they only hide a difference.
_JOINERS = "\u200c\u200d"
_LOOKALIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def invisible_character(text: str) -> str | None:
    """The first format character (Unicode Cf: zero-width spaces, bidi marks, soft hyphens)
    in `text`, as U+XXXX, or None. Two names that differ only by one would look the same."""
    if text.isascii():
        return None
    import unicodedata

    for position, char in enumerate(text):
        if unicodedata.category(char) != "Cf":
            continue
        if char in _JOINERS and 0 < position < len(text) - 1:
            around = (text[position - 1], text[position + 1])
            if all(c.isalpha() and script_of(c) not in _LOOKALIKE_SCRIPTS for c in around):
                continue
        return f"U+{ord(char):04X}"
    return None


def script_of(char: str) -> str:
    """The script of a letter as Unicode names it (LATIN, CYRILLIC, ARABIC, CJK...)."""
    import unicodedata

    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def mixed_script_word(text: str) -> str | None:
    """A word of `text` that mixes Latin, Greek or Cyrillic letters ("Maria" typed with a
    Cyrillic M): a look-alike of another spelling, never what an officer meant to type."""
    if text.isascii():
        return None
    import re

    for word in re.split(r"[\s'\u2019\-]+", text):
        scripts = {script_of(char) for char in word if char.isalpha()}
        if len(scripts & set(_LOOKALIKE_SCRIPTS)) > 1:
            return word
    return None


def typed_name_problem(text: str) -> str | None:
    """What is wrong with a name as an officer types it now: `name_problem`, and no
    invisible character (a journal written before may hold one: `check` warns of it)."""
    problem = name_problem(text)
    if problem is None and (hidden := invisible_character(text)) is not None:
        return f"contains an invisible character ({hidden}); type it plainly"
    return problem


# Letters of other alphabets that look like Latin ones (Unicode's confusables, the common
# part): "Alice" typed with a Cyrillic A reads as "Alice", and must not pass for it.
_CONFUSABLES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb\u04cf\u051b\u051d\u0432\u043a\u043c\u043d\u0442\u03b1\u03bf\u03c1\u03bd\u03b9\u03ba\u03c4\u03c5\u03c7\u03b5\u03b2\u03b7"
    # Greek capitals as casefolded (mu, zeta), the dotless i, and Latin small capitals.
    "\u03bc\u03b6\u0131"
    "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d"
    "\u0274\u1d0f\u1d18\u01eb\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21\u028f\u1d22",
    "aeopcyxijsdhlqwbkmhtaopviktuxebnmziabcdefghijklmnopqrstuvwyz",
)


def skeleton(text: str) -> str:
    """A name's key with look-alike letters of other alphabets read as Latin: two names
    with one skeleton would pass for each other."""
    return skeleton_letters(name_key(text))


def skeleton_letters(folded: str) -> str:
    """Folded text with look-alike letters of other alphabets read as Latin."""
    return folded.translate(_CONFUSABLES)


def fold(text: str) -> str:
    """Text as officers type it on any keyboard: compatibility forms read as the letters
    they show (NFKD: mathematical bold or fullwidth letters), casefolded, accents and other marks
    dropped, invisible characters (Unicode Cf: zero-width spaces, bidi marks; the
    grapheme joiner, variation selectors, the Arabic tatweel) dropped, so "José García",
    "jose garcia" and "Jose\u200b Garcia" read the same."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    if decomposed.isascii():
        return decomposed
    return "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char)
        and unicodedata.category(char) != "Cf"
        and char not in _INVISIBLE
    )


# Characters that show nothing, or only stretch a word, and are not format characters:
# the grapheme joiner, the Arabic tatweel, variation selectors, Hangul fillers.
_INVISIBLE = frozenset(
    "\u034f\u0640\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def name_key(text: str) -> str:
    """The matching key for a name or place: folded (case and accents), whitespace
    collapsed. Spellings that differ only so are one person, shown as first spelt."""
    return " ".join(fold(text).split())


def listed(words: tuple[str, ...], last: str = "or") -> str:
    """Words of the vocabulary in a sentence: "low, normal or high"."""
    return ", ".join(words[:-1]) + f" {last} {words[-1]}" if len(words) > 1 else words[0]


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 time", "2 times": a count with its word in the right number."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def one_edit_apart(a: str, b: str) -> bool:
    """True if `a` and `b` differ by one inserted, deleted, replaced or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True  # one letter replaced
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]  # one letter inserted


def looks_alike(a: str, b: str) -> bool:
    """Two name keys an officer probably meant to be the same: the same words in another
    order, one letter off (for names of four letters or more), or the same letters but
    for spaces, apostrophes and hyphens and at most one more ("Siobhan O'Brien" and
    "Siobhán Ó Briain"), or look-alike letters of another alphabet."""
    if a == b:
        return False
    if sorted(a.split()) == sorted(b.split()) or skeleton(a) == skeleton(b):
        return True
    if min(len(a), len(b)) >= 4 and one_edit_apart(a, b):
        return True
    letters_a, letters_b = _letters(a), _letters(b)
    shorter = min(len(letters_a), len(letters_b))
    if shorter < 6:
        return False
    if letters_a == letters_b or one_edit_apart(letters_a, letters_b):
        return True
    return shorter >= 12 and edits_at_most(letters_a, letters_b, 2)


def _letters(key: str) -> str:
    return "".join(char for char in key if char.isalnum())


def edits_at_most(a: str, b: str, limit: int) -> bool:
    """Whether `a` becomes `b` in at most `limit` inserted, deleted or replaced letters
    (a Levenshtein distance cut off at `limit`: only a band of the table is filled)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [limit + 1] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = 0 if char == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if min(current) > limit:
            return False
        previous = current
    return previous[len(b)] <= limit


def search_text(fields: dict[str, Any]) -> str:
    """What `pj search` looks in (the fields of SEARCHED) as one folded text: made once,
    when a record is indexed."""
    parts: list[str] = []
    for key in SEARCHED:
        value = fields.get(key)
        if isinstance(value, list):
            parts.extend(value)
        else:
            parts.append(value or "")
    return fold("\n".join(parts))
