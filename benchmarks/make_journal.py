"""Write a realistic journal of one officer's ten years of patrol, for benchmarks.

    python benchmarks/make_journal.py --interactions 100000 --out /tmp/j100k.toml [--seed 1]

Records go through the project's own serialiser, so the file is byte-for-byte what `pj`
would write (and `pj check --strict` passes it). Deterministic for a seed, apart from
nothing: ids come from the seeded generator too.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from patrol_journal.journal import format as fmt
from patrol_journal.vocab import ID_ALPHABET, ID_LENGTH

FIRST = [
    "Maria",
    "Tom",
    "Ana",
    "James",
    "Priya",
    "Omar",
    "Grace",
    "Luis",
    "Mei",
    "Kwame",
    "Sofia",
    "Daniel",
    "Fatima",
    "Ivan",
    "Chloe",
    "Ben",
    "Aisha",
    "Pedro",
    "Hannah",
    "Yusuf",
    "Rosa",
    "Sam",
    "Lena",
    "Marcus",
    "Nadia",
    "Owen",
    "Zara",
    "Victor",
    "Elena",
    "Jamal",
]
LAST = [
    "Lopez",
    "Reed",
    "Diaz",
    "Okafor",
    "Patel",
    "Haddad",
    "Kim",
    "Novak",
    "Chen",
    "Mensah",
    "Rossi",
    "Brown",
    "Ali",
    "Petrov",
    "Martin",
    "Walsh",
    "Khan",
    "Silva",
    "Weber",
    "Demir",
]
ROLES = [
    "resident",
    "shop owner",
    "student",
    "manager",
    "caretaker",
    "bus driver",
    "teacher",
    "parent",
    "youth worker",
    "pharmacist",
    None,
    None,
]
PLACE_WORDS = [
    "Elm Park",
    "Mill Lane",
    "Station Square",
    "Library",
    "Market Hall",
    "Canal Path",
    "Bus Depot",
    "Oak Estate",
    "High Street",
    "Community Centre",
    "Corner Shop",
    "Health Clinic",
    "Skate Park",
    "Riverside Flats",
    "School Gates",
    "Car Park B",
    "Church Hall",
    "Allotments",
    "Food Bank",
    "Leisure Centre",
]
TOPICS = [
    "Chat about the weekend market",
    "Asked about the new bus times",
    "Said hello on the round",
    "Talked about parking on the estate",
    "Checked in after last week's break-in",
    "Discussed the summer youth scheme",
    "Walked through with the caretaker",
    "Heard about noise late at night",
    "Coffee and a catch-up",
    "Quick word by the gate",
]
CONCERNS = [
    "Broken streetlight",
    "Speeding cars at school time",
    "Graffiti on the underpass",
    "Needles found by the path",
    "Noise from the flats after midnight",
    "Bins not collected",
    "Youths gathering by the shop",
    "Bike thefts from the racks",
    "Abandoned car",
    "Dog fouling in the park",
]
TIPS = [
    "White van parked with no plates",
    "People trying car doors at night",
    "Someone selling from a car by the canal",
    "Door of the empty shop forced open",
]
SHARED = [
    "Lock bikes to the new racks",
    "Report streetlights on the council site",
    "Neighbourhood meeting on Thursday",
    "Do not leave valuables in cars",
]
KINDS = ["chat"] * 6 + ["patrol"] * 2 + ["business", "event", "meeting", "call", "other"]


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        names = [f"{first} {last}" for first in FIRST for last in LAST]
        self.random.shuffle(names)
        self.people = names[:300]
        # a long tail: a few regulars are met very often, most rarely
        self.weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.people))]
        self.places = [*PLACE_WORDS, *(f"{word} North" for word in PLACE_WORDS)]
        self.home_place = {name: self.random.choice(self.places) for name in self.people}

    def new_id(self) -> str:
        return "".join(self.random.choice(ID_ALPHABET) for _ in range(ID_LENGTH))

    def records(self, count: int, end: datetime) -> list[dict[str, Any]]:
        start = end - timedelta(days=3650)
        step = (end - start) / max(count, 1)
        out: list[dict[str, Any]] = []
        introduced: set[str] = set()
        for n in range(count):
            when = (start + step * n + timedelta(minutes=self.random.randint(0, 30))).replace(
                microsecond=0
            )
            people = self.random.choices(
                self.people, self.weights, k=self.random.choice([0, 1, 1, 1, 2])
            )
            people = list(dict.fromkeys(people))
            place = (
                self.home_place[people[0]]
                if people and self.random.random() < 0.7
                else (self.random.choice(self.places))
            )
            interaction_id = self.new_id()
            tips = [self.random.choice(TIPS)] if self.random.random() < 0.03 else []
            shared = [self.random.choice(SHARED)] if self.random.random() < 0.08 else []
            out.append(
                {
                    "type": "interaction",
                    "id": interaction_id,
                    "when": when,
                    "recorded": when,
                    "kind": self.random.choice(KINDS),
                    "text": self.random.choice(TOPICS),
                    "people": people,
                    "place": place,
                    "tips": tips,
                    "shared": shared,
                    "tags": ["night"] if when.hour >= 21 else [],
                }
            )
            for name in people:
                if name not in introduced:
                    introduced.add(name)
                    role = self.random.choice(ROLES)
                    if role:
                        out.append(
                            {
                                "type": "person",
                                "id": self.new_id(),
                                "when": when,
                                "recorded": when,
                                "name": name,
                                "role": role,
                            }
                        )
            if self.random.random() < 0.05:
                out.extend(self.concern(interaction_id, when, people, place, end))
        return out

    def concern(
        self, interaction_id: str, when: datetime, people: list[str], place: str, end: datetime
    ) -> list[dict[str, Any]]:
        concern_id = self.new_id()
        events: list[dict[str, Any]] = [
            {
                "type": "concern",
                "id": concern_id,
                "action": "raise",
                "when": when,
                "recorded": when,
                "text": self.random.choice(CONCERNS),
                "raised_by": people,
                "place": place,
                "priority": self.random.choice(["low", "normal", "normal", "high"]),
                "interaction": interaction_id,
            }
        ]
        moment = when
        # Most concerns are followed up and closed; recent ones may still be open.
        chances = {
            "note": 0.8,
            "resolve": 0.97 if end - when > timedelta(days=60) else 0.5,
            "report-back": 0.9,
        }
        for action in ("note", "resolve", "report-back"):
            if self.random.random() > chances[action]:
                if action == "note":
                    continue
                break
            moment = moment + timedelta(days=self.random.randint(1, 12))
            if moment > end:
                break
            event = {
                "type": "concern",
                "id": self.new_id(),
                "action": action,
                "when": moment,
                "recorded": moment,
                "concern": concern_id,
                "note": f"{action} on the round",
            }
            if action == "note":
                event["due"] = moment + timedelta(days=7)
            events.append(event)
        return events


def write(path: Path, records: list[dict[str, Any]], officer: str, created: datetime) -> int:
    header = fmt.serialise_header(officer, created, "benchmark0")
    seal = fmt.stored_seal(header) or ""
    records.sort(key=lambda record: record["recorded"])
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for fields in records:
            text, seal = fmt.serialise_record(fields, seal)
            handle.write(text)
    path.chmod(0o600)
    return len(records)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interactions", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", default=None, help="last day (ISO date; default: today)")
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; refusing to overwrite it")
    end = (datetime.fromisoformat(args.end) if args.end else datetime.now()).astimezone(UTC)
    end = end.replace(hour=20, minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    generator = Generator(args.seed)
    records = generator.records(args.interactions, end)
    count = write(args.out, records, "Benchmark Officer", end - timedelta(days=3651))
    elapsed = time.perf_counter() - started
    size = args.out.stat().st_size
    print(
        f"{args.out}: {args.interactions} interactions, {count} records, "
        f"{size / 1e6:.1f} MB in {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
