"""sphinx-rri: course directives, schema validation and gap reports for RRI course material."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Bumped whenever the shape of what the extension keeps on the build environment changes,
#: so that Sphinx discards a pickled environment written by an older version.
ENV_VERSION = 1

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every directive family, the ``rri`` domain and the build hooks."""
    from . import build as build_hooks
    from . import (
        builders,
        callouts,
        config,
        domain,
        encoding,
        examples,
        gap_report,
        next_steps,
        raw_html,
        task_card,
    )

    config.setup_config(app)
    build_hooks.setup_build(app)
    encoding.setup_encoding(app)
    domain.setup_domain(app)
    task_card.setup_task_card(app)
    examples.setup_examples(app)
    next_steps.setup_next_steps(app)
    callouts.setup_callouts(app)
    gap_report.setup_gap_report(app)
    raw_html.setup_raw_html(app)
    builders.setup_builders(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
