"""The JSON schemas in ``schemas/``, loaded with the project's configuration filled in.

The schemas are the single statement of what a front matter block, a task card, an
example, a next-steps block and a box must contain. They ship inside the wheel
(``sphinx_rri/schemas``) and are read with :mod:`importlib.resources`; from a source
checkout they are read from the repository's ``schemas/`` folder.

Configured values reach a schema through the ``$defs`` marked ``x-configured-by``, so
the files are never copied: :func:`load_schema` fills in the stages, the domains and the
extra front matter keys. Each subschema may carry ``x-messages`` (an author-facing
message per JSON Schema keyword, or ``*`` for any) and ``x-subtype`` (the warning
subtype when it is not the record's own).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_NAMES = ("frontmatter", "task", "example", "next-steps", "callout", "rri")

#: Front matter keys owned by MyST or Sphinx, allowed on every page.
TOOL_KEYS = ("myst", "html_meta", "substitutions", "orphan", "nocomments", "nosearch", "tocdepth")


def schema_dir() -> Path:
    # Next to the package's modules, as an install leaves them (importlib.resources says
    # the same, at the cost of importing it); else the repository's folder, from a source
    # checkout; else the package may live in an archive, which importlib.resources reads.
    beside = Path(__file__).parent.parent / "schemas"
    if beside.is_dir():
        return beside
    checkout = Path(__file__).resolve().parents[3] / "schemas"
    if checkout.is_dir():
        return checkout
    from importlib import resources

    packaged = resources.files("sphinx_rri") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    return checkout


@cache
def raw_schema(name: str) -> dict[str, Any]:
    """The schema file ``schemas/<name>.schema.json`` as written."""
    path = schema_dir() / f"{name}.schema.json"
    with path.open(encoding="utf-8") as handle:
        result: dict[str, Any] = json.load(handle)
    return result


def load_schema(
    name: str,
    *,
    stages: tuple[str, ...] = (),
    domains: tuple[str, ...] = (),
    extra_keys: tuple[str, ...] = (),
    tracks: tuple[str, ...] = (),
    modules: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The schema with the configuration filled into its configurable ``$defs``.

    Tracks and modules are allow-lists only when configured: with none, any slug does."""
    import copy

    schema = copy.deepcopy(raw_schema(name))
    defs = schema.get("$defs", {})
    if "stage" in defs:
        defs["stage"]["enum"] = list(stages)
    if "domain" in defs:
        defs["domain"]["enum"] = list(domains)
    if "track" in defs and tracks:
        defs["track"]["enum"] = list(tracks)
    if "module" in defs and modules:
        defs["module"]["enum"] = list(modules)
    if name == "frontmatter":
        for key in extra_keys:
            schema["properties"].setdefault(key, {"description": "Allowed by the project."})
    return schema


#: Keywords that only describe: the sibling of a ``$ref`` may override them.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` with each local ``$ref`` replaced by what it points to.

    Following a ``$ref`` is most of what jsonschema spends on a small instance, and
    these schemas hold thousands of instances per course. A ``$ref`` whose siblings
    would clash with its target's keywords is left as it is; no schema here has one.
    (Recursive references are not written in these schemas, and are left alone too.)
    """

    def resolve(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        resolved = {key: resolve(value, seen) for key, value in node.items() if key != "$ref"}
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            return node if ref is not None else resolved
        target = resolve(_resolve_local(schema, ref), (*seen, ref))
        if not isinstance(target, dict) or any(
            key in target and key not in _ANNOTATIONS and not key.startswith("x-")
            for key in resolved
        ):
            return {**resolved, "$ref": ref}
        return {**target, **resolved}

    result: dict[str, Any] = resolve(schema, ())
    return result


def known_frontmatter_keys(extra_keys: tuple[str, ...] = ()) -> list[str]:
    return sorted({*raw_schema("frontmatter")["properties"], *extra_keys})


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The choice closest to ``word`` (compared in lower case), or None when none is
    close enough to be the one meant."""
    if word in choices or len(word) > 200:
        return None
    lowered = {choice.lower(): choice for choice in choices}
    import difflib

    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A " (did you mean 'x'?)" hint, or an empty string when nothing is close."""
    found = closest(word, choices)
    return f" (did you mean '{found}'?)" if found is not None else ""


def walk_schema_path(root: dict[str, Any], path: Iterator[Any]) -> list[dict[str, Any]]:
    """The subschemas met along a jsonschema error's ``absolute_schema_path``."""
    met = [root]
    node: Any = root
    for step in path:
        if isinstance(node, dict) and step == "$ref":
            node = _resolve_local(root, node["$ref"])
        elif isinstance(node, (dict, list)):
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            break
        if isinstance(node, dict):
            if "$ref" in node and step != "$ref":
                met.append(node)
                node = {**_resolve_local(root, node["$ref"]), **node}
            met.append(node)
    return met


def _resolve_local(root: dict[str, Any], ref: str) -> Any:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node
