"""`pj sync`: share the officer's own journal with the team, through git, without git
ever writing that journal.

1. Under the journal's lock, its bytes are committed with git's plumbing (a blob, a tree,
   `commit-tree`, `update-ref`): nothing in the work tree moves, so offline the records
   are committed all the same.
2. `git fetch`, without the lock (`pj log` keeps working while the network is slow).
3. Under the lock again, pj joins its journal with the remote's copy: the remote's copy,
   then every record of yours it lacks, re-sealed after it. A remote copy that lost or
   changed one of your records is refused. pj writes the result itself (one atomic
   replace, under the lock) and builds a commit on the remote's with it; teammates' files
   come from the remote's commit, checked out by `git read-tree` with your journal held
   equal in both trees, so git never touches it.
4. `git push --porcelain`; a push the remote refused because it moved is retried from 2.

A kill at any instant leaves either the old state or the new one: the only step that
changes two things (the index and work tree, then the branch) is written down first in
`.git/pj/sync-pending` and finished by the next sync.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from patrol_journal.errors import JournalError
from patrol_journal.journal.files import secure_mode
from patrol_journal.journal.tail import check_tail
from patrol_journal.journal.write import holding
from patrol_journal.team import git, tree, worktree
from patrol_journal.team.layout import (
    JOURNALS,
    TEAM_FILE,
    Team,
    load_team,
    merge_team_files,
    require_team,
)
from patrol_journal.team.merge import (
    MergeRefused,
    check_arrivals,
    journal_changes,
    merge_journals,
)
from patrol_journal.vocab import has_control_characters

ATTEMPTS = 5  # pushes refused because the remote moved meanwhile: fetch, join, push again
KEEP_MINE = "keep-mine"
TAKE_THEIRS = "take-theirs"


@dataclass
class SyncReport:
    """What a sync did."""

    journal: str  # the officer's journal, relative to the team's root
    committed: int = 0  # records of yours the remote did not have before this sync
    received: list[str] = field(default_factory=list)  # journals others changed
    pushed: bool = False  # the remote's branch now holds your commit
    remote: str = ""
    branch: str = ""
    upstream_set: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Sync:
    """One sync's settings, worked out once."""

    team: Team
    journal_path: Path
    own: str  # journals/<file>.toml
    branch: str
    remote: str
    upstream: str
    env: dict[str, str]
    settle: str | None
    report: SyncReport

    @property
    def root(self) -> Path:
        return self.team.root

    @property
    def officer(self) -> str:
        return self.team.officer_of(self.journal_path)

    @property
    def target(self) -> str:
        return self.upstream or f"{self.remote}/{self.branch}"


def sync(journal_path: Path, *, settle: str | None = None) -> SyncReport:
    """Commit the officer's journal, join it with the remote's, push. `settle` decides a
    refused incoming copy of the officer's journal: KEEP_MINE or TAKE_THEIRS."""
    team = require_team(journal_path)
    root = team.root
    if not git.is_repository(root):
        raise git.GitError(
            f"{root} is not a git repository; a team made with 'pj team init' or cloned "
            "with git is one"
        )
    report = SyncReport(f"{JOURNALS}/{journal_path.name}")
    try:
        with worktree.sync_lock(root):
            run = _start(team, journal_path, settle, report)
            _share(run)
    finally:
        for path in [journal_path, *team.journal_paths()]:
            secure_mode(path)  # git writes files with the umask's mode
    # The team's files as the sync left them: what pj will not read of them is said.
    report.warnings += [line for line in load_team(root).warnings() if line not in report.warnings]
    return report


def _start(team: Team, journal_path: Path, settle: str | None, report: SyncReport) -> _Sync:
    root = team.root
    tree.remove_stale_scratch(root)
    if worktree.recover(root):
        report.warnings.append("finished the last sync, which had been interrupted")
    own = report.journal
    git.prepare_clone(root)
    git.restore_converted(root)
    _refuse_others_changes(root, own)
    problem = git.attributes_problem(root, [own, TEAM_FILE])
    if problem is not None:
        raise git.GitError(
            f"{problem}; nothing was synced: check {root}/.git/info/attributes "
            "('pj team join' writes pj's lines there)"
        )
    report.warnings += [
        f"{path} was committed inside journals/; pj ignores it (ask who added it)"
        for path in git.committed_attributes(root)
    ]
    report.branch = git.current_branch(root)
    upstream = git.run(
        root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False
    ).strip()
    remotes = git.run(root, "remote").split()
    report.remote = upstream.split("/", 1)[0] if upstream else _default_remote(remotes)
    env = git.identity_env(root, team.officer_of(journal_path))
    return _Sync(
        team, journal_path, own, report.branch, report.remote, upstream, env, settle, report
    )


def _share(run: _Sync) -> None:
    report = run.report
    mine_before = _commit_mine(run)
    if not run.remote:
        done = "committed your journal" if mine_before else "nothing new to commit"
        raise git.GitError(
            f"{done}; the team's repository has no remote to sync with: add one with "
            f"'git -C {run.root} remote add origin URL', then run 'pj sync' again"
        )
    for attempt in range(ATTEMPTS):
        _fetch(run, committed=mine_before)
        theirs = tree.commit_of(run.root, f"refs/remotes/{run.target}")
        new = _join(run, theirs)
        outcome = _push(run, new, theirs)
        if outcome != "rejected":
            break
        if attempt == ATTEMPTS - 1:
            raise git.GitError(
                f"git push failed: {run.target} kept moving ({ATTEMPTS} tries); your "
                "records are committed here: run 'pj sync' again"
            )
    report.committed = _new_records(run, theirs, new)
    report.pushed = outcome == "pushed"
    if not run.upstream:
        tracked = git.call(
            run.root, "branch", f"--set-upstream-to={run.remote}/{run.branch}", run.branch
        )
        if tracked.returncode != 0:
            report.warnings.append("pushed, but git could not record the upstream branch")
        else:
            report.upstream_set = True


# ------------------------------------------------------------------- the steps


def _commit_mine(run: _Sync) -> int:
    """Commit the journal as it is now, on the branch; how many records were new to it."""
    root, own = run.root, run.own
    with holding(run.journal_path, os.O_RDONLY) as fd:  # no append lands half-way in
        mine = _whole(fd, run.journal_path)
    head = _head(run)
    before = tree.file_at(root, head, own)
    if before == mine:
        return 0
    added = _count(mine) - _count(before or b"")
    sha = tree.hash_blob(root, mine)
    new_tree = tree.tree_with(root, head, {own: sha})
    commit = tree.commit_tree(root, new_tree, [head], _message(run.officer, added), run.env)
    tree.move_branch(root, run.branch, commit, head, run.env)
    git.run(root, "update-index", "--add", "--cacheinfo", f"100644,{sha},{own}")
    return max(1, added)


def _fetch(run: _Sync, *, committed: int) -> None:
    try:
        git.run(run.root, "fetch", "--quiet", run.remote, what="git fetch")
    except git.GitError as exc:
        kept = "; your journal is committed here" if committed else ""
        raise git.GitError(f"{exc.message}{kept}") from None


def _join(run: _Sync, theirs: str | None) -> str:
    """The commit to push: the branch as it is when the remote's is behind it or absent;
    otherwise a commit on the remote's holding its files, your journal joined with its
    copy, and your other changes (a team.toml you joined in). The work tree and branch are
    moved to it; your journal is written by pj, under its lock."""
    root = run.root
    head = _head(run)
    if theirs is None or theirs == head:
        return head
    base = tree.merge_base(root, head, theirs)
    if base == theirs:
        return head  # the remote has nothing you lack
    if base is None:
        raise git.GitError(
            f"{run.target} shares no history with this clone (a different team?); "
            "nothing was changed"
        )
    _report_teammates(run, head, theirs)
    changes = _local_changes(run, base, head, theirs)
    common, their_copy = _regular_at(run, base), _their_copy(run, theirs)
    with holding(run.journal_path) as fd:
        mine = _whole(fd, run.journal_path)
        joined = joined_journal(
            common,
            their_copy,
            mine,
            name=run.own,
            where=f"{run.own} on {run.target} ({tree.described(root, theirs)})",
            settle=run.settle,
        )
        arrived = 0
        if joined != mine and their_copy is not None and their_copy != common:
            arrived = check_arrivals(common, their_copy, mine, name=run.own)
        if joined != mine:
            _replace_journal(run.journal_path, joined)
    if arrived:
        run.report.warnings.append(_arrivals(run, base, theirs, arrived))
    sha = tree.hash_blob(root, joined)
    changes[run.own] = sha
    for path in tree.paths_under(root, theirs, f"{run.own}/"):  # a folder in its place
        changes[path] = None
    new_tree = tree.tree_with(root, theirs, changes)
    if new_tree == tree.tree_of(root, theirs):
        new = theirs
    else:
        added = _count(joined) - _count(_regular_at(run, theirs) or b"")
        new = tree.commit_tree(root, new_tree, [theirs], _message(run.officer, added), run.env)
    worktree.move(root, run.branch, head, new, run.own, sha, run.env)
    run.report.received = sorted(
        path
        for path in tree.changed_paths(root, head, new)
        if path.startswith(f"{JOURNALS}/")
        and path != run.own
        and path.endswith(".toml")
        and not has_control_characters(path)
    )
    return new


def joined_journal(
    base: bytes | None,
    theirs: bytes | None,
    mine: bytes,
    *,
    name: str,
    where: str,
    settle: str | None = None,
) -> bytes:
    """Your journal after a sync: yours, when the remote's copy is the one you both last
    had; else the remote's copy, then every record of yours it lacks, re-sealed. A remote
    copy that lost or changed a record of the one you both had is refused (MergeRefused),
    unless `settle` says which copy to begin from."""
    if theirs == base:
        return mine  # the remote has not changed your journal since you last shared it
    if settle == KEEP_MINE:
        return mine if theirs is None else merge_journals(mine, theirs, name=name, lenient=True)
    if settle == TAKE_THEIRS and theirs is not None:
        return merge_journals(theirs, mine, name=name, lenient=True)
    if theirs is None:
        raise MergeRefused(
            f"{where}: the remote's commit deleted your journal; yours is kept and nothing "
            "was pushed. To put it back: pj sync --keep-mine"
        )
    changes = journal_changes(base, theirs, name=name) if base is not None else None
    if changes:
        raise MergeRefused(
            f"{where} {changes.words()} of your journal; yours is kept and nothing was "
            "pushed. If that was you on another machine (pj forget), take it with "
            "'pj sync --take-theirs'; to put yours back, 'pj sync --keep-mine'"
        )
    try:
        return merge_journals(theirs, mine, name=name)
    except MergeRefused as exc:
        raise MergeRefused(
            f"{exc.message}; yours is kept and nothing was pushed. To keep this copy and "
            "add the remote's other records: pj sync --keep-mine (then pj forget again "
            "if you erased someone here)"
        ) from None


def _arrivals(run: _Sync, base: str, theirs: str, count: int) -> str:
    """Records that arrived in your journal from the remote, and whose commits brought
    them: your other machine's, or someone writing in your name (git cannot tell)."""
    from patrol_journal.vocab import plural

    authors = git.run(
        run.root, "log", "--format=%an", f"{base}..{theirs}", "--", run.own, check=False
    ).split("\n")
    named = ", ".join(dict.fromkeys(a for a in authors if a)) or "nobody named"
    return (
        f"{plural(count, 'record')} arrived in your journal from {run.target} (commits by "
        f"{named}): from your other machine? If you did not write them, see 'Your records' "
        "in docs/team.md"
    )


def _regular_at(run: _Sync, commit: str) -> bytes | None:
    """Your journal as `commit` holds it; None if it holds no regular file there."""
    found = tree.entry(run.root, commit, run.own)
    return tree.blob(run.root, found.sha) if found is not None and found.regular else None


def _their_copy(run: _Sync, theirs: str) -> bytes | None:
    found = tree.entry(run.root, theirs, run.own)
    if found is None:
        return None
    if not found.regular:
        if run.settle == KEEP_MINE:
            return None  # put yours back in its place
        raise MergeRefused(
            f"{run.own} on {run.target} ({tree.described(run.root, theirs)}) is not a "
            "regular file (a link?); yours is kept and nothing was pushed. To put yours "
            "back: pj sync --keep-mine"
        )
    return tree.blob(run.root, found.sha)


def _local_changes(run: _Sync, base: str, head: str, theirs: str) -> dict[str, str | None]:
    """What this clone changed since the common base, besides your journal, to carry onto
    the remote's commit: team.toml joined by member; any other file only if the remote
    left it alone."""
    root = run.root
    ours = set(tree.changed_paths(root, base, head)) - {run.own}
    if not ours:
        return {}
    remote = set(tree.changed_paths(root, base, theirs))
    changes: dict[str, str | None] = {}
    for path in sorted(ours):
        found = tree.entry(root, head, path)
        if path not in remote:
            changes[path] = found.sha if found is not None else None
        elif path == TEAM_FILE and found is not None:
            their_file = tree.file_at(root, theirs, path) or b""
            joined = merge_team_files(tree.blob(root, found.sha), their_file, root / path)
            changes[path] = tree.hash_blob(root, joined)
        else:
            raise git.GitError(
                f"{path} changed both here and on {run.target}, and pj joins only journals "
                f"and team.toml; settle it with git (git -C {root} pull), then run 'pj sync'"
            )
    return changes


def _report_teammates(run: _Sync, head: str, theirs: str) -> None:
    """A teammate's journal that arrives having lost or changed records since you last
    had it is said (unless a record of its own says why: an erasure, a migration)."""
    root = run.root
    for path in tree.changed_paths(root, head, theirs):
        if not (path.startswith(f"{JOURNALS}/") and path.endswith(".toml")) or path == run.own:
            continue
        who = run.team.officer_of(root / path)
        try:
            before = tree.file_at(root, head, path)
            after = tree.file_at(root, theirs, path)
        except git.GitError:
            continue  # a link or a folder: never read, and said as skipped after the sync
        if before is None:
            continue
        if after is None:
            run.report.warnings.append(f"{who}'s journal ({path}) was deleted on {run.target}")
            continue
        try:
            changes = journal_changes(before, after, name=path)
        except MergeRefused as exc:
            run.report.warnings.append(f"{who}'s journal does not read: {exc.message}")
            continue
        if changes and not changes.explained:
            run.report.warnings.append(
                f"{who}'s journal ({path}) {changes.words()} since the last sync "
                f"({tree.described(root, theirs)})"
            )


def _push(run: _Sync, commit: str, based_on: str | None) -> str:
    """ "pushed", "up to date" or "rejected" (the remote moved: fetch and join again),
    read from git's --porcelain lines, not from its words: a refused push is tried again
    only if the remote's branch moved from `based_on` meanwhile; otherwise the remote
    declined it (a hook, permissions), and that is an error with its reason."""
    done = git.call(
        run.root, "push", "--porcelain", run.remote, f"{commit}:refs/heads/{run.branch}"
    )
    lines = [line.split("\t") for line in done.text.splitlines() if line.count("\t") >= 2]
    flags = [fields[0] for fields in lines]
    refused = [fields[2] for fields in lines if fields[0] == "!"]
    if refused:
        _fetch(run, committed=1)
        if tree.commit_of(run.root, f"refs/remotes/{run.target}") != based_on:
            return "rejected"  # the remote moved meanwhile: fetch, join and push again
        raise git.GitError(f"git push failed: {run.target} refused it: {refused[0]}")
    if done.returncode != 0:
        raise git.GitError(git.explain("git push", done.errors or done.text))
    return "up to date" if flags and all(flag == "=" for flag in flags) else "pushed"


def _new_records(run: _Sync, before: str | None, after: str) -> int:
    """Records of your journal the remote did not have before this sync."""
    had = _regular_at(run, before) if before else None
    now = _regular_at(run, after) or b""
    return max(0, _count(now) - _count(had or b""))


# ------------------------------------------------------------------- helpers


def _whole(fd: int, path: Path) -> bytes:
    """The journal's bytes, refused if it ends torn or is of an older format."""
    size = os.fstat(fd).st_size
    check_tail(fd, size, path)
    return os.pread(fd, size, 0) if size else b""


def _replace_journal(path: Path, data: bytes) -> None:
    """Your journal replaced whole (the caller holds its lock): atomic, mode 0600."""
    from patrol_journal.journal.files import replace_journal

    replace_journal(path, [data], doing="syncing")


def _head(run: _Sync) -> str:
    head = tree.commit_of(run.root, f"refs/heads/{run.branch}")
    if head is None:
        raise git.GitError(f"{run.root} has no commit on {run.branch}; run 'pj team join' first")
    return head


def _count(data: bytes) -> int:
    """Records in a journal's bytes: its record header lines."""
    return data.count(b"\n[[record]]") + data.startswith(b"[[record]]")


def _message(officer: str, added: int) -> str:
    if added > 0:
        from patrol_journal.vocab import plural

        return f"{officer}: {plural(added, 'record')} (pj sync)"
    return f"{officer}: journal changed (pj sync)"


def _default_remote(remotes: list[str]) -> str:
    if "origin" in remotes:
        return "origin"
    return remotes[0] if remotes else ""


def _refuse_others_changes(root: Path, own: str) -> None:
    """Stop if anything of the team's but the officer's own journal has local changes."""
    status = git.run(root, "status", "--porcelain=v1", "-z", "--", JOURNALS, TEAM_FILE)
    changed = []
    for entry in status.split("\0"):
        path = entry[3:]
        # Side files (a torn tail moved aside, an old format kept) are never committed.
        if len(entry) > 3 and path != own and (path.endswith(".toml") or path == TEAM_FILE):
            changed.append(path)
    if changed:
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        raise JournalError(
            f"{shown} changed in {root}, and pj sync commits only your own journal ({own}); "
            f"undo that change (git -C {root} checkout -- {changed[0]}) or ask its officer"
        )
