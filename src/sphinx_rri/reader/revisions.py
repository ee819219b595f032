"""A project as it was at a git revision, read from git's objects without a checkout.

``sphinx-rri diff`` compares two revisions. Checking one out would change the author's
working tree (and fail on uncommitted changes), so the files of the source folder at
that revision are read from the repository's objects (``git ls-tree`` and
``git cat-file --batch``, the plumbing behind ``git show REV:PATH``) and written into a
temporary folder, which is read like any project. Symbolic links and submodules are not
written: a page is only text, and a link stored in a commit could point anywhere.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from .project import ProjectError

#: Regular files, executable or not; links (120000) and submodules (160000) are skipped.
FILE_MODES = ("100644", "100755")


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=data,
            capture_output=True,
            check=False,
            timeout=300,
        )
    except FileNotFoundError:
        raise ProjectError("git is not installed, so revisions cannot be read") from None
    except subprocess.TimeoutExpired:
        raise ProjectError(f"git {args[0]} did not finish in 300 seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProjectError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def repository_root(path: Path) -> Path | None:
    """The top of the git working tree that holds ``path``, or None outside one."""
    folder = path if path.is_dir() else path.parent
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except ProjectError:
        return None
    return Path(top.decode("utf-8", "surrogateescape").strip())


def is_revision(repo: Path, name: str) -> bool:
    if name.startswith("-"):
        return False
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    except ProjectError:
        return False
    return True


def export_revision(repo: Path, revision: str, folder: str, dest: Path) -> Path:
    """Write the files under ``folder`` (relative to ``repo``) at ``revision`` into
    ``dest``; return the folder's copy (``dest / folder``)."""
    if not is_revision(repo, revision):
        raise ProjectError(f"{revision}: not a revision of the repository at {repo}")
    prefix = PurePosixPath(folder).as_posix()
    spec = [] if prefix in ("", ".") else ["--", prefix + "/"]
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", revision, *spec)
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        if kind == "blob" and mode in FILE_MODES:
            wanted.append((sha, raw_path.decode("utf-8", "surrogateescape")))
    root = dest.resolve()
    contents = _git(repo, "cat-file", "--batch", data="".join(f"{s}\n" for s, _ in wanted).encode())
    offset = 0
    for sha, relpath in wanted:
        end = contents.index(b"\n", offset)
        header = contents[offset:end].split()
        if len(header) != 3 or header[0].decode() != sha:
            raise ProjectError(f"git cat-file: unexpected answer for {relpath}")
        size = int(header[2])
        body = contents[end + 1 : end + 1 + size]
        offset = end + 1 + size + 1
        target = (root / relpath).resolve()
        if root not in target.parents:
            continue  # git does not store such paths; never write outside dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    copy = root / prefix if prefix not in ("", ".") else root
    copy.mkdir(parents=True, exist_ok=True)
    return copy
