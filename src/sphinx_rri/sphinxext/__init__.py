"""The Sphinx extension: build hooks, the directives, the ``rri`` domain, the ``rri``
builder and the transforms. The only part of the package that needs Sphinx."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_extension(app: Sphinx) -> None:
    """Register every directive family, the ``rri`` domain and the build hooks."""
    from . import builder, config, domain, encoding, events, metadata, raw_html, sandbox
    from .directives import callouts, examples, gap_report, next_steps, task_card

    config.setup_config(app)
    events.setup_build(app)
    encoding.setup_encoding(app)
    domain.setup_domain(app)
    task_card.setup_task_card(app)
    examples.setup_examples(app)
    next_steps.setup_next_steps(app)
    callouts.setup_callouts(app)
    gap_report.setup_gap_report(app)
    metadata.setup_metadata(app)
    raw_html.setup_raw_html(app)
    sandbox.setup_sandbox(app)
    builder.setup_builders(app)
