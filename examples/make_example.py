"""Build examples/elm-park-beat.toml with pj itself: five weeks of one officer's beat.

    python examples/make_example.py [--out examples/elm-park-beat.toml]

Every record is written by the `pj` commands below, so the example always matches the
journal format. Week 2026-W46 (Mon 9 to Sun 15 November 2026) has something in every
section of the weekly summary: try `pj --journal examples/elm-park-beat.toml summary
--week 2026-W46`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=HERE / "elm-park-beat.toml")
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; move it away first")
    env = dict(os.environ, PJ_NOW="2026-11-22 20:00", TZ=os.environ.get("TZ", "UTC"))

    def pj(*words: str) -> dict[str, object]:
        command = [sys.executable, "-m", "patrol_journal", "--journal", str(args.out), *words]
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(words)}\n{result.stderr}")
        if "--json" in words:
            data: dict[str, object] = json.loads(result.stdout)
            return data
        return {}

    def log(when: str, text: str, *extra: str) -> dict[str, object]:
        return pj("log", text, "--when", when, *extra, "--json")

    def concern_of(entry: dict[str, object]) -> str:
        concerns = entry["concerns"]
        assert isinstance(concerns, list)
        return str(concerns[0])

    pj("init", "--officer", "Sam Rivera")

    # Week 43: getting to know the beat
    log(
        "2026-10-19 10:15",
        "Chat by the swings about the new play area",
        "--with",
        "Maria Lopez (resident)",
        "--at",
        "Elm Park",
    )
    log(
        "2026-10-19 14:00",
        "Introduced myself at the shop",
        "--kind",
        "business",
        "--with",
        "Tom Reed (shop owner)",
        "--at",
        "Mill Lane Shop",
    )
    log(
        "2026-10-20 16:30",
        "Walked the estate with the caretaker",
        "--kind",
        "patrol",
        "--with",
        "James Okafor (caretaker)",
        "--at",
        "Oak Estate",
    )
    log(
        "2026-10-21 11:00",
        "Quick hello outside the pharmacy",
        "--with",
        "Priya Patel (pharmacist)",
        "--at",
        "Station Square",
    )
    log(
        "2026-10-22 18:00",
        "Evening walk along the towpath",
        "--kind",
        "patrol",
        "--at",
        "Canal Path",
    )
    log(
        "2026-10-23 15:45",
        "Talked about exam stress and late buses",
        "--with",
        "Ana Diaz (student)",
        "--at",
        "Library",
    )
    log(
        "2026-10-24 09:30",
        "Saturday market walk-through",
        "--kind",
        "event",
        "--with",
        "Rosa Silva (manager)",
        "--at",
        "Market Hall",
        "--shared",
        "Keep bags zipped in the crowd",
    )

    # Week 44
    lights = log(
        "2026-10-26 10:00",
        "Maria says the park is dark by the gate",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
        "--concern",
        "Streetlights out by the Elm Park gate",
    )
    log(
        "2026-10-27 13:20",
        "Coffee with the residents' group",
        "--kind",
        "meeting",
        "--with",
        "Grace Kim (resident)",
        "--with",
        "Maria Lopez",
        "--at",
        "Oak Estate",
    )
    log(
        "2026-10-28 17:10",
        "Checked the towpath after dark",
        "--kind",
        "patrol",
        "--at",
        "Canal Path",
        "--tip",
        "People gathering under the rail bridge after 10pm",
    )
    log(
        "2026-10-29 12:00",
        "Shop visit",
        "--kind",
        "business",
        "--with",
        "Tom Reed",
        "--at",
        "Mill Lane Shop",
        "--concern",
        "Shoplifting from the front display",
    )
    log(
        "2026-10-30 16:00",
        "Bus driver flagged trouble at the stop",
        "--with",
        "Omar Haddad (bus driver)",
        "--at",
        "Station Square",
        "--concern",
        "Fights at the last bus stop on Fridays",
    )
    log(
        "2026-10-31 19:00",
        "Halloween walk with families",
        "--kind",
        "event",
        "--with",
        "Grace Kim",
        "--at",
        "Oak Estate",
        "--shared",
        "Trick-or-treat safely: stay in lit streets",
    )

    # Week 45
    noise = log(
        "2026-11-02 11:30",
        "Grace worried about noise at night",
        "--with",
        "Grace Kim",
        "--at",
        "Oak Estate",
        "--concern",
        "Loud music from the empty flat at night",
    )
    log("2026-11-03 10:40", "Catch-up by the swings", "--with", "Maria Lopez", "--at", "Elm Park")
    pj(
        "concern",
        "note",
        concern_of(lights),
        "Reported to the council lighting team",
        "--referred-to",
        "Council lighting team",
        "--due",
        "2026-11-10",
        "--when",
        "2026-11-03 12:00",
    )
    log(
        "2026-11-04 15:00",
        "Youth club drop-in",
        "--kind",
        "meeting",
        "--with",
        "Luis Novak (youth worker)",
        "--with",
        "Ana Diaz",
        "--at",
        "Library",
    )
    log(
        "2026-11-05 18:30",
        "Towpath walk",
        "--kind",
        "patrol",
        "--at",
        "Canal Path",
        "--with",
        "Grace Kim",
    )
    pj(
        "concern",
        "resolve",
        concern_of(noise),
        "--note",
        "Housing officer changed the locks",
        "--when",
        "2026-11-06 09:00",
    )
    log(
        "2026-11-07 09:45",
        "Market morning",
        "--kind",
        "event",
        "--with",
        "Rosa Silva",
        "--at",
        "Market Hall",
        "--shared",
        "Keep bags zipped in the crowd",
    )
    pj(
        "person",
        "Maria Lopez",
        "--note",
        "Prefers Spanish; dog called Rex",
        "--when",
        "2026-11-03 10:45",
    )

    # Week 46: the example week (Grace Kim and Canal Path are missed this week)
    shoplifting = pj("concerns", "--with", "Tom Reed", "--json")
    assert isinstance(shoplifting, list)
    log(
        "2026-11-09 10:20",
        "Maria asked about the lights again",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
    )
    pj(
        "concern",
        "report-back",
        concern_of(noise),
        "--note",
        "Told Grace the flat is secured",
        "--when",
        "2026-11-09 16:00",
    )
    log(
        "2026-11-10 14:30",
        "Shop visit; new camera up",
        "--kind",
        "business",
        "--with",
        "Tom Reed",
        "--at",
        "Mill Lane Shop",
        "--tip",
        "Two teenagers casing the bike racks at lunchtime",
    )
    pj(
        "concern",
        "resolve",
        str(shoplifting[0]["id"]),
        "--note",
        "Camera installed, no repeats",
        "--when",
        "2026-11-10 15:00",
    )
    bikes = log(
        "2026-11-11 12:15",
        "Students say bikes keep disappearing",
        "--with",
        "Ana Diaz",
        "--with",
        "Mei Chen (student)",
        "--at",
        "Library",
        "--concern",
        "Bike thefts from the library racks",
    )
    pj(
        "concern",
        "note",
        concern_of(bikes),
        "Asked the college about a locked shelter",
        "--due",
        "2026-11-18",
        "--when",
        "2026-11-12 10:00",
    )
    log(
        "2026-11-10 09:40",
        "Quick hello at the market",
        "--with",
        "Rosa Silva",
        "--at",
        "Market Hall",
    )
    log(
        "2026-11-12 11:15",
        "Chat by the swings; Rex is limping",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
    )
    log(
        "2026-11-12 13:30",
        "Walked the square at lunchtime",
        "--kind",
        "patrol",
        "--at",
        "Station Square",
    )
    log(
        "2026-11-12 17:45",
        "Estate walk with the caretaker",
        "--kind",
        "patrol",
        "--with",
        "James Okafor",
        "--at",
        "Oak Estate",
        "--shared",
        "Register bikes with the free marking scheme",
    )
    log(
        "2026-11-13 16:10",
        "Late-bus check",
        "--with",
        "Omar Haddad",
        "--at",
        "Station Square",
        "--shared",
        "Register bikes with the free marking scheme",
    )
    log(
        "2026-11-14 09:30",
        "Market walk-through",
        "--kind",
        "event",
        "--with",
        "Rosa Silva",
        "--with",
        "Priya Patel",
        "--at",
        "Market Hall",
    )
    pj(
        "concern",
        "raise",
        "Broken paving outside the pharmacy",
        "--by",
        "Priya Patel",
        "--at",
        "Station Square",
        "--priority",
        "low",
        "--category",
        "paving",
        "--when",
        "2026-11-14 09:45",
    )

    # Week 47: what happened after the example week
    pj(
        "concern",
        "resolve",
        concern_of(lights),
        "--note",
        "Council replaced the lamps",
        "--when",
        "2026-11-16 11:00",
    )
    log(
        "2026-11-17 10:30",
        "Told Maria the lights are fixed",
        "--with",
        "Maria Lopez",
        "--at",
        "Elm Park",
    )
    pj(
        "concern",
        "report-back",
        concern_of(lights),
        "--note",
        "Maria is pleased",
        "--when",
        "2026-11-17 10:35",
    )
    pj(
        "concern",
        "report-back",
        str(shoplifting[0]["id"]),
        "--note",
        "Told Tom",
        "--when",
        "2026-11-18 14:00",
    )
    log(
        "2026-11-19 18:20",
        "Towpath walk",
        "--kind",
        "patrol",
        "--with",
        "Grace Kim",
        "--at",
        "Canal Path",
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
