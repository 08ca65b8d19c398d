"""Where things live: the journal (and why that one), the config file, the index cache."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, NamedTuple

from patrol_journal.errors import JournalError

APP_NAME = "patrol-journal"
ENV_JOURNAL = "PATROL_JOURNAL"
CONFIG_KEYS = {
    "journal": str,
    "week_start": str,
    "date_order": str,
    "team_journal_limit_mb": int,
    "redact_k": int,
    "shift_limit_hours": int,
}
DATE_ORDERS = ("dmy", "mdy", "ymd")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class JournalLocation(NamedTuple):
    path: Path
    reason: str  # "option", "environment", "config" or "default"
    detail: str  # the sentence `pj where` prints


@functools.cache
def config_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


@functools.cache
def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


@functools.cache
def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME)


def load_config() -> dict[str, Any]:
    """The config file's settings, checked; an absent file is an empty config."""
    path = config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise JournalError(f"cannot read the config file {path}: {exc.strerror}") from None
    import tomllib

    from patrol_journal import nesting

    try:
        settings = nesting.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(f"{path}: the config file is not valid TOML: {exc}") from None
    for key, value in settings.items():
        expected = CONFIG_KEYS.get(key)
        if expected is None:
            known = ", ".join(CONFIG_KEYS)
            raise JournalError(f"{path}: unknown setting '{key}' (known: {known})")
        if not isinstance(value, expected):
            raise JournalError(f"{path}: '{key}' must be a {expected.__name__}")
    week_start = settings.get("week_start")
    if week_start is not None and week_start.lower() not in WEEKDAYS:
        raise JournalError(f"{path}: week_start must be a day name like monday or sunday")
    order = settings.get("date_order")
    if order is not None and order.lower() not in DATE_ORDERS:
        raise JournalError(f"{path}: date_order must be dmy, mdy or ymd (how 28/11/2026 reads)")
    if settings.get("redact_k", 3) < 2:
        raise JournalError(f"{path}: redact_k must be 2 or more (the fewest people a group holds)")
    if settings.get("shift_limit_hours", 16) < 1:
        raise JournalError(f"{path}: shift_limit_hours must be 1 or more")
    return settings


def redact_k() -> int:
    """The fewest people a row of a redacted summary may describe: 3 unless configured."""
    return int(load_config().get("redact_k", 3))


def date_order() -> str:
    """How numeric dates are read: `date_order` in the config file, else the locale's
    (month first where the locale writes 11/28/2026), else day first."""
    configured = load_config().get("date_order")
    if configured:
        return str(configured).lower()
    return locale_date_order()


def locale_date_order() -> str:
    """The date order of the locale in LC_ALL, LC_TIME or LANG; "dmy" where it cannot be
    told (unset, C, POSIX, or not installed)."""
    setting = next(
        (os.environ[name] for name in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(name)), ""
    )
    if setting.split(".")[0] in ("", "C", "POSIX"):
        return "dmy"
    import locale

    try:
        previous = locale.setlocale(locale.LC_TIME)
        locale.setlocale(locale.LC_TIME, setting)
        try:
            pattern = locale.nl_langinfo(locale.D_FMT)
        finally:
            locale.setlocale(locale.LC_TIME, previous)
    except (locale.Error, AttributeError, ValueError):
        return "dmy"
    positions = {key: pattern.find(key) for key in ("%d", "%m")}
    year = max(pattern.find("%y"), pattern.find("%Y"))
    if -1 in positions.values():
        return "dmy"
    if 0 <= year < min(positions.values()):
        return "ymd"
    return "mdy" if positions["%m"] < positions["%d"] else "dmy"


def shift_limit_hours() -> int:
    """How long a shift may be before `check` and `shift status` say so: 16 hours unless
    configured."""
    return int(load_config().get("shift_limit_hours", 16))


def team_journal_limit() -> int:
    """The size in bytes beyond which a teammate's journal is left out of team views."""
    megabytes = load_config().get("team_journal_limit_mb", 200)
    return max(1, int(megabytes)) * 1024 * 1024


def week_start() -> int:
    """The first day of the week for `this` and `last` weeks: 0 (Monday) unless configured."""
    return WEEKDAYS.index(str(load_config().get("week_start", "monday")).lower())


def locate_journal(option: str | None) -> JournalLocation:
    """The journal to use: `--journal`, then `$PATROL_JOURNAL`, the config file, the default."""
    if option:
        path = Path(option).expanduser()
        return JournalLocation(path, "option", "given with --journal")
    from_env = os.environ.get(ENV_JOURNAL)
    if from_env:
        path = Path(from_env).expanduser()
        return JournalLocation(path, "environment", f"set by ${ENV_JOURNAL}")
    settings = load_config()
    configured = settings.get("journal")
    if configured:
        conf = config_file()
        path = Path(configured).expanduser()
        if not path.is_absolute():
            path = conf.parent / path
        return JournalLocation(path, "config", f"set by 'journal' in {conf}")
    return JournalLocation(
        data_dir() / "journal.toml",
        "default",
        "the default location (no option, variable or config)",
    )
