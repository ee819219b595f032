"""Front matter, read safely and with the line of every key.

Both gates read front matter with :func:`read_frontmatter`, the build from the source
text Sphinx hands to ``source-read``, the CLI from the file, so an error in
``module:`` is reported at the same line by both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Subtype

_FIELD = re.compile(r":([A-Za-z_][\w-]*):(?:\s+(.*))?$")


@dataclass
class FrontMatter:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    start_line: int = 1
    end_line: int = 0
    """Last line of the block (its closing ``---``); 0 when there is none."""
    present: bool = False
    problems: list[tuple[int, Subtype, str]] = field(default_factory=list)
    kind: str = "yaml"
    """``yaml`` for a ``---`` block, ``fields`` for an rST field list."""


class _LimitedLoader(yaml.SafeLoader):
    """A safe loader that counts aliases, so an alias bomb stops early."""

    max_aliases = 50

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > self.max_aliases:
                event = self.peek_event()
                raise _AliasLimit(event.start_mark.line)
        return super().compose_node(parent, index)


def _lenient_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date-shaped value that is not a real date stays a string, for the schema to judge."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


class _AliasLimit(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _split_yaml_block(lines: list[str]) -> tuple[int, int] | None:
    """Index of the opening and closing ``---`` of a leading YAML block, or None."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return 0, index
    return 0, -1


def read_frontmatter(
    text: str,
    *,
    allow_fields: bool = False,
    max_bytes: int = 65536,
    max_aliases: int = 50,
) -> FrontMatter:
    """Read the front matter at the top of ``text``.

    A YAML block between ``---`` lines is read in Markdown and reStructuredText; with
    ``allow_fields`` a leading rST field list (``:title: ...``) is read too, each value
    parsed as a YAML scalar or flow collection so that lists and dates keep their type.
    """
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    block = _split_yaml_block(lines)
    if block is not None:
        return _read_yaml(lines, block[1], max_bytes, max_aliases)
    if allow_fields:
        return _read_fields(lines, max_bytes, max_aliases)
    return FrontMatter()


def _read_yaml(lines: list[str], close: int, max_bytes: int, max_aliases: int) -> FrontMatter:
    fm = FrontMatter(present=True, start_line=1)
    if close == -1:
        fm.end_line = len(lines)
        fm.problems.append(
            (1, Subtype.FRONTMATTER, "front matter is not closed: add a line '---' after it")
        )
        return fm
    fm.end_line = close + 1
    body = "\n".join(lines[1:close])
    if len(body.encode("utf-8", "surrogatepass")) > max_bytes:
        fm.problems.append(
            (
                1,
                Subtype.LIMIT,
                f"front matter is larger than rri_max_frontmatter_bytes ({max_bytes} bytes)",
            )
        )
        return fm
    _load_mapping(fm, body, line_offset=2, max_aliases=max_aliases)
    return fm


def _load_mapping(fm: FrontMatter, body: str, line_offset: int, max_aliases: int) -> None:
    """Parse ``body`` into ``fm.values``; ``line_offset`` is the file line of body line 0."""
    loader = _LimitedLoader(body)
    loader.max_aliases = max_aliases
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            fm.problems.append(
                (
                    line_offset + node.start_mark.line,
                    Subtype.FRONTMATTER,
                    "front matter must be a mapping of keys to values",
                )
            )
            return
        seen: dict[str, int] = {}
        for key_node, _value_node in node.value:
            key_line = line_offset + key_node.start_mark.line
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key in seen:
                fm.problems.append(
                    (
                        key_line,
                        Subtype.FRONTMATTER,
                        f"front matter key '{key}' is given twice (first at line {seen[key]})",
                    )
                )
            else:
                seen[key] = key_line
        values = loader.construct_document(node)
    except _AliasLimit as limit:
        fm.problems.append(
            (
                line_offset + limit.line,
                Subtype.LIMIT,
                f"front matter uses more than rri_max_yaml_aliases ({max_aliases}) YAML aliases",
            )
        )
        return
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = line_offset + (mark.line if mark else 0)
        problem = err.problem or err.context or "invalid YAML"
        fm.problems.append((line, Subtype.FRONTMATTER, f"malformed YAML front matter: {problem}"))
        return
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as err:
        # e.g. a reader error for a control character, or an unhashable key
        fm.problems.append(
            (line_offset, Subtype.FRONTMATTER, f"malformed YAML front matter: {err}")
        )
        return
    finally:
        loader.dispose()
    fm.values = {str(k): v for k, v in values.items()}
    fm.lines = {str(k): line for k, line in seen.items()}


def _read_fields(lines: list[str], max_bytes: int, max_aliases: int) -> FrontMatter:
    """Read a leading reStructuredText field list, skipping comments and blank lines."""
    fm = FrontMatter(kind="fields")
    index = 0
    while index < len(lines) and (not lines[index].strip() or _is_rst_comment(lines, index)):
        index = _skip_comment(lines, index) if _is_rst_comment(lines, index) else index + 1
    fields: list[tuple[str, int, str]] = []
    while index < len(lines):
        match = _FIELD.match(lines[index])
        if not match:
            break
        key, value, line = match.group(1), match.group(2) or "", index + 1
        index += 1
        while index < len(lines) and lines[index][:1] in (" ", "\t") and lines[index].strip():
            value += " " + lines[index].strip()
            index += 1
        fields.append((key, line, value.strip()))
    if not fields:
        return fm
    fm.present = True
    fm.start_line = fields[0][1]
    fm.end_line = index
    if sum(len(v) for _, _, v in fields) > max_bytes:
        fm.problems.append(
            (
                fm.start_line,
                Subtype.LIMIT,
                f"front matter is larger than rri_max_frontmatter_bytes ({max_bytes} bytes)",
            )
        )
        return fm
    for key, line, raw in fields:
        if key in fm.lines:
            fm.problems.append(
                (
                    line,
                    Subtype.FRONTMATTER,
                    f"front matter key '{key}' is given twice (first at line {fm.lines[key]})",
                )
            )
            continue
        fm.lines[key] = line
        fm.values[key] = _field_value(fm, raw, line, max_aliases)
    return fm


def _field_value(fm: FrontMatter, raw: str, line: int, max_aliases: int) -> Any:
    if not raw:
        return None
    probe = FrontMatter()
    _load_mapping(probe, f"value: {raw}", line_offset=line, max_aliases=max_aliases)
    if probe.problems or "value" not in probe.values:
        return raw  # not YAML: keep the text as it is, a string
    return probe.values["value"]


def _is_rst_comment(lines: list[str], index: int) -> bool:
    line = lines[index]
    return line.startswith("..") and not re.match(r"\.\.\s+[\w:-]+::", line) and line[3:4] != "_"


def _skip_comment(lines: list[str], index: int) -> int:
    index += 1
    while index < len(lines) and (not lines[index].strip() or lines[index][:1] in (" ", "\t")):
        index += 1
    return index
