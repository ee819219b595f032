"""Front matter: read it safely, keep what the contract allows, complete the rest.

mkdocs pages carry keys for the theme (``hide``, ``search``, ``template``...). The
authoring contract rejects unknown keys, so those are dropped, except where a Sphinx or
MyST key means the same (``description`` -> ``html_meta``, ``search: {exclude: true}`` ->
``nosearch``); every dropped key is reported. ``title``, ``track`` and ``module`` are
always present afterwards, so every migrated page is a valid course page.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from typing import Any

import yaml

from ..model.records import CONTRACT_KEYS

#: Keys that MyST or Sphinx own; the contract allows them.
MYST_KEYS = ("substitutions", "orphan", "nocomments", "nosearch", "tocdepth")
STATUSES = frozenset({"draft", "review", "published", "deprecated", "retired"})
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Directory names that group a track's modules rather than name a track.
_MODULE_DIR = re.compile(r"^(?:chapter|module|unit|part|week|lesson|section|topic)[-_]?\d+$", re.I)
#: ``rri-101-4`` -> track ``rri``, module ``rri-101``.
_NUMBERED_STEM = re.compile(r"^(?P<track>[a-z][a-z0-9]*)-(?P<number>\d+)(?:-|$)")


class PageError(Exception):
    """A page that cannot be read; the message says why, with a line when there is one."""


#: libyaml's parser when PyYAML was built with it (the usual wheels are): the front matter
#: of every page is read, and the pure-Python parser was a tenth of a migration's time.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TolerantLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that reads tags it does not know as plain values.

    mkdocs.yml files name Python objects (``!!python/name:material.extensions.emoji.twemoji``)
    and environment variables (``!ENV``). Those are never constructed here: the value stays
    the tag's text, which is all the migration needs to know.
    """


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        return f"!{suffix}{(' ' + value) if value else ''}".strip()
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


class _PureTolerantLoader(yaml.SafeLoader):
    """The same in pure Python, whose error marks point at the line that is wrong."""


for _loader in (TolerantLoader, _PureTolerantLoader):
    _loader.add_multi_constructor("!", _unknown_tag)
    _loader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


def load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=TolerantLoader)
    except yaml.YAMLError:
        if TolerantLoader.__mro__[1] is yaml.SafeLoader:
            raise
        # libyaml places some errors at the end of the text rather than on the line that
        # opened what was never closed: read it again, slowly, for the author's message.
        return yaml.load(text, Loader=_PureTolerantLoader)


def split_front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """The front matter mapping and how many lines it spans (0 when there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise PageError("front matter opened on line 1 is never closed")
    try:
        data = load_yaml("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PageError(f"front matter is not valid YAML{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PageError("front matter is not a mapping of keys to values")
    return data, end + 1


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "course"


def infer_track_module(path: str, site_name: str | None = None) -> tuple[str, str]:
    """Track and module from a page's path below docs_dir.

    - The track is the nearest folder above the page that is not a chapter-like folder
      (``chapter3``, ``module-2``...); a page at the top takes the site's name.
    - A numbered page (``rri-101-4.md``) belongs to module ``rri-101``; a page in a
      chapter folder to ``<track>-<chapter>``; an ``index.md`` directly in the track
      folder to the track itself; any other page to ``<track>-<stem>``.
    """
    folders = [part for part in posixpath.dirname(path).split("/") if part]
    stem = posixpath.splitext(posixpath.basename(path))[0]
    chapter = None
    track = None
    for folder in reversed(folders):
        if _MODULE_DIR.match(folder) and chapter is None and track is None:
            chapter = folder
            continue
        track = folder
        break
    track = slug(track) if track else slug(site_name or "course")
    numbered = _NUMBERED_STEM.match(stem.lower())
    if numbered:
        module = f"{numbered.group('track')}-{numbered.group('number')}"
    elif chapter:
        module = f"{track}-{slug(chapter)}"
    elif stem.lower() in ("index", "readme"):
        module = track
    else:
        module = f"{track}-{slug(stem)}"
    return track, module


def complete_front_matter(
    data: dict[str, Any],
    *,
    title: str,
    track: str,
    module: str,
    report_note: Any,
    orphan: bool = False,
) -> dict[str, Any]:
    """The front matter to write: contract and MyST keys only, title/track/module set."""
    out: dict[str, Any] = {}
    source = dict(data)
    out["title"] = str(source.pop("title", None) or title)
    source.pop("track", None)
    source.pop("module", None)
    out["track"] = track
    out["module"] = module
    dropped: list[str] = []
    for key in CONTRACT_KEYS[3:]:
        if key not in source:
            continue
        value = source.pop(key)
        if key == "status" and value not in STATUSES:
            dropped.append(f"status: {value}")
            continue
        if key == "stage" and not (isinstance(value, str) and SLUG.match(value)):
            dropped.append(f"stage: {value}")
            continue
        if key in ("authors", "tags", "learning_objectives"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(
                isinstance(v, (str, int, float)) for v in value
            ):
                dropped.append(key)
                continue
            value = [str(v) for v in value]
        if key == "last_reviewed" and not isinstance(value, (datetime.date, str)):
            dropped.append(key)
            continue
        out[key] = value
    # mkdocs keys with a Sphinx/MyST equivalent.
    description = source.pop("description", None)
    myst = dict(source.pop("myst", None) or {})
    meta = dict(myst.get("html_meta") or source.pop("html_meta", None) or {})
    if isinstance(description, str) and description.strip():
        meta.setdefault("description", description.strip())
    # Pages are only text: MyST's page configuration (html_meta among it) is refused in
    # the front matter of a sandboxed project, so it is dropped and noted, not written.
    if isinstance(description, str) and description.strip():
        dropped.append("description")
    elif meta:
        dropped.append("html_meta")
    if myst:
        dropped.append("myst")
    search = source.pop("search", None)
    if isinstance(search, dict) and search.get("exclude"):
        out["nosearch"] = True
    elif search is not None:
        dropped.append("search")
    for key in MYST_KEYS:
        if key in source and key not in out:
            out[key] = source.pop(key)
    if orphan:
        out.setdefault("orphan", True)
    dropped = sorted([*dropped, *(str(key) for key in source)])
    if dropped:
        report_note(
            0, "front matter keys dropped (not in the authoring contract): " + ", ".join(dropped)
        )
    return out


def dump_front_matter(data: dict[str, Any]) -> str:
    text = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000
    )
    return f"---\n{text}---\n"
