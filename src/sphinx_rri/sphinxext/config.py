"""The ``rri_*`` values registered with Sphinx, checked at ``config-inited``, and read
back as the plain :class:`~sphinx_rri.contract.config.Settings` the checks use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..contract.config import OPTIONS, OPTIONS_BY_NAME, Settings, named_config_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: Settings already made, by the text of the values they were made from (a build asks
#: for them thousands of times; a value changed in place changes its text).
_SETTINGS_MADE: dict[str, Settings] = {}


def settings_from_sphinx(config: Config) -> Settings:
    values = {option.name: config[option.name] for option in OPTIONS}
    values["source_suffix"] = config.source_suffix
    values["exclude_patterns"] = config.exclude_patterns
    values["myst_url_schemes"] = getattr(config, "myst_url_schemes", None)
    key = repr(values)
    settings = _SETTINGS_MADE.get(key)
    if settings is None:
        if len(_SETTINGS_MADE) >= 64:
            _SETTINGS_MADE.clear()
        settings = _SETTINGS_MADE[key] = Settings.from_values(values)
    return settings


def _check_config(app: Sphinx, config: Config) -> None:
    """Warn about each unacceptable ``rri_*`` value and use its default instead.

    This is what Sphinx does for a value of the wrong type: the message names the value
    and the problem, ``-W`` turns it into a failure, and no traceback is shown.
    """
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    values = {option.name: config[option.name] for option in OPTIONS}
    for name, problem in named_config_problems(values):
        default = OPTIONS_BY_NAME[name].default
        logger.warning("%s; using the default, %r", problem, default, type="rri", subtype="config")
        config[name] = default
    _enable_myst_extensions(config)


def _enable_myst_extensions(config: Config) -> None:
    """Turn on MyST's colon fences, which the course pages use, if the project did not."""
    try:
        enabled = config["myst_enable_extensions"]
    except (AttributeError, KeyError):
        return
    if "colon_fence" not in enabled:
        if isinstance(enabled, set):
            enabled.add("colon_fence")
        else:
            config["myst_enable_extensions"] = [*enabled, "colon_fence"]


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(
            option.name, option.default, "env", types=option.types, description=option.help
        )
    # myst_parser must be set up before config-inited so that its config values exist.
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_tabs.tabs")
    app.connect("config-inited", _check_config, priority=400)
