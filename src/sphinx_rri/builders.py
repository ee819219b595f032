"""Static files for HTML builders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("sphinx-rri.css")


def setup_builders(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static)
    locale = Path(__file__).parent / "locale"
    app.add_message_catalog("sphinx_rri", str(locale))
