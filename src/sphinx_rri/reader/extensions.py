"""The directive and role names a project's other extensions define, learnt without a build.

``validate`` knows the names of docutils, Sphinx, MyST, sphinx-tabs and sphinx-rri
(:mod:`sphinx_rri.contract.names`). For every other extension listed in ``extensions``,
it imports the installed package (installed packages are trusted; pages and the
repository are not) and runs its ``setup(app)`` against a recorder that stands in for
Sphinx's application: every name given to ``add_directive``, ``add_role``,
``add_generic_role``, ``add_directive_to_domain``, ``add_role_to_domain``,
``add_object_type``, ``add_crossref_type``, ``add_autodocumenter`` or ``add_domain``, and
every name registered straight into docutils, is a name the build will know.

An extension is *unread* when it is not installed, lies inside the project's own
folder (code of the repository is never imported), or its ``setup`` fails on the
recorder. Then ``validate`` cannot tell which names it adds, and reports only unknown
names that are close to one of the contract's own (see ``docs/cli.md``).

An extension's ``setup`` may change more than the application it is given: it can patch
Sphinx or docutils for the whole process (sphinx-immaterial replaces parts of the search
builder). So the setups run in a Python process of their own, started from an empty
folder with the caller's path, never in the caller's (a language server lives long, and
``validate`` may be imported by other tools). The names it learns are kept in the user's
cache folder (:func:`sphinx_rri.reader.cache.cache_dir`), keyed by the extensions, the
project folder, the Python and a stamp of what is installed (each entry of the path and
each extension's top-level module, with the time it was last changed): a warm run reads
one small file and starts no process.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..contract.names import CORE_EXTENSIONS, DEFAULT_NAMES, KnownNames

#: Domains whose directives and roles may be written without their prefix (the default
#: domain, Python, and the standard domain).
BARE_DOMAINS = ("py", "std")


class _Anything:
    """Whatever an extension asks of the application beyond registering names."""

    def __call__(self, *args: Any, **kwargs: Any) -> _Anything:
        return self

    def __getattr__(self, name: str) -> _Anything:
        return self

    def __iter__(self) -> Any:
        return iter(())

    def __bool__(self) -> bool:
        return False


class NameRecorder:
    """Stands in for ``sphinx.application.Sphinx`` while an extension's ``setup`` runs."""

    def __init__(self, project_folder: Path) -> None:
        self.directives: set[str] = set()
        self.roles: set[str] = set()
        self.unread: list[str] = []
        self.project_folder = project_folder
        self._loaded: set[str] = set()
        self._current = ""
        self._on_config: list[tuple[str, Any]] = []

    # -- what extensions call --
    def add_directive(self, name: str, *args: Any, **kwargs: Any) -> None:
        self._add(self.directives, name)

    def add_role(self, name: str, *args: Any, **kwargs: Any) -> None:
        self._add(self.roles, name)

    add_generic_role = add_role

    def add_directive_to_domain(self, domain: str, name: str, *args: Any, **kwargs: Any) -> None:
        self._add_domain_name(self.directives, domain, name)

    def add_role_to_domain(self, domain: str, name: str, *args: Any, **kwargs: Any) -> None:
        self._add_domain_name(self.roles, domain, name)

    def add_object_type(self, directivename: str, rolename: str, *args: Any, **kwargs: Any) -> None:
        self._add_domain_name(self.directives, "std", directivename)
        self._add_domain_name(self.roles, "std", rolename)

    add_crossref_type = add_object_type

    def add_autodocumenter(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        self._add(self.directives, "auto" + str(getattr(cls, "objtype", "")))

    def add_domain(self, domain: Any, *args: Any, **kwargs: Any) -> None:
        prefix = str(getattr(domain, "name", ""))
        for name in getattr(domain, "directives", {}) or {}:
            self._add_domain_name(self.directives, prefix, name)
        for name in getattr(domain, "roles", {}) or {}:
            self._add_domain_name(self.roles, prefix, name)

    def setup_extension(self, extname: str) -> None:
        self.load(extname)

    def connect(self, event: str, callback: Any, *args: Any, **kwargs: Any) -> int:
        """Extensions that register their names once the configuration is read (Sphinx
        9's autodoc registers ``automodule`` and the rest on ``config-inited``) are
        called back by :meth:`configured`."""
        if event == "config-inited" and callable(callback):
            self._on_config.append((self._current, callback))
        return 0

    def configured(self) -> None:
        """Call the ``config-inited`` callbacks, with a stand-in configuration. Most
        such callbacks check or change configuration values rather than register names,
        and need the real values: one that fails is passed over (the names its setup
        registered still count)."""
        for _extname, callback in self._on_config:
            try:
                callback(self, _Anything())
            except Exception:
                continue

    def __getattr__(self, name: str) -> _Anything:
        return _Anything()

    # -- the recorder itself --
    def _add(self, into: set[str], name: object) -> None:
        if isinstance(name, str):
            into.add(name.lower())

    def _add_domain_name(self, into: set[str], domain: object, name: object) -> None:
        if isinstance(domain, str) and isinstance(name, str):
            into.add(f"{domain}:{name}".lower())
            if domain in BARE_DOMAINS:
                into.add(name.lower())

    def load(self, extname: str) -> None:
        """Run one extension's ``setup`` against this recorder."""
        if extname in self._loaded or extname in CORE_EXTENSIONS:
            return
        self._loaded.add(extname)
        if not self._top_level_outside_project(extname):
            self.unread.append(extname)
            return
        try:
            spec = importlib.util.find_spec(extname)
        except (ImportError, ValueError, AttributeError):
            spec = None
        origin = getattr(spec, "origin", None)
        if spec is None or not origin or self._in_project(Path(origin)):
            self.unread.append(extname)
            return
        from docutils.parsers.rst import directives, roles

        registries = (directives._directives, roles._roles)
        before = [dict(registry) for registry in registries]
        outer, self._current = self._current, extname
        try:
            module = importlib.import_module(extname)
            setup = getattr(module, "setup", None)
            if callable(setup):
                setup(self)
        except Exception:  # an extension that needs the real application: unread
            self.unread.append(extname)
            return
        finally:
            self._current = outer
            # Names registered straight into docutils count; the registration itself is
            # undone, so that reading the names changes nothing else in this process.
            added = [
                set(registry) - set(old) for registry, old in zip(registries, before, strict=True)
            ]
            for registry, old in zip(registries, before, strict=True):
                registry.clear()
                registry.update(old)
        self.directives |= added[0]
        self.roles |= added[1]

    def _top_level_outside_project(self, extname: str) -> bool:
        """Whether the top-level package of ``extname`` is found outside the project,
        asked without importing anything: ``find_spec("a.b")`` would import ``a``, and
        a package ``a`` of the repository's own (on the path when validate runs from the
        repository's folder) would run."""
        from importlib.machinery import PathFinder

        top = extname.partition(".")[0]
        if not top.isidentifier():
            return False
        if top in sys.modules or top in sys.builtin_module_names:
            module = sys.modules.get(top)
            origin = getattr(module, "__file__", None)
            return origin is None or not self._in_project(Path(origin))
        try:
            spec = PathFinder.find_spec(top)
        except (ImportError, ValueError, OSError):
            return False
        if spec is None:
            return False
        places = [spec.origin] if spec.origin else []
        places += list(spec.submodule_search_locations or [])
        return bool(places) and not any(self._in_project(Path(p)) for p in places)

    def _in_project(self, path: Path) -> bool:
        """Whether the module is the repository's own code (an installed package may
        live in a virtual environment inside the repository, under site-packages)."""
        try:
            real = Path(os.path.realpath(path))
            inside = real.is_relative_to(Path(os.path.realpath(self.project_folder)))
        except (OSError, ValueError):
            return True
        return inside and not ({"site-packages", "dist-packages"} & set(real.parts))


def project_folder(confdir: Path) -> Path:
    """The repository holding the project (the nearest folder with ``.git``), or the
    project's folder when there is none: nothing under it is ever imported."""
    for folder in [confdir, *confdir.parents]:
        if (folder / ".git").exists():
            return folder
    return confdir


#: Bumped when what the learning process answers changes shape.
_FORMAT = 2
#: How long the learning process may take before its extensions count as unread.
LEARN_TIMEOUT = 120.0


def learn_here(listed: list[str], folder: Path) -> dict[str, list[str]]:
    """Run the setups of ``listed`` in this process (the learning process's part)."""
    recorder = NameRecorder(folder)
    for extname in listed:
        recorder.load(extname)
    recorder.configured()
    return {
        "directives": sorted(recorder.directives),
        "roles": sorted(recorder.roles),
        "unread": list(recorder.unread),
    }


def _child_main(request: Mapping[str, Any]) -> None:
    """The learning process: the request read from stdin, the names as JSON on stdout
    (what the setups print goes to stderr)."""
    answer = sys.stdout
    sys.stdout = sys.stderr
    result = learn_here(list(request["extensions"]), Path(request["folder"]))
    answer.write(json.dumps(result))
    answer.flush()


def _path_for_child() -> list[str]:
    """The caller's path for the learning process, with this package's own location
    first (so that it imports this sphinx_rri, not one of the repository) and without
    the working folder (``python -m`` puts it first; it is often the repository)."""
    here = str(Path(__file__).resolve().parents[2])
    try:
        working = os.getcwd()
    except OSError:
        working = ""
    skip = {"", ".", here, working}
    return [here, *(p for p in sys.path if p not in skip)]


def _stamp(listed: list[str], folder: Path, path: list[str]) -> str:
    """What the names learnt depend on: the extensions, the project folder, this
    package, the Python, and when each path entry and each extension's top-level module
    last changed (an install, an upgrade or a removal changes them)."""
    from importlib.machinery import PathFinder

    parts: list[object] = [_FORMAT, listed, str(folder), sys.executable, sys.version]
    for entry in [__file__, *path]:
        try:
            status = os.stat(entry)
            parts.append((entry, status.st_mtime_ns, status.st_size))
        except OSError:
            parts.append((entry, None))
    for top in sorted({e.partition(".")[0] for e in listed}):
        try:
            spec = PathFinder.find_spec(top, path) if top.isidentifier() else None
        except (ImportError, ValueError, OSError):
            spec = None
        origin = getattr(spec, "origin", None)
        try:
            changed = os.stat(origin).st_mtime_ns if origin else None
        except OSError:
            changed = None
        parts.append((top, origin, changed))
    from .cache import blake2b

    return blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _valid(loaded: object) -> dict[str, list[str]] | None:
    if not isinstance(loaded, dict):
        return None
    found: dict[str, list[str]] = {}
    for key in ("directives", "roles", "unread"):
        value = loaded.get(key)
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            return None
        found[key] = value
    return found


_LEARNT: dict[str, dict[str, list[str]]] = {}


def learn_names(listed: list[str], folder: Path) -> dict[str, list[str]]:
    """The names the setups of ``listed`` register, learnt in a process of its own, or
    read from the cache when nothing they depend on has changed since."""
    from .cache import _trusted, cache_dir

    path = _path_for_child()
    key = _stamp(listed, folder, path)
    if key in _LEARNT:
        return _LEARNT[key]
    store = cache_dir() / "extension-names" / f"{key}.json"
    try:
        fd = os.open(store, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as stream:
            cached = _valid(json.loads(stream.read())) if _trusted(os.fstat(fd)) else None
    except (OSError, ValueError):
        cached = None
    if cached is not None:
        _LEARNT[key] = cached
        return cached
    learnt = _learn_elsewhere(listed, folder, path)
    if learnt is None:
        return {"directives": [], "roles": [], "unread": list(listed)}
    _LEARNT[key] = learnt
    try:
        store.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=store.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(learnt, out)
            os.replace(tmp, store)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a cache that cannot be written costs speed, never a result
    return learnt


_BOOTSTRAP = (
    "import json, sys\n"
    "request = json.loads(sys.stdin.read())\n"
    "sys.path[:] = request['path']\n"
    "from sphinx_rri.reader.extensions import _child_main\n"
    "_child_main(request)\n"
)


def _learn_elsewhere(
    listed: list[str], folder: Path, path: list[str]
) -> dict[str, list[str]] | None:
    import subprocess
    import tempfile

    request = json.dumps({"path": path, "extensions": listed, "folder": str(folder)})
    with tempfile.TemporaryDirectory(prefix="sphinx-rri-names-") as empty:
        try:
            done = subprocess.run(
                [sys.executable, "-c", _BOOTSTRAP],
                input=request,
                cwd=empty,
                capture_output=True,
                text=True,
                timeout=LEARN_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
    if done.returncode != 0:
        return None
    try:
        return _valid(json.loads(done.stdout))
    except ValueError:
        return None


def known_names(
    extensions: Iterable[object], confdir: Path, config: Mapping[str, Any]
) -> KnownNames:
    """The names a build of this project knows, as far as they can be learnt."""
    listed = [e for e in extensions if isinstance(e, str)]
    if all(e in CORE_EXTENSIONS for e in listed):
        return DEFAULT_NAMES
    learnt = learn_names([e for e in listed if e not in CORE_EXTENSIONS], project_folder(confdir))
    recorder = NameRecorder(project_folder(confdir))
    recorder.directives = set(learnt["directives"])
    recorder.roles = set(learnt["roles"])
    recorder.unread = list(learnt["unread"])
    roles = set(recorder.roles)
    prefixes: tuple[str, ...] = ()
    if "sphinx.ext.extlinks" in listed:
        # Its roles are the keys of ``extlinks``, which the static reading of conf.py
        # does not take (it may be computed): the names cannot be told.
        links = config.get("extlinks")
        if isinstance(links, dict):
            roles |= {str(name).lower() for name in links}
        else:
            recorder.unread.append("sphinx.ext.extlinks")
    if "sphinx.ext.intersphinx" in listed:
        prefixes = ("external:", "external+")
        roles.add("external")
    names = DEFAULT_NAMES.with_names(recorder.directives, roles, complete=not recorder.unread)
    return KnownNames(
        names.directives, names.roles, prefixes, names.complete, tuple(recorder.unread)
    )
