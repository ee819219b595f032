"""``rri.json`` (written by every HTML build, and alone by ``-b rri``) and static files."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from ..contract.catalogs import DOMAIN, LOCALE_DIR
from ..outputs.rri_json import course_data, dumps
from .config import settings_from_sphinx
from .events import RRIEnvData, diagnostics_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
RRI_JSON = "rri.json"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all, and never through a link.

    The bytes go to a new temporary file beside the target, which then replaces it
    (:func:`os.replace` replaces a symbolic link itself, not the file it points to). A
    link already in the output folder is never followed, and a failure leaves the old
    file as it was.
    """
    folder = target.parent
    if folder.is_symlink():
        raise OSError(f"{folder}: the output folder holds a symbolic link here; not written")
    if not target.is_symlink() and target.is_file() and target.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _json_bytes(data: dict[str, object]) -> bytes:
    text = dumps(data)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from a file name, say) has no UTF-8 form: escape it in JSON.
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n").encode()


def write_rri_json(env: BuildEnvironment, outdir: Path) -> Path:
    data = course_data(
        RRIEnvData(env).course(), settings_from_sphinx(env.config), diagnostics_for(env)
    )
    target = Path(outdir) / RRI_JSON
    write_atomic(target, _json_bytes(data))
    return target


class RRIJsonBuilder(Builder):
    """``sphinx-build -b rri``: read the project and write only ``rri.json``."""

    name = "rri"
    format = "json"
    epilog = "The course model is in %(outdir)s/rri.json."
    allow_parallel = True

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> Iterable[str]:
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: AbstractSet[str]) -> None:
        pass

    def finish(self) -> None:
        write_rri_json(self.env, self.outdir)


def _is_web_build(app: Sphinx) -> bool:
    """HTML for a browser: the html family, not epub (an e-book is packed from its
    output folder, where a stray rri.json would be an unknown file)."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def _add_static(app: Sphinx) -> None:
    # Copied straight into the output rather than added to html_static_path, so that
    # the configuration Sphinx compares between builds stays as the author wrote it.
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        if static.is_symlink():
            static.unlink()  # a link planted in the output: never write through it
        static.mkdir(parents=True, exist_ok=True)
        write_atomic(static / "sphinx-rri.css", (STATIC / "sphinx-rri.css").read_bytes())
        app.add_css_file("sphinx-rri.css")


def _tabs_static() -> str:
    import sphinx_tabs

    return (Path(sphinx_tabs.__file__).parent / "static").as_posix()


def _pin_tabs_static(app: Sphinx, config: Config) -> None:
    """Put sphinx-tabs' static folder in html_static_path before Sphinx compares it.

    sphinx-tabs adds the folder when the builder starts, after Sphinx has compared the
    configuration with the last build's, so every incremental build would report "the
    configuration has changed". Adding it here, and dropping the second copy once
    sphinx-tabs has added it (:func:`_drop_duplicate_static`), keeps both sides equal.
    """
    if _tabs_static() not in config.html_static_path:
        config.html_static_path.insert(0, _tabs_static())


def _drop_duplicate_static(app: Sphinx) -> None:
    seen: list[str] = []
    for entry in app.config.html_static_path:
        if str(entry) not in map(str, seen):
            seen.append(entry)
    app.config.html_static_path[:] = seen


def _write_json(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and _is_web_build(app):
        write_rri_json(app.env, app.outdir)


def setup_builders(app: Sphinx) -> None:
    app.add_builder(RRIJsonBuilder)
    app.connect("builder-inited", _add_static)
    app.connect("config-inited", _pin_tabs_static)
    app.connect("builder-inited", _drop_duplicate_static, priority=900)
    app.connect("build-finished", _write_json)
    # The package's own catalogs (text domain sphinx_rri), compiled beside their .po
    # files: see sphinx_rri.contract.catalogs. Sphinx keeps one translator per catalog
    # for the whole process and merges later languages into it as fallbacks, so a second
    # build in the same process (tests, a language server, sphinx-autobuild) in another
    # language would keep the first one's texts: start from none.
    from sphinx import locale

    locale.translators.pop(("general", DOMAIN), None)
    app.add_message_catalog(DOMAIN, str(LOCALE_DIR))
