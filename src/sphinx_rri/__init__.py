"""sphinx-rri: course directives, schema validation and gap reports for RRI course material."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: Bumped whenever the shape of what the extension keeps on the build environment changes,
#: so that Sphinx discards a pickled environment written by an older version.
ENV_VERSION = 1

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """The Sphinx entry point (``extensions = ["sphinx_rri"]``)."""
    from .sphinxext import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
