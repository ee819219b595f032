"""What differs between the Sphinx versions the extension supports (8 and 9), in one
place: the builder a transform runs for.

Sphinx 9 keeps the builder's class on the environment (``env._builder_cls``) and
deprecates reaching the application from a transform; Sphinx 8 has neither attribute
but gives ``env.app``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def builder_class(env: BuildEnvironment) -> Any:
    """The class of the builder this build runs (its ``name``, ``format`` and
    ``supported_remote_images`` are class attributes)."""
    cls = getattr(env, "_builder_cls", None)
    if cls is not None:
        return cls
    return type(env.app.builder)
