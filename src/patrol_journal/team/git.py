"""git as a subprocess: every failure becomes one line that says what to do.

git runs in a session of its own, so that a Ctrl-C or a kill aimed at pj never stops it
half-way through writing a ref or the index (which would leave a lock file behind and the
clone needing a person); on Ctrl-C pj asks it to stop (SIGTERM, which git cleans up after)
and waits for it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from patrol_journal.errors import JournalError

DRIVER = "pj-journal"

# The attributes pj needs on the team's files, written to the clone's own
# .git/info/attributes, which outranks every .gitattributes a commit can bring: pj's merge
# driver, and none of the conversions that would change a journal's bytes on the way in or
# out (line ends, filters, encodings, keyword expansion).
PROTECTED = ("journals/*.toml", "team.toml")
WANTED = {
    "merge": DRIVER,
    "text": "unset",
    "filter": "unset",
    "working-tree-encoding": "unset",
    "ident": "unset",
}
_ATTRIBUTES_MARK = "# patrol-journal (pj sync, pj team join):"
ATTRIBUTES = (
    f"{_ATTRIBUTES_MARK} the team's files are joined by pj's merge driver\n"
    "# and never converted; this file outranks any .gitattributes a commit brings.\n"
    + "".join(
        f"{pattern} merge={DRIVER} -text -filter -working-tree-encoding -ident\n"
        for pattern in PROTECTED
    )
)

# git keeps journals with the umask's mode when it writes them (a plain `git pull`):
# these hooks set them back to the officer's alone. No pj code runs: `find -type f` never
# follows a link.
_HOOK_MARK = "# patrol-journal: keep the team's journals readable by you alone"
HOOK = (
    "#!/bin/sh\n"
    f"{_HOOK_MARK}\n"
    "find journals -maxdepth 1 -type f -name '*.toml' -exec chmod 600 {} + 2>/dev/null\n"
    "exit 0\n"
)
HOOKS = ("post-merge", "post-checkout", "post-rewrite")


# A committed .gitmodules is someone else's input too: submodules are never fetched,
# pushed or even read.
SAFE_OPTIONS = (
    "-c",
    "submodule.recurse=false",
    "-c",
    "fetch.recurseSubmodules=false",
    "-c",
    "push.recurseSubmodules=no",
)


class GitError(JournalError):
    """git failed; the message is one line."""


class Done:
    """What a git command did: its exit status and output."""

    __slots__ = ("returncode", "stderr", "stdout")

    def __init__(self, returncode: int, stdout: bytes, stderr: bytes) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def errors(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def call(
    root: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None
) -> Done:
    """Run `git -C root ARGS` to the end, whatever happens to pj meanwhile."""
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed; install git to work as a team")
    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", **(env or {}))
    try:
        process = subprocess.Popen(
            [git, "-C", str(root), *SAFE_OPTIONS, *args],
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    try:
        stdout, stderr = process.communicate(input)
    except BaseException:  # Ctrl-C: let git stop cleanly, then stop too
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - git ignores SIGTERM
            process.kill()
        raise
    return Done(process.returncode, stdout, stderr)


def run(
    root: Path,
    *args: str,
    check: bool = True,
    what: str | None = None,
    env: dict[str, str] | None = None,
) -> str:
    """Run `git -C root ARGS`; its stdout. A failure raises GitError with git's reason."""
    done = call(root, *args, env=env)
    if check and done.returncode != 0:
        raise GitError(explain(what or f"git {args[0]}", done.errors or done.text))
    return done.text


def run_bytes(
    root: Path,
    *args: str,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    what: str | None = None,
) -> bytes:
    """Like `run`, with bytes in and out (blobs, NUL-separated listings)."""
    done = call(root, *args, input=input, env=env)
    if done.returncode != 0:
        raise GitError(explain(what or f"git {args[0]}", done.errors or done.text))
    return done.stdout


def succeeds(root: Path, *args: str) -> bool:
    return call(root, *args).returncode == 0


def explain(what: str, output: str) -> str:
    """git's reason in one line, with what it usually means."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    ours = [line[line.index("pj merge:") + 10 :] for line in lines if "pj merge:" in line]
    fatal = [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
    reason = (ours or fatal or lines or ["no reason given"])[0]
    for prefix in ("fatal: ", "error: "):
        if reason.lower().startswith(prefix):
            reason = reason[len(prefix) :]
    lowered = output.lower()
    hint = ""
    if "could not resolve host" in lowered or "network is unreachable" in lowered:
        hint = " (offline? run 'pj sync' again when connected)"
    elif "authentication failed" in lowered or "permission denied" in lowered:
        hint = " (check your access to the team's repository)"
    elif "does not appear to be a git repository" in lowered or "repository not found" in lowered:
        hint = " (check the remote: git remote -v)"
    elif "please tell me who you are" in lowered:
        hint = " (set git config user.name and user.email)"
    return f"{what} failed: {reason}{hint}"


def is_repository(root: Path) -> bool:
    return (root / ".git").exists() and succeeds(root, "rev-parse", "--git-dir")


def git_dir(root: Path) -> Path:
    """The clone's own .git folder (where nothing a commit brings can reach)."""
    found = run(root, "rev-parse", "--absolute-git-dir").strip()
    return Path(found)


def driver_command() -> str:
    """How git runs pj's merge driver on this machine: this installed pj, by the absolute
    path of its interpreter, isolated (`-I`: neither the work tree, where git runs it, nor
    any PYTHON* variable is on its import path), so a teammate's commit cannot put code in
    its way."""
    python = shlex.quote(os.path.abspath(sys.executable))  # a venv's: not resolved
    return f"{python} -I -m patrol_journal team merge-file %O %A %B %P"


def prepare_clone(root: Path) -> bool:
    """Make this clone safe for the team's files: pj's merge driver in its config, pj's
    attributes in its own info/attributes, the hooks that keep journals 0600. True if
    anything was missing or out of date."""
    changed = _install_driver(root)
    changed = _install_attributes(git_dir(root)) or changed
    return _install_hooks(root) or changed


def _install_driver(root: Path) -> bool:
    wanted = driver_command()
    current = run(root, "config", "--local", "--get", f"merge.{DRIVER}.driver", check=False)
    if current.strip() == wanted:
        return False
    run(root, "config", "--local", f"merge.{DRIVER}.name", "patrol-journal: join appends")
    run(root, "config", "--local", f"merge.{DRIVER}.driver", wanted)
    return True


def _install_attributes(folder: Path) -> bool:
    """pj's lines in .git/info/attributes (kept last, so they win over earlier lines)."""
    path = folder / "info" / "attributes"
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise GitError(f"cannot read {path}: {exc}") from None
    if current.endswith(ATTRIBUTES):
        return False
    kept = current
    if _ATTRIBUTES_MARK in kept:  # an older copy of ours, no longer last: move it
        kept = kept.replace(ATTRIBUTES, "")
    if kept and not kept.endswith("\n"):
        kept += "\n"
    from patrol_journal.outputs import write_atomically

    try:
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, kept + ATTRIBUTES)
    except OSError as exc:
        raise GitError(f"cannot write {path}: {exc.strerror}") from None
    return True


def _install_hooks(root: Path) -> bool:
    """pj's hooks, where the clone has none of its own by that name."""
    folder = Path(run(root, "rev-parse", "--git-path", "hooks").strip())
    if not folder.is_absolute():
        folder = root / folder
    changed = False
    for name in HOOKS:
        hook = folder / name
        try:
            current = hook.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError):
            continue  # the officer's own hook: theirs to keep
        if current == HOOK or (current is not None and _HOOK_MARK not in current):
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            hook.write_text(HOOK, encoding="utf-8")
            hook.chmod(0o755)
            changed = True
        except OSError:
            continue
    return changed


def restore_converted(root: Path) -> list[str]:
    """The team's files as git holds them, where git checked them out converted before
    pj's attributes were there (a fresh clone of a repository whose .gitattributes gives
    journals another encoding or line ends): pj could not have written to such a copy.
    The paths restored."""
    listing = run(root, "ls-files", "-s", "-z", "--", "journals", "team.toml", check=False)
    restored = []
    for item in listing.split("\0"):
        info, _tab, path = item.partition("\t")
        parts = info.split(" ")
        if not path or len(parts) != 3 or parts[0] not in ("100644", "100755"):
            continue
        if not (path == "team.toml" or (path.startswith("journals/") and path.endswith(".toml"))):
            continue
        target = root / path
        try:
            if target.is_symlink() or not target.is_file():
                continue
            current = target.read_bytes()
        except OSError:
            continue
        held = run_bytes(root, "cat-file", "blob", parts[1])
        if current == held or not _converted(current, held):
            continue
        from patrol_journal.outputs import write_atomically

        write_atomically(target, held.decode("utf-8"))
        restored.append(path)
    return restored


def _converted(current: bytes, held: bytes) -> bool:
    """Whether a checked-out copy is git's conversion of the text it holds (another
    encoding, other line ends), not a copy someone has written to."""
    try:
        held.decode("utf-8")
    except UnicodeDecodeError:
        return False
    try:
        current.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return b"\0" in current or current.replace(b"\r\n", b"\n") == held


def attributes_problem(root: Path, paths: list[str]) -> str | None:
    """What is wrong with git's attributes for the team's files, or None: each must use
    pj's merge driver and no conversion, whatever .gitattributes a commit brought."""
    listing = run(root, "check-attr", *WANTED, "--", *paths, check=False)
    for line in listing.splitlines():
        parts = line.rsplit(": ", 2)
        if len(parts) != 3 or parts[1] not in WANTED:
            continue
        file, name, value = parts
        expected = WANTED[name]
        if value != expected and not (expected == "unset" and value == "unspecified"):
            return (
                f"git's attributes give {file} {name}={value} (pj needs {name}="
                f"{'<none>' if expected == 'unset' else expected})"
            )
    return None


def committed_attributes(root: Path) -> list[str]:
    """`.gitattributes` files a commit put inside journals/ (pj's own attributes outrank
    them, but they are nobody's business there)."""
    listing = run(root, "ls-files", "-z", "--", "journals", check=False)
    return [
        path
        for path in listing.split("\0")
        if path == "journals/.gitattributes" or path.endswith("/.gitattributes")
    ]


def identity_options(root: Path, officer: str) -> list[str]:
    """`-c user.name=... -c user.email=...` when git has no identity here, so a commit
    never fails for want of one: the officer's name, with an address that says so."""
    name = run(root, "config", "user.name", check=False).strip()
    email = run(root, "config", "user.email", check=False).strip()
    options = []
    if not name:
        options += ["-c", f"user.name={officer}"]
    if not email:
        options += ["-c", "user.email=officer@patrol-journal.invalid"]
    return options


def identity_env(root: Path, officer: str) -> dict[str, str]:
    """The same identity as environment variables, for `git commit-tree`."""
    options = identity_options(root, officer)
    settings = dict(option.split("=", 1) for option in options[1::2])
    env: dict[str, str] = {}
    if "user.name" in settings:
        env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = settings["user.name"]
    if "user.email" in settings:
        env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = settings["user.email"]
    return env


def current_branch(root: Path) -> str:
    branch = run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
    if not branch:
        raise GitError(
            f"{root} is not on a branch (a rebase or detached HEAD?); "
            "finish it with git, then run 'pj sync'"
        )
    return branch
