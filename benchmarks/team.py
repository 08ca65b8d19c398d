"""A beat team's views at scale: 20 officers x 10,000 interactions each, side by side with
a bare typer app, plus the cold team index build and the refresh after a sync.

    python benchmarks/team.py [--officers 20] [--interactions 10000] [--rounds 7]

The team folder is generated once into benchmarks/data/team-<officers>x<interactions>/
(journals written by make_journal.py's generator, one seed per officer, so every id is
unique), and the cache lives in benchmarks/data/cache. Targets: every team view within
1.3x the bare typer app (CPU); the cold team build within 6 s; the refresh after a sync
that brings 100 new records within 50 ms of a plain view.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_journal import Generator, write  # noqa: E402
from run import CACHE, DATA, HELLO, compile_package, environment, pj, run_once  # noqa: E402

# The journals end yesterday evening (so "last week" is full whenever this runs); a team
# folder generated on another day is made again.
_END = (datetime.now(UTC) - timedelta(days=1)).replace(hour=20, minute=0, second=0, microsecond=0)


def team_folder(officers: int, interactions: int) -> Path:
    from patrol_journal.team.layout import Member, write_team

    root = DATA / f"team-{officers}x{interactions}-{_END:%Y%m%d}"
    journals = root / "journals"
    end = _END
    if not (root / "team.toml").exists():
        journals.mkdir(parents=True, exist_ok=True)
        members = []
        started = time.perf_counter()
        for number in range(1, officers + 1):
            name = f"Officer {number:02d}"
            path = journals / f"officer-{number:02d}.toml"
            records = Generator(100 + number).records(interactions, end)
            write(path, records, name, end - timedelta(days=3651))
            members.append(Member(name, f"journals/{path.name}", end))
        write_team(root, "Benchmark beat", end, members)
        print(f"generated {root} in {time.perf_counter() - started:.1f} s")
    return root


def drop_team_index(root: Path) -> None:
    from patrol_journal.index.files import team_index_path

    db = team_index_path(root)
    assert str(db).startswith(str(CACHE))
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def cold_builds(root: Path, journal: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Seconds to build the team's index from nothing, in-process (Index.open_team): on
    every core as pj does, and in this process alone, alternating."""
    from patrol_journal.index import build
    from patrol_journal.index.store import Index
    from patrol_journal.team.layout import load_team

    threshold = build.PARALLEL_BYTES
    every_core, one_process = [], []
    for _ in range(rounds):
        for times, bytes_needed in ((every_core, threshold), (one_process, 10**15)):
            build.PARALLEL_BYTES = bytes_needed
            drop_team_index(root)
            started = time.perf_counter()
            Index.open_team(journal, load_team(root)).close()
            times.append(time.perf_counter() - started)
    build.PARALLEL_BYTES = threshold
    return every_core, one_process


def grow(journal: Path, count: int, seed: int) -> None:
    """What a sync brings: `count` more records at the end of a teammate's journal, sealed
    in the chain (as the merge driver or a fast-forward leaves them)."""
    from patrol_journal.journal import format as fmt
    from patrol_journal.journal.files import open_existing
    from patrol_journal.journal.tail import inspect_tail

    fd = open_existing(journal, os.O_RDONLY)
    try:
        link = inspect_tail(fd, os.fstat(fd).st_size, journal).link
    finally:
        os.close(fd)
    end = _END + timedelta(hours=1)
    records = [
        record for record in Generator(seed).records(count, end) if record["type"] == "interaction"
    ][:count]
    for record in records:  # after everything already there
        record["when"] = record["recorded"] = end
    text, _seal = fmt.serialise_records(records, link)
    with journal.open("a", encoding="utf-8") as handle:
        handle.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--interactions", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    compile_package()
    env = environment()
    os.environ["XDG_CACHE_HOME"] = str(CACHE)  # this process computes the same cache paths
    root = team_folder(args.officers, args.interactions)
    own = root / "journals" / "officer-01.toml"
    # Views read a copy of one teammate's journal that the refresh rounds grow.
    teammate = root / "journals" / f"officer-{args.officers:02d}.toml"
    pristine = DATA / f"{root.name}-last.toml"
    if not pristine.exists():
        shutil.copyfile(teammate, pristine)
    shutil.copyfile(pristine, teammate)

    builds = cold_builds(root, own, rounds=3)
    views = {
        "bare typer app (baseline)": [sys.executable, str(HELLO)],
        "pj summary --team --week last": pj(
            "--journal", str(own), "summary", "--team", "--week", "last"
        ),
        "pj people --team": pj("--journal", str(own), "people", "--team"),
        "pj recent --team": pj("--journal", str(own), "recent", "--team"),
        "pj places --team": pj("--journal", str(own), "places", "--team"),
        "pj summary --week last (own journal)": pj(
            "--journal", str(own), "summary", "--week", "last"
        ),
    }
    for argv in views.values():
        run_once(argv, env)  # warm: indexes built, files cached
    times: dict[str, list[float]] = {name: [] for name in views}
    cpus: dict[str, list[float]] = {name: [] for name in views}
    refresh: list[float] = []
    plain: list[float] = []
    in_process: list[float] = []
    recent = views["pj recent --team"]
    for number in range(args.rounds):
        for name, argv in views.items():
            wall, cpu = run_once(argv, env)
            times[name].append(wall)
            cpus[name].append(cpu)
        grow(teammate, 100, seed=9000 + number)
        refresh.append(run_once(recent, env)[0])  # the first view after the sync
        plain.append(run_once(recent, env)[0])  # the same view with nothing new
        grow(teammate, 100, seed=9500 + number)
        in_process.append(_refresh_in_process(root, own))
    shutil.copyfile(pristine, teammate)

    base_wall = statistics.median(times["bare typer app (baseline)"])
    base_cpu = statistics.median(cpus["bare typer app (baseline)"])
    records = sum(
        path.read_text(encoding="utf-8").count("\n[[record]]")
        for path in (root / "journals").glob("*.toml")
    )
    print(
        f"\nteam of {args.officers} x {args.interactions:,} interactions "
        f"({records:,} records); {args.rounds} interleaved rounds; medians\n"
    )
    print(f"| {'command':<38} | {'CPU ms':>7} | {'x typer':>7} | {'wall ms':>7} | {'x typer':>7} |")
    print(f"|{'-' * 40}|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|")
    for name, values in times.items():
        wall, cpu = statistics.median(values), statistics.median(cpus[name])
        print(
            f"| {name:<38} | {cpu * 1000:>7.1f} | {cpu / base_cpu:>7.2f} | "
            f"{wall * 1000:>7.1f} | {wall / base_wall:>7.2f} |"
        )
    print()
    every_core, one_process = builds
    print(
        f"cold team index build: {statistics.median(every_core):.2f} s on every core "
        f"({', '.join(f'{t:.2f}' for t in every_core)}), "
        f"{statistics.median(one_process):.2f} s in one process "
        f"({', '.join(f'{t:.2f}' for t in one_process)}); medians of 3, in-process, "
        "alternating"
    )
    extra = [(a - b) * 1000 for a, b in zip(refresh, plain, strict=True)]
    after = statistics.median(refresh) * 1000
    print(
        f"pj recent --team after a sync bringing 100 records: {after:.1f} ms"
        f" vs {statistics.median(plain) * 1000:.1f} ms with nothing new: "
        f"+{statistics.median(extra):.1f} ms (median of the paired differences)"
    )
    print(
        f"the refresh itself, in-process (Index.open_team after 100 new records): "
        f"{statistics.median(in_process) * 1000:.1f} ms"
    )


def _refresh_in_process(root: Path, own: Path) -> float:
    from patrol_journal.index.store import Index
    from patrol_journal.team.layout import load_team

    team = load_team(root)
    started = time.perf_counter()
    with Index.open_team(own, team) as index:
        assert index.last_refresh is not None and index.last_refresh.records == 100
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
