"""Mentions of people in free text: the one matcher that redaction, erasure and subject
access use alike.

A name is found in text however it is typed: case and accents folded, invisible
characters dropped, look-alike letters of other alphabets read as Latin ("Maria" typed
with a Cyrillic a is "Maria"), curly and straight apostrophes and every dash alike, any run of
spaces between its words. Every word of a name is a name on its own, whatever its length
("Li", "Bo", "Ng"), with a possessive after it ("Tom's"), and each part of a hyphenated
name too ("Anne-Marie": "Anne", "Marie"); "O'Brien" is also found as "OBrien". A word is
found only as a whole word ("Li" is not found in "Lime"), except in scripts written
without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar, Korean with its particles):
there a name is found inside any run of text ("王伟说门坏了"), and an Arabic name with the
letters that attach before it ("ومحمد", "and Muhammad"). The particles of a surname,
written in small letters ("de", "van", "la"), are not names on their own.

Words that are also names ("Rose", "Hope", "Mark") are found wherever they stand: this
matcher over-matches on purpose, since a name left in is the harm and a word taken out
is only a loss.

Beyond names, `identifiers` finds what points at a person without naming them: phone
numbers, e-mail addresses, a house number with its street, and vehicle registrations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from patrol_journal.vocab import fold, skeleton_letters

# Small words of surnames ("Maria de la Cruz", "Ludwig van Beethoven"): not names alone.
_SMALL_WORDS = "al bin bint da das de del della den der des di do dos du el ibn la le lo san"
PARTICLES = frozenset(f"{_SMALL_WORDS} st ten ter van von y zu".split(" "))

# Scripts written without spaces between words: a name is found inside a run of text.
_SPACELESS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "HANGUL")
_ARABIC_BEFORE = "(?:وال|بال|لل|ال|و|ف|ب|ل|ك)?"

_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u02b9\u2032\u00b4`", "'"))
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def _normal(char: str) -> str:
    """One character as the matcher reads it (it may become several, or none)."""
    return skeleton_letters(fold(char)).translate(_APOSTROPHES).translate(_DASHES)


def normalised(text: str) -> tuple[str, list[int]]:
    """`text` as the matcher reads it, and for each of its characters the position of
    the one in `text` it came from."""
    if text.isascii():
        return text.lower().translate(_APOSTROPHES), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        read = _normal(char)
        out.append(read)
        origin.extend([position] * len(read))
    return "".join(out), origin


def is_stand_in(name: str) -> bool:
    """A stand-in pj wrote in place of a name: "[erased 4kq2m1]", "[person 3]"."""
    stripped = name.strip()
    return stripped.startswith("[") and stripped.endswith("]")


def _script(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "").split(" ", 1)[0]


def _spaceless(unit: str) -> bool:
    return any(not char.isascii() and _script(char) in _SPACELESS for char in unit)


def _arabic(unit: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in unit)


def units(name: str) -> set[str]:
    """What counts as a mention of `name`: the whole name and each of its words (and
    parts of hyphenated words), as the matcher reads them."""
    if is_stand_in(name):
        return set()
    whole = " ".join(normalised(name)[0].split())
    found = {whole} if whole else set()
    written = name.split()
    words = whole.split(" ")
    for typed, word in zip(written, words, strict=False):
        word = word.strip('.,;:()[]{}"!?')
        if not word or (typed.islower() and word in PARTICLES and len(words) > 1):
            continue
        found.add(word)
        if "'" in word:
            found.add(word.replace("'", ""))
        for part in word.split("-"):
            part = part.strip("'")
            if part and part not in PARTICLES:
                found.add(part)
    return {unit for unit in found if any(char.isalnum() for char in unit)}


# A name stands between letters of no word: "Tom2", "@tomreed" and "Reed_Lopez" name them.
_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"


def _pattern(unit: str) -> str:
    """A unit as a pattern: its words apart, run together or joined by any dash or
    underscore ("Tom Reed", "TomReed", "Tom_Reed"); an apostrophe there, doubled, spaced or
    left out ("O'Brien", "O''Brien", "O Brien", "OBrien"); a possessive after it, with or
    without its apostrophe ("Tom's", "Toms")."""
    if _spaceless(unit):  # any spacing between its characters ("王 伟")
        return r"\s*".join(re.escape(char) for char in unit if not char.isspace())
    escaped = (
        re.escape(unit)
        .replace(r"\ ", r"[\s_-]*")
        .replace(r"\-", r"[\s_-]*")
        .replace("'", r"(?:'+|\s*)")
    )
    if _arabic(unit):
        return rf"(?<!\w){_ARABIC_BEFORE}{escaped}(?!\w)"
    return rf"{_NO_LETTER_BEFORE}{escaped}(?=(?:'?s)?{_NO_LETTER_AFTER})"


class Mentions:
    """Finds every mention of some people in text (see the module's rules)."""

    def __init__(self, names: Iterable[str], *, keep: Iterable[str] = ()) -> None:
        kept = {unit for name in keep for unit in units(name)}
        found = {unit for name in names for unit in units(name)} - kept
        ordered = sorted(found, key=lambda unit: (-len(unit), unit))
        self.units = frozenset(found)
        self._pattern = re.compile("|".join(_pattern(u) for u in ordered)) if ordered else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in `text` the names are, as (start, end) positions of `text`."""
        if self._pattern is None or not text:
            return []
        read, origin = normalised(text)
        found = []
        for match in self._pattern.finditer(read):
            if match.end() == match.start():
                continue
            end = origin[match.end() - 1] + 1
            while end < len(text) and not text.isascii() and not _normal(text[end]):
                end += 1  # a mark that reads as nothing goes with the name ("Zoe\u0308")
            found.append((origin[match.start()], end))
        return found

    def found_in(self, text: str | None) -> bool:
        return bool(text) and bool(self.spans(text or ""))

    def replace(self, text: str, stand_in: str) -> str:
        """`text` with every mention replaced by `stand_in`."""
        return replaced(text, [(start, end, stand_in) for start, end in self.spans(text)])


def replaced(text: str, spans: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span replaced by its stand-in (overlaps: the first)."""
    pieces: list[str] = []
    last = 0
    for start, end, stand_in in sorted(spans):
        if start < last:
            continue
        pieces += [text[last:start], stand_in]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# ------------------------------------------------------------------ beyond names

_EMAIL = re.compile(r"[\w.+'-]+[@\uff20\ufe6b][\w-]+(?:\.[\w-]+)*")  # also a fullwidth @
# Seven digits or more, in groups: a phone number (a date such as 2026-11-28 is not).
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
_STREETS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|court|ct|crescent|cres|"
    "place|pl|terrace|gardens|grove|square|sq|hill|row|walk|mews|parade|boulevard|blvd|"
    "park|green|rise|view|vale|yard|wharf|quay"
)
# A house number, the capitalised words of the street's name, and the kind of street.
_ADDRESS = re.compile(
    r"(?<!\w)(?:(?i:flat|apt|apartment|unit|no\.?)\s*)?\d{1,4}[a-zA-Z]?"
    r"(?:\s*[,-]\s*\d{1,4}[a-zA-Z]?)?,?\s+(?:[A-Z][\w'-]*\s+){0,3}"
    rf"(?i:{_STREETS})\.?(?!\w)"
    # a flat's number alone says which door
    r"|(?<!\w)(?i:flat|apt|apartment)\.?\s*\d{1,4}[a-zA-Z]?(?!\w)"
)
# Capitals and digits mixed, in one to three groups: "KX19 ABC", "AB-123-CD".
_VEHICLE = re.compile(r"(?<![\w-])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2}(?![\w-])")
_DATE_OR_WEEK = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-?W\d{2}")


def identifiers(text: str) -> list[tuple[int, int, str]]:
    """What in `text` points at a person without naming them, as (start, end, stand-in):
    e-mail addresses, phone numbers (seven digits or more), a house number with its
    street ("12 Acacia Avenue"), vehicle registrations written in capitals ("KX19 ABC":
    five to eight letters and digits, both)."""
    found = [(m.start(), m.end(), "[e-mail]") for m in _EMAIL.finditer(text)]
    for match in _PHONE.finditer(text):
        value = match.group(0)
        if sum(c.isdigit() for c in value) >= 7 and not _DATE_OR_WEEK.search(value):
            found.append((match.start(), match.end(), "[phone]"))
    found += [(m.start(), m.end(), "[address]") for m in _ADDRESS.finditer(text)]
    for match in _VEHICLE.finditer(text):
        value = match.group(0)
        alnum = [c for c in value if c.isalnum()]
        if (
            5 <= len(alnum) <= 8
            and any(c.isdigit() for c in alnum)
            and any(c.isalpha() for c in alnum)
            and not _DATE_OR_WEEK.search(value)
        ):
            found.append((match.start(), match.end(), "[vehicle]"))
    return _merged(found)


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans in order, overlapping ones joined under the first one's stand-in."""
    kept: list[tuple[int, int, str]] = []
    for start, end, stand_in in sorted(spans):
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]), kept[-1][2])
            continue
        kept.append((start, end, stand_in))
    return kept


NAME = "[name]"


class Scrubber:
    """Takes people out of text: their names (as `Mentions` finds them) become
    `[name]`, and, with `identifiers`, what points at them without a name too."""

    def __init__(self, mentions: Mentions, *, identifiers: bool = True) -> None:
        self.mentions = mentions
        self.identifiers = identifiers

    def __call__(self, text: str) -> str:
        spans = [(start, end, NAME) for start, end in self.mentions.spans(text)]
        if self.identifiers:
            spans += identifiers(text)
        return replaced(text, _merged(spans))

    def text(self, text: str | None) -> str | None:
        return self(text) if text else text
