"""``rri.json`` (written by every HTML build, and alone by ``-b rri``) and static files."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from .build import RRIEnvData, diagnostics_for
from .config import settings_from_sphinx
from .export import course_data, dumps

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
RRI_JSON = "rri.json"


def write_rri_json(env: BuildEnvironment, outdir: Path) -> Path:
    data = course_data(
        RRIEnvData(env).course(), settings_from_sphinx(env.config), diagnostics_for(env)
    )
    target = Path(outdir) / RRI_JSON
    text = dumps(data)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
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


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("sphinx-rri.css")


def _write_json(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and app.builder.format == "html":
        write_rri_json(app.env, app.outdir)


def setup_builders(app: Sphinx) -> None:
    app.add_builder(RRIJsonBuilder)
    app.connect("builder-inited", _add_static)
    app.connect("build-finished", _write_json)
    locale = Path(__file__).parent / "locale"
    app.add_message_catalog("sphinx_rri", str(locale))
