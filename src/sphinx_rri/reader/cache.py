"""A cache of each page's records and findings, so that validating a whole project after
one edit reads again only the page that changed.

An entry is keyed by the page's name and the bytes of its file; the whole cache is
keyed by everything else a page's records and findings depend on: the settings read
from ``conf.py``, the MyST extensions, and the code that reads and judges (a hash of
this package's modules and schemas, the Python version and the versions of the parsers
it uses). Change any of them and the cache starts empty. The rules across pages (links,
duplicate ids, reviews) are not cached: they run on every call.

Reading and hashing every file is most of what a run after one edit costs, so each
page's file status is kept too (device, inode, size, modification and change times, in
nanoseconds): a file whose status is the one recorded is taken to hold the bytes hashed
then, without being read. The change time (``st_ctime``) is set by the system on every
write, rename or ``touch``, and cannot be set back from user space, so an edit that keeps
a file's size and puts its modification time back is still seen. A status is recorded
only when both times are older than :data:`RACY_NS` before the run started: a file
written in the same clock tick as it was read (the clock of a file system ticks coarser
than its nanoseconds) is hashed again on every run until it is that old.

A page that may read other files (``include`` and the like) or whose file is refused
(a link out of the source folder, not a regular file) is never cached, so its findings
cannot go stale when a file other than itself changes.

The cache lives outside the project, in the user's cache folder
(``$SPHINX_RRI_CACHE_DIR``, else ``$XDG_CACHE_HOME/sphinx-rri``, else
``~/.cache/sphinx-rri``): a pull request cannot plant an entry in it, and git never sees
it. Deleting the folder is always safe. It is written atomically, and only by its owner.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..contract.config import Settings
from ..model.records import Page

try:  # what hashlib.blake2b is, without hashlib loading OpenSSL's library at start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the built-in module
    from hashlib import blake2b

#: Words that, written as a directive or role, may make a page read another file:
#: ``{include}``, ``.. include::``, ``{literalinclude}``, ``{image}``, ``figure::``,
#: ``{download}`` or ``:download:`` ...
_FILE_DIRECTIVES = (b"include", b"image", b"figure", b"download", b"csv-table", b"raw")
#: Markup that names a file or an address wherever it stands.
_FILE_MARKUP = (b":file:", b":url:", b"![", b"<img")

#: Bumped when the layout of the cache file changes.
FORMAT = 4

#: A file's status is trusted only if it last changed this long before the run started
#: (nanoseconds): more than the coarsest clock of a file system (2 s on FAT).
RACY_NS = 3_000_000_000

#: Packages whose behaviour shapes what the reader records and the checks find.
_PARSERS = (
    "myst_parser",
    "markdown_it",
    "mdit_py_plugins",
    "docutils",
    "yaml",
    "jsonschema",
    "jsonschema_rs",
)


def cache_dir() -> Path:
    explicit = os.environ.get("SPHINX_RRI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sphinx-rri"


@cache
def code_key() -> str:
    """A hash of what reads and judges pages: this package, its schemas, Python, parsers."""
    from importlib.util import find_spec

    from ..contract.schemas import schema_dir

    digest = blake2b(digest_size=16)
    digest.update(sys.version.encode())
    # Where each parser is installed and when its files were written: an upgrade
    # rewrites them. (Asking the package metadata for versions costs ten times more.)
    for name in _PARSERS:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            status = os.stat(origin)
            digest.update(f"{name}={origin}:{status.st_mtime_ns}:{status.st_size}".encode())
        else:
            digest.update(f"{name}=-".encode())
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    files = sorted(
        os.path.join(root, name)
        for root, dirs, names in os.walk(package)
        for name in names
        if name.endswith(".py")
    )
    schemas = str(schema_dir())
    files += sorted(os.path.join(schemas, n) for n in os.listdir(schemas) if n.endswith(".json"))
    # The files' statuses stand for their bytes as a page's does (see the module's
    # notes), when every file last changed well before now; else their bytes are hashed.
    statuses = [(path, file_status(os.stat(path))) for path in files]
    if all(max(s[3], s[4]) < time.time_ns() - RACY_NS for _, s in statuses):
        digest.update(repr(statuses).encode())
        return digest.hexdigest()
    for path in files:
        digest.update(path.encode("utf-8", "surrogateescape"))
        with open(path, "rb") as stream:
            digest.update(stream.read())
    return digest.hexdigest()


def settings_key(
    settings: Settings, myst_extensions: tuple[str, ...], conf: Mapping[str, Any] | None = None
) -> str:
    """Everything but the page that its records and findings depend on. ``conf`` is every
    value the gates read from ``conf.py`` (``extensions`` tells which directives exist)."""
    values = sorted((conf or {}).items())
    text = repr((FORMAT, settings, myst_extensions, values, code_key()))
    return blake2b(text.encode(), digest_size=16).hexdigest()


def content_key(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def cacheable(data: bytes) -> bool:
    """Whether the page's records can depend on nothing but its own bytes.

    A quick search for each word, then a look at what stands around each place it is
    found: prose that says "include" or "image" does not make a page uncacheable."""
    if any(markup in data for markup in _FILE_MARKUP):
        return False
    for word in _FILE_DIRECTIVES:
        start = data.find(word)
        while start != -1:
            end = start + len(word)
            after = data[end : end + 2]
            # ``{word}`` (MyST), ``word::`` (an rST directive), ``:word:`` + backquote
            if after[:1] == b"}" or after in (b"::", b":`"):
                return False
            start = data.find(word, end)
    return True


#: Pages are stored in this many groups, by their name, each pickled on its own: after one
#: edit only the group of the page read again is pickled again, while loading still reads
#: a few large pickles rather than a thousand small ones (which costs more).
BUCKETS = 64


def bucket_of(docname: str) -> int:
    return zlib.crc32(docname.encode("utf-8", "surrogatepass")) % BUCKETS


Entry = tuple[str, str]
"""(docname, content key)"""

Status = tuple[int, int, int, int, int]
"""(device, inode, size, modification time, change time) of a page's file, in ns."""


def file_status(status: os.stat_result) -> Status:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@dataclass
class PageCache:
    """The cached pages of one source folder under one configuration."""

    path: Path
    key: str
    stored: dict[int, bytes] = field(default_factory=dict)
    """Each group of pages as read from the file, still pickled."""
    loaded: dict[int, dict[Entry, Page]] = field(default_factory=dict)
    """The groups unpickled so far: (docname, content key) -> the page, judged."""
    used: dict[int, dict[Entry, Page]] = field(default_factory=dict)
    """What this run looked up or added, by group: what the next run keeps."""
    dirty: set[int] = field(default_factory=set)
    """Groups that gained a page this run."""
    statuses: dict[str, tuple[Status, str]] = field(default_factory=dict)
    """docname -> (its file's status, the content key of its bytes), as read."""
    seen: dict[str, tuple[Status, str]] = field(default_factory=dict)
    """The statuses this run can vouch for: what the next run trusts."""
    started: int = field(default_factory=time.time_ns)
    """When the run started (the wall clock that file times are taken from)."""
    for_checks: bool = False
    """Whether pages are kept as :func:`for_checks` makes them (``validate``'s cache)."""

    @classmethod
    def open(
        cls,
        srcdir: Path,
        settings: Settings,
        myst_extensions: tuple[str, ...],
        folder: Path,
        conf: Mapping[str, Any] | None = None,
        *,
        checks_only: bool = False,
    ) -> PageCache:
        """The cache of ``srcdir``. With ``checks_only`` (``validate``), the pages kept
        hold only what the findings need (:func:`for_checks`), in a file of their own;
        otherwise (``report``, which reads every record) whole pages."""
        name = blake2b(os.fsencode(os.path.realpath(srcdir)), digest_size=12).hexdigest()
        path = folder / f"{'validate' if checks_only else 'report'}-{name}.pickle"
        key = settings_key(settings, myst_extensions, {**(conf or {}), " kept": checks_only})
        found = cls(path=path, key=key, for_checks=checks_only)
        found.stored, found.statuses = _load(path, key)
        return found

    def known_key(self, docname: str, status: Status) -> str | None:
        """The content key of the page's bytes if its file's status is the one recorded
        (then the file need not be read), else None."""
        known = self.statuses.get(docname)
        # The file's entries are checked here, as they are used, rather than all of them
        # as it is read: an entry of any other shape is no match.
        if type(known) is not tuple or len(known) != 2 or type(known[1]) is not str:
            return None
        return known[1] if known[0] == status else None

    def remember(self, docname: str, status: Status, digest: str) -> None:
        """Record that a file of this status holds bytes of this content key, if the
        file last changed well before the run started (see :data:`RACY_NS`)."""
        if max(status[3], status[4]) < self.started - RACY_NS:
            self.seen[docname] = (status, digest)

    def _group(self, bucket: int) -> dict[Entry, Page]:
        group = self.loaded.get(bucket)
        if group is None:
            group = {}
            raw = self.stored.get(bucket)
            if raw is not None:
                try:
                    found = pickle.loads(raw)
                except Exception:
                    found = None
                if isinstance(found, dict):
                    group = {k: v for k, v in found.items() if isinstance(v, Page)}
            self.loaded[bucket] = group
        return group

    def get(self, docname: str, digest: str) -> Page | None:
        """The page stored for these bytes, or None. Many pages are unpickled in a row:
        the caller may turn the collector off around the calls (see :func:`no_gc`)."""
        bucket = bucket_of(docname)
        page = self._group(bucket).get((docname, digest))
        if page is not None:
            self.used.setdefault(bucket, {})[(docname, digest)] = page
        return page

    def put(self, docname: str, digest: str, page: Page) -> None:
        bucket = bucket_of(docname)
        kept = for_checks(page) if self.for_checks else page
        self.used.setdefault(bucket, {})[(docname, digest)] = kept
        self.dirty.add(bucket)

    def save(self) -> None:
        """Write what this run used, if anything differs from what was read: the groups
        that are unchanged keep their bytes, the others are pickled again."""
        unchanged = {
            b
            for b, pages in self.used.items()
            if b not in self.dirty and len(pages) == len(self.loaded.get(b, ()))
        }
        if not self.dirty and unchanged == set(self.stored) and self.seen == self.statuses:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            groups = {
                b: self.stored[b]
                if b in unchanged
                else pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL)
                for b, pages in sorted(self.used.items())
            }
            # A mapping of bytes: pickling it is little more than copying them.
            payload = pickle.dumps(
                {"key": self.key, "groups": groups, "statuses": self.seen},
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            # A new file of the owner's only, as tempfile.mkstemp makes (whose import
            # costs more than this whole write after one edit).
            tmp = self.path.parent / f".tmp-{os.getpid()}-{os.urandom(8).hex()}.pickle"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(tmp, flags, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(payload)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, RecursionError, TypeError):
            # A cache that cannot be written costs speed, never a result.
            return


def for_checks(page: Page) -> Page:
    """A judged page with only what ``validate`` reads of it after the page's own rules
    have run: its findings, and what the rules across pages and the summary line read
    (:func:`sphinx_rri.contract.checks.check_course`: front matter, next steps, task
    references, each task's id, line and file, the included files). The parts, examples
    and boxes of its cards, its placeholders and misplaced directives are left out: they
    are half of what a page's pickle holds, and unpickling them was most of a warm run.
    ``tests/test_cache.py`` checks that the findings of such pages are those of whole ones.
    """
    assert page.findings is not None, "only a judged page can leave its records out"
    return replace(
        page,
        tasks=[replace(task, parts=[]) for task in page.tasks],
        example_sets=[],
        callouts=[],
        misplaced=[],
        orphans=[],
        placeholders=[],
        fence_slips=[],
    )


@contextmanager
def no_gc() -> Iterator[None]:
    """The collector off: unpickling many small objects is twice as fast without it. What
    was made meanwhile is then moved out of the collector's sight (``gc.freeze``), so that
    the next collections do not walk every page just read, only to keep them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _load(path: Path, key: str) -> tuple[dict[int, bytes], dict[str, tuple[Status, str]]]:
    """The groups of pages (still pickled) and the recorded statuses; both empty unless
    the file is trusted and was written under ``key``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}, {}
    try:
        status = os.fstat(fd)
        # Only a regular file of this user's, writable by nobody else, is trusted.
        if not _trusted(status):
            return {}, {}
        with os.fdopen(fd, "rb") as stream:
            fd = -1
            data = stream.read()
    except OSError:
        return {}, {}
    finally:
        if fd != -1:
            os.close(fd)
    try:
        loaded: Any = pickle.loads(data)
    except Exception:
        return {}, {}
    if not isinstance(loaded, dict) or loaded.get("key") != key:
        return {}, {}
    groups, statuses = loaded.get("groups"), loaded.get("statuses")
    if not isinstance(groups, dict) or not isinstance(statuses, dict):
        return {}, {}
    # The statuses' entries are checked where they are used (:meth:`PageCache.known_key`).
    return (
        {k: v for k, v in groups.items() if isinstance(k, int) and isinstance(v, bytes)},
        statuses,
    )


def _trusted(status: os.stat_result) -> bool:
    import stat

    if not stat.S_ISREG(status.st_mode) or status.st_mode & 0o022:
        return False
    return not hasattr(os, "getuid") or status.st_uid == os.getuid()
