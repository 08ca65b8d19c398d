"""Names are names, however short, however written: a corpus of people and the ways a
notebook mentions them, held to redaction (every format), erasure (the journal, every
cache, the copies beside it) and subject access. Whether a name is present is checked
here by its own plain rule (whole words, accents and case aside; substrings in scripts
without spaces), not by the matcher under test."""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from patrol_journal.formats import NAMES as FORMATS
from tests.conftest import ok

NOW = {"PJ_NOW": "2026-11-28 12:00"}


@dataclass
class Person:
    name: str
    role: str | None
    place: str
    forms: list[str]  # every way the notebook writes them: none may survive
    spellings: list[str] = field(default_factory=list)  # other spellings recorded for them


PEOPLE = [
    Person("Li Na", None, "Elm Park", ["Li Na", "Li"]),
    Person("Bo Chen", "student", "Library", ["Bo", "Chen"]),
    Person("Tom Reed", "baker", "Reed's Bakery", ["Tom", "Reed", "KX19 ABC"]),
    Person(
        "Siobhan O'Brien",
        None,
        "Elm Park",
        ["Siobhan", "O'Brien", "O\u2019Brien", "OBrien", "07700 900123", "mob@example.com"],
    ),
    Person("Anne-Marie Dubois", None, "Elm Park", ["Anne-Marie", "Anne", "Marie", "Dubois"]),
    Person("Kim Ng-Smith", "resident", "Oak Estate", ["Kim", "Ng-Smith", "Ng", "Smith"]),
    Person("王伟", None, "Market Hall", ["王伟"]),
    Person("Rose Hill", "resident", "Oak Estate", ["Rose", "Hill"]),
    Person("Wei Zhang", None, "Elm Park", ["Wei", "Zhang"]),
    Person("Zoë Hart", None, "Market Hall", ["Zoë", "Zoe", "Hart"]),
    Person("Maria Lopez", "shop owner", "Mill Lane", ["Maria", "María", "Lopez", "López"]),
    Person("Hope Adeyemi", "resident", "Oak Estate", ["Hope", "Adeyemi"]),
    Person("Mark Evans", "student", "Library", ["Mark", "Evans"]),
    Person("Сергей Иванов", None, "Market Hall", ["Сергей", "Иванов"]),
    Person("محمد علي", None, "Market Hall", ["محمد", "علي"]),
    Person("Ahmed Khan", "shop owner", "Mill Lane", ["Ahmed", "Khan"]),
    Person("Jo Baxter", None, "Canal Path", ["Jo", "Baxter"]),
    Person("Al Grant", None, "Canal Path", ["Al", "Grant"]),
    Person("Ian Moore", "student", "Library", ["Ian", "Moore"]),
    Person("Eve Turner", None, "Canal Path", ["Eve", "Turner"]),
    Person("Ola Nowak", "resident", "Oak Estate", ["Ola", "Nowak"]),
    Person("Raj Patel", "pharmacist", "Station Square", ["Raj", "Patel"]),
    Person("田中由紀", None, "Market Hall", ["田中由紀"]),
    Person("สมชาย", None, "Market Hall", ["สมชาย"]),
    Person("Kofi Mensah", "bus driver", "Station Square", ["Kofi", "Mensah"]),
    Person("Ngozi Okafor", "bus driver", "Station Square", ["Ngozi", "Okafor"]),
    Person("Pat O'Neil", None, "Canal Path", ["Pat", "O'Neil", "ONeil"]),
    Person("José García", "resident", "Oak Estate", ["José", "Jose", "García", "Garcia"]),
    Person(
        "Dmitri Volkov",
        None,
        "Canal Path",
        ["Dmitri", "Volkov", "V\u043elkov"],
        ["Dmitri V\u043elkov"],
    ),
    Person("Fatima Zahra", "student", "Library", ["Fatima", "Zahra"]),
    Person("Lars Berg", None, "Canal Path", ["Lars", "Berg"]),
    Person("Ava Quinn", "bus driver", "Station Square", ["Ava", "Quinn"]),
    Person("Noor Aziz", None, "Market Hall", ["Noor", "Aziz"]),
    Person("Ivy Chan", "student", "Library", ["Ivy", "Chan"]),
    Person("Dee Lowe", None, "Canal Path", ["Dee", "Lowe"]),
    Person("Ben Ali", None, "Market Hall", ["Ben", "Ali"]),
    Person("Una Byrne", None, "Canal Path", ["Una", "Byrne"]),
    Person("Xu Ming", None, "Market Hall", ["Xu", "Ming"]),
    Person("Ana de la Cruz", None, "Market Hall", ["Ana", "Cruz"]),
    Person("Gwen Price", None, "12 Acacia Avenue", ["Gwen", "Price", "12 Acacia Avenue", "Acacia"]),
]
BY_NAME = {person.name: person for person in PEOPLE}

# What the notebook says, each with a marker and who it mentions (by name). Written as
# people write: short names, possessives, curly apostrophes, capitals, no spaces in CJK.
MENTIONS: list[tuple[str, str, str, list[str]]] = [
    ("text", "m01", "Li says the gate is broken; Bo agrees", ["Li Na", "Bo Chen"]),
    ("text", "m02", "Tom's van was keyed, reg KX19 ABC", ["Tom Reed"]),
    (
        "text",
        "m03",
        "O'Brien and Anne-Marie both heard shouting; call O\u2019Brien on 07700 900123 or "
        "mob@example.com",
        ["Siobhan O'Brien", "Anne-Marie Dubois"],
    ),
    ("text", "m04", "Ng-Smith wants more patrols", ["Kim Ng-Smith"]),
    ("text", "m05", "王伟说门坏了", ["王伟"]),
    ("text", "m06", "Rose reports kids on the roof", ["Rose Hill"]),
    ("text", "m07", "Told Tom the lock is fixed", ["Tom Reed"]),
    ("text", "m08", "Li and Wei were there; Li's bike stolen", ["Li Na", "Wei Zhang"]),
    ("text", "m09", "Walked the market with Zoe", ["Zoë Hart"]),
    ("tip", "m10", "MARÍA LÓPEZ grows cannabis", ["Maria Lopez"]),
    ("text", "m11", "Hope said the lights are out again", ["Hope Adeyemi"]),
    ("text", "m12", "Mark saw the van too", ["Mark Evans"]),
    ("text", "m13", "Сергей сказал, что ворота сломаны", ["Сергей Иванов"]),
    ("text", "m14", "قال ومحمد إن البوابة مكسورة", ["محمد علي"]),
    ("shared", "m15", "Told Ahmed and Raj about the night bus", ["Ahmed Khan", "Raj Patel"]),
    ("text", "m16", "Jo and Al were fishing", ["Jo Baxter", "Al Grant"]),
    ("text", "m17", "田中由紀さんが来た", ["田中由紀"]),
    ("text", "m18", "สมชายบอกว่าไฟดับ", ["สมชาย"]),
    ("text", "m19", "O'Neil's car was broken into", ["Pat O'Neil"]),
    ("text", "m20", "JOSE says Ngozi drives the 42", ["José García", "Ngozi Okafor"]),
    ("text", "m21", "V\u043elkov and Lars were arguing", ["Dmitri Volkov", "Lars Berg"]),
    ("text", "m22", "Ivy, Ava and Noor want a crossing", ["Ivy Chan", "Ava Quinn", "Noor Aziz"]),
    ("text", "m23", "Dee, Ben and Una cleaned the canal", ["Dee Lowe", "Ben Ali", "Una Byrne"]),
    ("text", "m24", "Xu helped Cruz with the stall", ["Xu Ming", "Ana de la Cruz"]),
    ("text", "m25", "Gwen at 12 Acacia Avenue heard glass break", ["Gwen Price"]),
    (
        "text",
        "m26",
        "Eve and Ian and Fatima, and Mensah by the stop",
        ["Eve Turner", "Ian Moore", "Fatima Zahra", "Kofi Mensah"],
    ),
    ("text", "m27", "Ola, Kofi and Evans", ["Ola Nowak", "Kofi Mensah", "Mark Evans"]),
    ("concern", "m28", "Maria Lopez's dog barks all night", ["Maria Lopez"]),
    (
        "text",
        "m29",
        "Quinn, Aziz, Chan and Zahra",
        ["Ava Quinn", "Noor Aziz", "Ivy Chan", "Fatima Zahra"],
    ),
]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", html.unescape(text).casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("\u2019", "'").replace("\\", "")


# Scripts written without spaces, and Arabic (whose letters for "and", "the" attach to a
# word): a form there is present anywhere in the text.
_RUNS = ((0x0600, 0x06FF), (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0xFFFF))


def _spaceless(form: str) -> bool:
    return any(low <= ord(c) <= high for c in form for low, high in _RUNS)


def present(form: str, text: str) -> bool:
    """Whether `form` is in `text` as a whole word (or anywhere, in a spaceless script)."""
    wanted, within = _plain(form), _plain(text)
    if _spaceless(form):
        return wanted in within
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", within) is not None


def test_the_corpus_is_what_it_claims() -> None:
    assert len(PEOPLE) >= 40
    for person in PEOPLE:  # no form of one person is a form of another
        others = [p for p in PEOPLE if p is not person]
        for form in person.forms:
            assert not any(present(form, " ".join([*o.forms, o.name])) for o in others), form
    for _kind, _marker, text, who in MENTIONS:
        for name in who:
            assert any(present(form, text) for form in BY_NAME[name].forms), (text, name)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal holding every person of the corpus and every mention: a week of it."""
    from tests.helpers import pj

    root = tmp_path_factory.mktemp("corpus")
    journal = root / "journal.toml"
    ok(pj("init", "--officer", "Duty Officer", journal=journal))
    day = 23
    for number, person in enumerate(PEOPLE):
        with_role = f"{person.name} ({person.role})" if person.role else person.name
        when = f"2026-11-{day + number % 5} {8 + number % 10:02d}:{number % 6 * 10:02d}"
        ok(
            pj(
                "log",
                f"Chat n{number:02d}",
                "--with",
                with_role,
                "--at",
                person.place,
                "--when",
                when,
                journal=journal,
                now=NOW["PJ_NOW"],
            )
        )
        for spelling in person.spellings:
            again = ["--with", spelling, "--at", person.place, "--when", "2026-11-27 20:00"]
            ok(pj("log", f"Chat again n{number:02d}", *again, journal=journal, now=NOW["PJ_NOW"]))
    for number, (kind, marker, text, _who) in enumerate(MENTIONS):
        when = f"2026-11-{23 + number % 5} {9 + number % 9:02d}:30"
        base = ["--when", when, "--at", "Market Hall"]
        if kind == "text":
            args = ["log", f"{text} ({marker})", *base]
        elif kind == "tip":
            args = ["log", f"Shop visit ({marker})", "--tip", text, *base]
        elif kind == "shared":
            args = ["log", f"Bus stop ({marker})", "--shared", text, *base]
        else:
            args = ["concern", "raise", f"{text} ({marker})", "--when", when]
        ok(pj(*args, journal=journal, now=NOW["PJ_NOW"]))
    return journal


def _all_forms() -> list[tuple[str, str]]:
    return [(person.name, form) for person in PEOPLE for form in [person.name, *person.forms]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_redacted_summary_names_no_one_of_the_corpus(corpus: Path, fmt: str) -> None:
    from tests.helpers import pj

    text = ok(
        pj(
            "summary",
            "--week",
            "2026-W48",
            "--redact",
            "--format",
            fmt,
            journal=corpus,
            now=NOW["PJ_NOW"],
        )
    ).stdout
    left = [(name, form) for name, form in _all_forms() if present(form, text)]
    assert left == []
    plain = pj("summary", "--week", "2026-W48", "--format", fmt, journal=corpus, now=NOW["PJ_NOW"])
    assert len([form for _name, form in _all_forms() if present(form, plain.stdout)]) > 20
    assert "m25" in text or fmt != "json" or "[address]" in text


def test_redaction_keeps_the_sense_of_the_text(corpus: Path) -> None:
    from tests.helpers import pj

    data = ok(
        pj("summary", "--week", "2026-W48", "--redact", "--json", journal=corpus, now=NOW["PJ_NOW"])
    ).json()
    texts = [c["text"] for rows in data["concerns"].values() for c in rows]
    assert "[name]'s dog barks all night (m28)" in texts
    del data["period"]  # the period's bounds, and the moment the report was made
    moments = re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", json.dumps(data))
    assert [m for m in moments if not m.endswith("T00:00")] == []  # dates, not minutes


def _copy(corpus: Path, folder: Path) -> Path:
    folder.mkdir()
    journal = folder / "journal.toml"
    shutil.copy(corpus, journal)
    journal.chmod(0o600)
    side = folder / "journal.toml.torn-20261127T100000"
    side.write_text(corpus.read_text(encoding="utf-8")[-3000:], encoding="utf-8")
    return journal


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.slow
def test_forget_of_each_leaves_no_spelling_anywhere(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers import pj

    cache = tmp_path / "xdg" / "xdg_cache_home"
    for number, person in enumerate(PEOPLE):
        journal = _copy(corpus, tmp_path / f"j{number}")
        # The journal was used under another path first: that path's cache holds names too.
        moved = journal.with_name("old.toml")
        shutil.copy(journal, moved)
        ok(pj("people", journal=moved, now=NOW["PJ_NOW"]))
        moved.unlink()
        ok(pj("people", journal=journal, now=NOW["PJ_NOW"]))
        written = journal.read_text(encoding="utf-8")
        assert all(present(form, written) for form in [person.name, *person.spellings])
        ok(pj("forget", person.name, "--yes", journal=journal, now=NOW["PJ_NOW"]))
        assert any(path.suffix == ".sqlite3" for path in _files_under(cache))
        for path in [*_files_under(journal.parent), *_files_under(cache)]:
            text = path.read_bytes().decode("utf-8", "replace")
            for form in [person.name, *person.forms, *person.spellings]:
                assert not present(form, text), (person.name, form, path.name)
        check = pj("check", "--strict", journal=journal, now=NOW["PJ_NOW"])
        assert check.exit_code == 0, check.stderr


def _export(corpus: Path, name: str) -> str:
    from tests.helpers import pj

    return ok(pj("person", name, "--export", "--json", journal=corpus, now=NOW["PJ_NOW"])).stdout


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.forms[0])
def test_an_export_holds_every_mention_and_no_other_name(corpus: Path, person: Person) -> None:
    text = _export(corpus, person.name)
    json.loads(text)
    for _kind, marker, _said, who in MENTIONS:
        if person.name in who:
            assert marker in text, marker
    own = {_plain(form) for form in [person.name, *person.forms]}
    for other in PEOPLE:
        if other is person:
            continue
        for form in [other.name, *other.forms]:
            if _plain(form) not in own and not form[0].isdigit() and "@" not in form:
                assert not present(form, text), (other.name, form)


# ----------------------------------------------------------------- k: groups of three or more


def test_no_redacted_row_describes_fewer_than_k_people(tmp_path: Path) -> None:
    """A generated beat: people of many roles (some shared by one or two), places where
    one, two or many were met, tips from one giver or several."""
    import random

    from tests.helpers import pj

    journal = tmp_path / "beat.toml"
    ok(pj("init", "--officer", "Duty Officer", journal=journal))
    chance = random.Random(20261128)
    roles = ["resident", "student", "shop owner", "vicar", "bus driver", None]
    people = [(f"Person{n:02d} Test", chance.choice(roles)) for n in range(30)]
    people[:3] = [
        ("Person00 Test", "warden"),
        ("Person01 Test", "warden"),
        ("Person02 Test", "cook"),
    ]
    places = ["Elm Park", "Mill Lane", "Library", "Canal Path", "Church Hall", "Oak Estate"]
    for number in range(60):
        met = chance.sample(people, chance.choice([1, 1, 2, 3]))
        args = ["log", f"Chat {number}", "--at", chance.choice(places)]
        for name, role in met:
            args += ["--with", f"{name} ({role})" if role else name]
        if chance.random() < 0.3:
            args += ["--tip", f"Tip {number}"]
        if chance.random() < 0.2:
            args += ["--concern", f"Concern {number}"]
        when = f"2026-11-{23 + number % 5} {8 + number % 12:02d}:{number % 4 * 15:02d}"
        ok(pj(*args, "--when", when, journal=journal, now=NOW["PJ_NOW"]))
    for place, met in (("Bus Shelter", people[3:4]), ("Allotments", people[4:6])):
        args = ["log", "Quick word", "--at", place, "--when", "2026-11-25 16:00"]
        for name, _role in met:
            args += ["--with", name]
        ok(pj(*args, journal=journal, now=NOW["PJ_NOW"]))
    week = ["summary", "--week", "2026-W48", "--json"]
    plain = ok(pj(*week, journal=journal, now=NOW["PJ_NOW"])).json()
    data = ok(pj(*week, "--redact", journal=journal, now=NOW["PJ_NOW"])).json()
    k = data["k"]
    assert k == 3
    for key in ("people", "not_seen"):
        rows = data[key]
        assert all(row["count"] >= k for row in rows) or len(rows) == 1, rows
        assert sum(row["count"] for row in rows) == len(plain[key])
        for row in rows:
            assert all(plain_row["name"] not in json.dumps(row) for plain_row in plain[key])
    assert all(place["people"] in (None, 0) or place["people"] >= k for place in data["places"])
    givers: dict[str, set[str]] = {}
    for tip in plain["tips"]:
        # who gave a tip: the name after --tip-from, else the people the officer was with
        given_by = [tip["from"]] if tip["from"] else tip["people"]
        givers.setdefault(tip["place"] or "no place given", set()).update(given_by)
    for row in data["tips"]:
        assert row["place"] == "other places" or len(givers[row["place"]]) >= k, row
    role_sizes: dict[str, int] = {}
    for person in plain["people"]:
        role_sizes[person["role"]] = role_sizes.get(person["role"], 0) + 1
    raisers = [r for rows in data["concerns"].values() for c in rows for r in c["raised_by"]]
    assert raisers  # the generated beat has concerns
    for raiser in raisers:
        assert raiser == "a person" or role_sizes[raiser.removeprefix("a ")] >= k, raiser
    # The beat does have roles shared by fewer than three, and places with one or two.
    assert min(role_sizes.values()) < k
    assert any(0 < place["people"] < k for place in plain["places"])


DISGUISES = [
    ("Tom Reed", "\u03a4\u039f\u039c"),  # Greek capitals
    ("Tom Reed", "\U0001d413\U0001d428\U0001d426"),  # mathematical bold
    ("Tom Reed", "\u1d1b\u1d0f\u1d0d"),  # small capitals
    ("Tom Reed", "\uff34\uff4f\uff4d"),  # fullwidth
    ("Tom Reed", "TomReed"),
    ("Tom Reed", "Tom_Reed"),
    ("Tom Reed", "@tomreed"),
    ("Tom Reed", "Tom2"),
    ("Li Wei", "L\u0131"),  # dotless i
    ("Maria Lopez", "Mar\u0131a"),
    ("Maria Lopez", "Ma\u034fria"),  # grapheme joiner
    ("Maria Lopez", "Ma\ufe0fria"),  # variation selector
    ("Maria Lopez", "Ma\u200bria"),
    ("محمد علي", "محـمد"),  # tatweel
    ("Siobhán O'Brien", "O\u2032Brien"),  # prime
    ("Siobhán O'Brien", "O\u00b4Brien"),  # acute accent
    ("Siobhán O'Brien", "O\u02b9Brien"),  # modifier prime
    ("Siobhán O'Brien", "O''Brien"),
    ("Siobhán O'Brien", "O Brien"),
    ("Anne-Marie Ng-Smith", "AnneMarie"),
    ("王伟", "王 伟"),
    ("Zoë Adams", "Zoe\u0308"),  # e and a combining diaeresis
]


@pytest.mark.parametrize(("name", "form"), DISGUISES)
def test_a_disguised_spelling_is_taken_out_everywhere(tmp_path: Path, name: str, form: str) -> None:
    """Look-alike letters, invisible characters, other apostrophes, names run together or
    spaced: redaction, erasure and the erasure record's reason all read them as the name."""
    from tests.helpers import pj

    journal = tmp_path / "j.toml"
    ok(pj("init", "--officer", "Sam Rivera", journal=journal))
    args = ["--with", name, "--at", "Elm Park", "--when", "2026-11-24 10:00"]
    ok(pj("log", "Chat", *args, "--concern", f"{form} saw it", journal=journal, now=NOW["PJ_NOW"]))
    week = ["summary", "--week", "2026-W48", "--redact", "--json"]
    data = ok(pj(*week, journal=journal, now=NOW["PJ_NOW"])).json()
    texts = [c["text"] for rows in data["concerns"].values() for c in rows]
    assert texts and all(_only_stand_ins(text) for text in texts), texts
    refused = pj("forget", name, "--yes", "--reason", f"{form} asked", journal=journal)
    assert refused.exit_code == 2 and "--reason names someone" in refused.stderr
    ok(pj("forget", name, "--yes", journal=journal, now=NOW["PJ_NOW"]))
    kept = journal.read_text(encoding="utf-8")
    assert form not in kept
    (text,) = re.findall(r'text = "(.*) saw it"', kept)
    assert _only_stand_ins(f"{text} saw it"), text


def _only_stand_ins(text: str) -> bool:
    """Nothing of a name is left: no letter but the stand-in's and the rest of the text."""
    rest = text.replace("[name]", "").removesuffix(" saw it")
    return "[name]" in text and not any(char.isalpha() for char in rest)


def test_a_week_with_fewer_than_k_people_says_only_that(tmp_path: Path) -> None:
    """One person met, two regulars missed, information shared with one: no row counts
    or dates them; an entity in a text does not render as a name in Markdown."""
    from tests.helpers import pj

    journal = tmp_path / "j.toml"
    ok(pj("init", "--officer", "Sam Rivera", journal=journal))
    # two regulars, met every week of the four before
    for when in ("2026-10-27 10:00", "2026-11-03 10:00", "2026-11-10 10:00", "2026-11-17 10:00"):
        args = ["--with", "Tom Reed", "--with", "Rose Hill", "--at", "Elm Park", "--when", when]
        ok(pj("log", "Weekly chat", *args, journal=journal, now=NOW["PJ_NOW"]))
    args = ["--with", "Ann Lee (resident)", "--at", "Mill Lane", "--when", "2026-11-24 10:00"]
    shared = ["--shared", "Lock your bike"]
    concern = ["--concern", "R&shy;eed and R&zwnj;eed shout at night"]
    ok(pj("log", "Chat", *args, *shared, *concern, journal=journal, now=NOW["PJ_NOW"]))
    week = ["summary", "--week", "2026-W48", "--redact"]
    data = ok(pj(*week, "--json", journal=journal, now=NOW["PJ_NOW"])).json()
    assert data["people"] == [
        {
            "name": "fewer than 3 people",
            "role": None,
            "count": None,
            "interactions": None,
            "new": False,
            "places": [],
            "last_met": None,
            "usually_at": None,
        }
    ]
    assert [row["name"] for row in data["not_seen"]] == ["fewer than 3 people"]
    assert data["not_seen"][0]["last_met"] is None
    assert data["shared"][0]["people_reached"] is None
    markdown = ok(pj(*week, "--format", "markdown", journal=journal, now=NOW["PJ_NOW"])).stdout
    assert "| fewer than 3 people |" in markdown and "1 person" not in markdown
    assert "R\\&shy;eed" in markdown and "R&shy;" not in markdown
    screen = ok(pj(*week, journal=journal, now=NOW["PJ_NOW"])).stdout
    assert "fewer than 3" in screen and "1 person" not in screen


def test_a_redacted_range_is_given_by_dates(tmp_path: Path) -> None:
    from tests.helpers import pj

    journal = tmp_path / "j.toml"
    ok(pj("init", "--officer", "Sam Rivera", journal=journal))
    args = ["--with", "Ann Lee", "--at", "Mill Lane", "--when", "2026-11-25 14:30"]
    ok(pj("log", "Chat", *args, journal=journal, now=NOW["PJ_NOW"]))
    span = ["--since", "2026-11-25 14:00", "--until", "2026-11-25 15:30", "--redact", "--json"]
    data = ok(pj("summary", *span, journal=journal, now=NOW["PJ_NOW"])).json()
    assert "14:00" not in json.dumps(data) and "15:30" not in json.dumps(data)
    assert data["period"]["start_time"] == "2026-11-25"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bob\uff20example.com", "[e-mail]"),  # a fullwidth at sign
        ("bob@localhost", "[e-mail]"),
        ("14, Mill Lane", "[address]"),
        ("Lives at Flat 2", "[address]"),
        ("+44 20 7946 0958", "[phone]"),
        ("KX19 ABC", "[vehicle]"),
    ],
)
def test_what_points_at_someone_without_a_name(text: str, kind: str) -> None:
    from patrol_journal.mentions import identifiers

    assert [found for _start, _end, found in identifiers(text)] == [kind]


@pytest.mark.parametrize("text", ["met @tomreed", "2 @ 3pm", "on 2026-11-28", "flat tyre", "W48"])
def test_what_does_not(text: str) -> None:
    from patrol_journal.mentions import identifiers

    assert identifiers(text) == []


def test_redactions_own_words_are_not_taken_for_a_name(tmp_path: Path) -> None:
    """A person called "Sam Person" does not turn "a person" into "a [name]", and roles
    that read alike are one role."""
    from tests.helpers import pj

    journal = tmp_path / "j.toml"
    ok(pj("init", "--officer", "Sam Rivera", journal=journal))
    people = ["Ann One (Resident)", "Bob Two (résident)", "Cat Three (resident)", "Dan Four"]
    people += ["Eve Five"]
    args = [arg for person in people for arg in ("--with", person)]
    when = ["--when", "2026-11-24 10:00"]
    ok(pj("log", "Chat", *args, "--at", "Elm Park", "--concern", "Gate", *when, journal=journal))
    ok(pj("log", "x", "--with", "Sam Person", "--at", "Oak", *when, journal=journal))
    week = ["summary", "--week", "2026-W48", "--redact"]
    data = ok(pj(*week, "--json", journal=journal, now=NOW["PJ_NOW"])).json()
    assert sorted(row["name"] for row in data["people"]) == ["3 Residents", "3 people"]
    raisers = {r for rows in data["concerns"].values() for c in rows for r in c["raised_by"]}
    assert raisers == {"a person"}, raisers
    screen = ok(pj(*week, journal=journal, now=NOW["PJ_NOW"])).stdout
    assert "a [name]" not in screen and "[name] people" not in screen
