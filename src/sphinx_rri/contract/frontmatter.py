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

from ..model.diagnostics import Subtype
from .yaml_words import explain

#: Default of ``rri_max_yaml_values``: most values one key may expand to once YAML
#: aliases are followed. Aliases are shared, not copied, when read, but every later walk
#: (the schema check, rri.json) visits each reference: a few aliases can stand for
#: millions of values.
MAX_EXPANDED_VALUES = 10_000

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
    safe_load_accepts: bool | None = None
    """Whether ``yaml.safe_load`` (the reader MyST uses) accepts the block, when this
    read can tell without reading it again: False if a date-shaped value is not a real
    date, True if the pure-Python reader read it, or libyaml read a block of printable
    ASCII; None otherwise (and for a block with problems)."""


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
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        loader.lenient_dates = True  # type: ignore[attr-defined]
        return loader.construct_scalar(node)


_LimitedLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)


_FastLoader: Any = None
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(yaml.CSafeLoader):
        """libyaml's safe loader, with the same lenient dates as :class:`_LimitedLoader`."""

    _CLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    _FastLoader = _CLoader


#: Printable ASCII and line breaks: text that libyaml and PyYAML's reader read alike.
_PLAIN_ASCII = re.compile(r"[\x20-\x7e\n]*")


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
    max_values: int = MAX_EXPANDED_VALUES,
    max_nesting: int = 50,
) -> FrontMatter:
    """Read the front matter at the top of ``text``.

    A YAML block between ``---`` lines is read in Markdown and reStructuredText; with
    ``allow_fields`` a leading rST field list (``:title: ...``) is read too, each value
    parsed as a YAML scalar or flow collection so that lists and dates keep their type.
    """
    text = text.removeprefix("\ufeff")
    # Lines end at "\n" only, as in markdown-it and in Sphinx's reading: str.splitlines()
    # would also break at form feeds and other separators and shift every later line.
    lines = text.split("\n")
    block = _split_yaml_block(lines)
    if block is not None:
        return _read_yaml(lines, block[1], max_bytes, max_aliases, max_values, max_nesting)
    if allow_fields:
        return _read_fields(lines, max_bytes, max_aliases, max_values, max_nesting)
    return FrontMatter()


def _read_yaml(
    lines: list[str],
    close: int,
    max_bytes: int,
    max_aliases: int,
    max_values: int,
    max_nesting: int = 50,
) -> FrontMatter:
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
    _load_mapping(
        fm,
        body,
        line_offset=2,
        max_aliases=max_aliases,
        max_values=max_values,
        max_nesting=max_nesting,
    )
    return fm


def yaml_too_deep(body: str, limit: int) -> int | None:
    """The 0-based line of ``body`` where YAML nests deeper than ``limit``, or None.

    Counted in one pass: each deeper indentation and each leading ``- `` is a level, and
    so is each ``[`` or ``{`` not yet closed (outside quoted text and comments). YAML's
    readers build nested values by recursion, so a few kilobytes of brackets exhausted
    Python's stack; both gates stop at the limit and say so."""
    indents: list[int] = []
    flow = 0
    quote = ""
    for number, line in enumerate(body.split("\n")):
        if not quote and flow == 0:
            text = line.lstrip(" ")
            if text and not text.startswith("#"):
                indent = len(line) - len(text)
                while indents and indents[-1] > indent:
                    indents.pop()
                if not indents or indents[-1] < indent:
                    indents.append(indent)
                dashes = 0
                while (text.startswith("- ") or text == "-") and dashes <= limit:
                    dashes += 1
                    text = text[2:].lstrip(" ")
                if len(indents) - 1 + dashes > limit:
                    return number
        block = len(indents) - 1 if indents else 0
        previous = " "
        for char in line:
            if quote:
                if char == quote:
                    quote = ""
            elif char == "#" and previous.isspace():
                break
            elif char in "'\"" and (previous.isspace() or previous in "[{,:"):
                quote = char
            elif char in "[{":
                flow += 1
                if block + flow > limit:
                    return number
            elif char in "]}":
                flow = max(0, flow - 1)
            previous = char
    return None


def _expanded_size(value: Any, budget: int) -> int:
    """How many values ``value`` stands for, counting no further than ``budget``."""
    count = 0
    stack = [value]
    while stack and count <= budget:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return count


def _error_line(body: str, err: BaseException, line_offset: int) -> int:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return line_offset + int(mark.line)
    position = getattr(err, "position", None)  # a reader error: a character offset
    if isinstance(position, int):
        return line_offset + body.count("\n", 0, position)
    return line_offset


def _load_mapping(
    fm: FrontMatter,
    body: str,
    line_offset: int,
    max_aliases: int,
    max_values: int = MAX_EXPANDED_VALUES,
    max_nesting: int = 50,
) -> None:
    """Parse ``body`` into ``fm.values``; ``line_offset`` is the file line of body line 0."""
    deep = yaml_too_deep(body, max_nesting)
    if deep is not None:
        fm.problems.append(
            (
                line_offset + deep,
                Subtype.LIMIT,
                f"front matter is nested deeper than rri_max_nesting ({max_nesting})",
            )
        )
        return
    if _FastLoader is not None and "*" not in body and "!" not in body:
        # No alias to count and no tag: libyaml reads it, twenty times faster. Anything
        # it does not like is read again below, for the pure-Python reader's messages.
        fast = FrontMatter()
        loader = _FastLoader(body)
        try:
            _construct(fast, loader, loader.get_single_node(), line_offset, max_values)
        except Exception:
            fast.problems.append((0, Subtype.FRONTMATTER, ""))
        finally:
            loader.dispose()
        if not fast.problems:
            fm.values, fm.lines = fast.values, fast.lines
            if getattr(loader, "lenient_dates", False):
                fm.safe_load_accepts = False
            elif _PLAIN_ASCII.fullmatch(body):
                # Where libyaml and PyYAML's own reader part ways (tabs, control and
                # non-ASCII characters) the caller must ask PyYAML; not here.
                fm.safe_load_accepts = True
            return
    _load_mapping_slowly(fm, body, line_offset, max_aliases, max_values)


def _load_mapping_slowly(
    fm: FrontMatter, body: str, line_offset: int, max_aliases: int, max_values: int
) -> None:
    loader: _LimitedLoader | None = None
    try:
        loader = _LimitedLoader(body)
        loader.max_aliases = max_aliases
        node = loader.get_single_node()
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
        problem = err.problem or err.context or "invalid YAML"
        line = _error_line(body, err, line_offset)
        plain = explain(body.split("\n"), err)
        if plain is not None:
            line, problem = line_offset + plain[0], plain[1]
        fm.problems.append((line, Subtype.FRONTMATTER, f"malformed YAML front matter: {problem}"))
        return
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as err:
        # e.g. a control character, which the YAML reader refuses
        reason = getattr(err, "reason", None) or type(err).__name__
        fm.problems.append(
            (
                _error_line(body, err, line_offset),
                Subtype.FRONTMATTER,
                f"malformed YAML front matter: {reason}",
            )
        )
        return
    finally:
        if loader is not None and fm.problems:
            loader.dispose()
    assert loader is not None
    try:
        _construct(fm, loader, node, line_offset, max_values)
    finally:
        loader.dispose()
    if not fm.problems:
        fm.safe_load_accepts = not getattr(loader, "lenient_dates", False)


def _construct(
    fm: FrontMatter, loader: _LimitedLoader, node: Any, line_offset: int, max_values: int
) -> None:
    """Build the values key by key, so that a value that cannot be read is located."""
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
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = line_offset + key_node.start_mark.line
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            fm.problems.append(
                (key_line, Subtype.FRONTMATTER, "front matter keys must be plain names")
            )
            continue
        if key in lines:
            fm.problems.append(
                (
                    key_line,
                    Subtype.FRONTMATTER,
                    f"front matter key '{key}' is given twice (first at line {lines[key]})",
                )
            )
            continue
        try:
            value = loader.construct_object(value_node, deep=True)
        except Exception as err:  # a tag with a value it cannot take: !!int "", !!bool maybe
            problem = getattr(err, "problem", None) or type(err).__name__
            fm.problems.append(
                (
                    line_offset + value_node.start_mark.line,
                    Subtype.FRONTMATTER,
                    f"malformed YAML front matter: the value of '{key}' cannot be read ({problem})",
                )
            )
            continue
        if _expanded_size(value, max_values) > max_values:
            fm.problems.append(
                (
                    key_line,
                    Subtype.LIMIT,
                    f"the value of '{key}' expands through YAML aliases to more than "
                    f"rri_max_yaml_values ({max_values}) values",
                )
            )
            continue
        values[key] = value
        lines[key] = key_line
    fm.values = values
    fm.lines = lines


def _read_fields(
    lines: list[str], max_bytes: int, max_aliases: int, max_values: int, max_nesting: int = 50
) -> FrontMatter:
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
        fm.values[key] = _field_value(fm, raw, line, max_aliases, max_values, max_nesting)
    return fm


def _field_value(
    fm: FrontMatter, raw: str, line: int, max_aliases: int, max_values: int, max_nesting: int = 50
) -> Any:
    if not raw:
        return None
    probe = FrontMatter()
    _load_mapping(
        probe,
        f"value: {raw}",
        line_offset=line,
        max_aliases=max_aliases,
        max_values=max_values,
        max_nesting=max_nesting,
    )
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
