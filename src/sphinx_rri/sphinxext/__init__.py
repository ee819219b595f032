"""The Sphinx extension: build hooks, the directives, the ``rri`` domain, the ``rri``
builder and the transforms. The only part of the package that needs Sphinx."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_extension(app: Sphinx) -> None:
    """Register every directive family, the ``rri`` domain and the build hooks."""
    from . import (
        builder,
        compat,
        config,
        domain,
        encoding,
        events,
        files,
        guards,
        metadata,
        raw_html,
        sandbox,
    )
    from .directives import callouts, examples, gap_report, next_steps, task_card

    config.setup_config(app)
    events.setup_build(app)
    files.setup_files(app)
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
    compat.setup_compat(app)
    guards.setup_guards(app)
    _keep_contract_directives(app)


def _keep_contract_directives(app: Sphinx) -> None:
    """Keep the contract's directive names ours after every extension has set up.

    A theme or extension loaded later may register a directive of the same name (the
    Material theme's port, sphinx-immaterial, adds an ``example`` admonition at
    ``config-inited``), and the pages would silently lose their structure. The names are
    set aside before the other ``config-inited`` handlers run, so that those register
    theirs without a warning, and the contract's directives are registered again after
    all of them."""
    from docutils.parsers.rst import directives

    from ..model.records import DIRECTIVES

    registry = directives._directives
    ours = {name: registry[name] for name in DIRECTIVES if name in registry}

    def set_aside(app: Sphinx, config: object) -> None:
        for name, directive in ours.items():
            if registry.get(name) is directive:
                del registry[name]

    def restore(app: Sphinx, config: object) -> None:
        for name, directive in ours.items():
            if registry.get(name) is not directive:
                app.add_directive(name, directive, override=True)

    app.connect("config-inited", set_aside, priority=1)
    app.connect("config-inited", restore, priority=900)
