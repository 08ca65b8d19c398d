"""Time whole `pj` processes against journals of growing size, side by side with a bare
typer app, and print medians, ratios to that baseline, and peak memory.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--rounds 7] [--jrnl]

Journals are generated once into benchmarks/data/ (by make_journal.py, seed 1) and the
index cache lives in benchmarks/data/cache, so nothing touches your own journal. Rounds
are interleaved: each round runs every command once, so machine noise hits all alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from common import (
    CACHE,
    DATA,
    HELLO,
    HERE,
    environment,
    journal_for,
    log_copy,
    peak_rss_kb,
    pj,
    run_once,
)


@dataclass
class Case:
    name: str
    argv: list[str]
    size: int | None = None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


def compile_package() -> None:
    """Byte-compile pj as `pip install` would: an editable install (or
    PYTHONDONTWRITEBYTECODE) would otherwise recompile its modules on every run."""
    import compileall

    import patrol_journal

    compileall.compile_dir(Path(patrol_journal.__file__).parent, quiet=1)
    compileall.compile_file(str(HELLO), quiet=1)


def available(command: str, env: dict[str, str]) -> bool:
    result = subprocess.run(pj(command, "--help"), capture_output=True, env=env, check=False)
    return result.returncode == 0


def busiest_person(path: Path) -> str:
    from patrol_journal.index.store import Index

    with Index.open(path) as index:
        row = index.db.execute(
            "SELECT pe.name FROM participants p JOIN people pe ON pe.key = p.person_key "
            "GROUP BY p.person_key ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return str(row[0]) if row else "Maria Lopez"


# The start of the ten years the generated journals span (make_journal.py).
TEN_YEARS_AGO = (datetime.now() - timedelta(days=3653)).strftime("%Y-%m-%d")


def cases_for(sizes: list[int], env: dict[str, str]) -> list[Case]:
    small = log_copy(journal_for(10), "log-10.toml")
    cases = [
        Case("bare typer app (baseline)", [sys.executable, str(HELLO)]),
        Case(
            "pj log, 10-entry journal",
            pj(
                "--journal",
                str(small),
                "log",
                "Benchmark chat",
                "--with",
                "Maria Lopez",
                "--at",
                "Elm Park",
            ),
        ),
    ]
    views = {
        "recent": ["recent"],
        "summary": ["summary", "--week", "last"],
        "people": ["people", "--not-seen-for", "30"],
        "concerns": ["concerns"],
        "person": ["person", "{person}"],
        "search": ["search", "streetlight"],
        "trends": ["trends"],
        "trends by month": ["trends", "--by", "month", "--since", "{ten_years_ago}"],
    }
    present = {name: argv for name, argv in views.items() if available(argv[0], env)}
    for size in sizes:
        path = journal_for(size)
        grown = log_copy(path, f"log-{size}.toml")
        cases.append(
            Case(
                f"pj log at {size:,}",
                pj(
                    "--journal",
                    str(grown),
                    "log",
                    "Benchmark chat",
                    "--with",
                    "Maria Lopez",
                    "--at",
                    "Elm Park",
                ),
                size,
            )
        )
        if available("shift", env):  # on duty: pj log also reads the shift's own records
            duty = log_copy(path, f"duty-{size}.toml")
            subprocess.run(
                pj("--journal", str(duty), "shift", "start", "--post", "Gate 3"),
                env=env,
                capture_output=True,
                check=True,
            )
            cases.append(
                Case(
                    f"pj log on duty at {size:,}",
                    pj("--journal", str(duty), "log", "Benchmark chat", "--with", "Maria Lopez"),
                    size,
                )
            )
        person = busiest_person(path)
        for argv in present.values():
            args = [
                part.replace("{person}", person).replace("{ten_years_ago}", TEN_YEARS_AGO)
                for part in argv
            ]
            cases.append(
                Case(f"pj {' '.join(args)} at {size:,}", pj("--journal", str(path), *args), size)
            )
    return cases


def warm(cases: list[Case], env: dict[str, str]) -> None:
    """Build every index and the `verified` marks once, outside the timings."""
    for case in cases:
        if "--journal" in case.argv:
            journal = case.argv[case.argv.index("--journal") + 1]
            subprocess.run(
                pj("--journal", journal, "recent", "-n", "1"),
                env=env,
                capture_output=True,
                check=True,
            )
        run_once(case.argv, env)


def cold_build(size: int, env: dict[str, str], rounds: int) -> tuple[float, int]:
    from patrol_journal.index.files import index_path

    path = journal_for(size)
    times, peaks = [], []
    for _ in range(rounds):
        db = index_path(path)
        assert str(db).startswith(str(CACHE))
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        elapsed, _ = run_once(pj("--journal", str(path), "recent", "-n", "1"), env)
        times.append(elapsed)
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        peaks.append(peak_rss_kb(pj("--journal", str(path), "recent", "-n", "1"), env))
    return statistics.median(times), max(peaks)


def incremental_update(size: int) -> float:
    """Milliseconds an index refresh spends on one appended record (median of 7)."""
    from patrol_journal.calendar import now_local
    from patrol_journal.index.store import Index
    from patrol_journal.index.verify import append
    from patrol_journal.recording import InteractionInput, interaction_records

    path = DATA / f"log-{size}.toml"
    timings = []
    Index.open(path).close()
    for n in range(7):
        records, _, _ = interaction_records(InteractionInput(text=f"increment {n}"), now_local())
        append(path, records)
        started = time.perf_counter()
        with Index.open(path) as index:
            assert index.last_refresh is not None and index.last_refresh.records == 1
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--jrnl", action="store_true", help="also time jrnl 4.6 on the same data")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sizes.split(",") if part]
    compile_package()
    env = environment()
    os.environ["XDG_CACHE_HOME"] = str(CACHE)  # this process computes the same cache paths
    cases = cases_for(sizes, env)
    warm(cases, env)
    for _round in range(args.rounds):
        for case in cases:
            elapsed, cpu = run_once(case.argv, env)
            case.times.append(elapsed)
            case.cpu.append(cpu)
    for case in cases:
        case.rss_kb.append(peak_rss_kb(case.argv, env))
    base_cpu = statistics.median(cases[0].cpu)
    base_wall = statistics.median(cases[0].times)
    small_log = statistics.median(cases[1].cpu)
    print(
        f"{args.rounds} interleaved rounds; medians; x typer = median / the bare typer app's "
        "(CPU: user + system of the process)\n"
    )
    print(
        f"| {'command':<44} | {'CPU ms':>7} | {'x typer':>7} | {'wall ms':>7} | {'x typer':>7} "
        f"| {'peak RSS MB':>11} |"
    )
    print(f"|{'-' * 46}|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 12}:|")
    for case in cases:
        cpu, wall = statistics.median(case.cpu), statistics.median(case.times)
        note = ""
        if case.name.startswith(("pj log at", "pj log on duty at")):
            note = f"  ({cpu / small_log:.2f}x log on 10 entries)"
        print(
            f"| {case.name:<44} | {cpu * 1000:>7.1f} | {cpu / base_cpu:>7.2f} | "
            f"{wall * 1000:>7.1f} | {wall / base_wall:>7.2f} | {max(case.rss_kb) / 1024:>11.1f} |"
            f"{note}"
        )
    print()
    for size in sizes:
        build, peak = cold_build(size, env, rounds=3)
        print(
            f"cold index build at {size:,}: {build:.2f} s (median of 3, whole process), "
            f"peak RSS {peak / 1024:.1f} MB"
        )
    for size in sizes:
        print(
            f"incremental index update after one append at {size:,}: "
            f"{incremental_update(size):.1f} ms (in-process, median of 7)"
        )
    if args.jrnl:
        from jrnl_compare import compare

        compare(sizes, args.rounds, base_wall)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
