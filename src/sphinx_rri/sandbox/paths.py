"""Does a file a page names stay inside the source folder, once links are followed?

``include``, ``literalinclude``, ``raw``/``csv-table`` ``:file:``, images, figures and
downloads all name a file. Whatever the syntax, the answer comes from the real path
(:func:`os.path.realpath`, which follows every symbolic link, including those of the
folders on the way): it must lie inside the real source folder, and be a regular file
(not a device, a pipe or a folder). Not judged here: whether the file exists; a
missing file is the build's ordinary error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def resolve_target(target: str, base_dir: Path, srcdir: Path, *, rooted: bool = True) -> Path:
    """Where ``target`` points. With ``rooted`` (Sphinx's rule for include, literalinclude,
    images and downloads) a leading ``/`` means the source folder; without it (docutils'
    ``:file:`` options) it is an absolute path."""
    if target.startswith(("/", os.sep)) and rooted:
        return srcdir / target.lstrip("/" + os.sep)
    return base_dir / target


def path_problem(target: str, base_dir: Path, srcdir: Path, *, rooted: bool = True) -> str | None:
    """Why the file ``target`` (as a page wrote it) must not be read, or None."""
    if "\x00" in target:
        return f"{target!r} is not a file name; not read"
    path = resolve_target(target, base_dir, srcdir, rooted=rooted)
    try:
        real = os.path.realpath(path)
        root = os.path.join(os.path.realpath(srcdir), "")
    except (OSError, ValueError, RuntimeError):
        return f"{target!r} cannot be resolved; not read"
    if not real.startswith(root):
        return f"{target!r} is outside the source folder (after links); not read"
    try:
        status = os.stat(real)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return f"{target!r} cannot be read; not read"
    if not stat.S_ISREG(status.st_mode):
        return f"{target!r} is not a regular file; not read"
    return None
