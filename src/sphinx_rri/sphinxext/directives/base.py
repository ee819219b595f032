"""What every contract directive shares: its argument and option spec, and recording."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from ...contract.labels import label
from ...model.records import Directive, PageRecorder
from ...reader.scanner import TAKES_ARGUMENT, option_spec
from ..config import settings_from_sphinx

MESSAGE_CATALOG = "sphinx_rri"
_ = get_translation(MESSAGE_CATALOG)


def rri_label(config: Config, key: str) -> str:
    """The fixed text ``key`` as this project shows it: its ``rri_labels`` replacement,
    else the English text of :mod:`~sphinx_rri.contract.labels` through the package's
    ``sphinx_rri`` catalog for the project's ``language``."""
    overrides = config.rri_labels if isinstance(config.rri_labels, dict) else {}
    return label(key, overrides, lambda text: str(_(text)))


def stage_line(config: Config, stage: object) -> str:
    """"Stage: <title>" for a configured stage, by the title ``rri_stages`` gives it and
    in the project's words (``stage-line``); empty for a value that is not a configured
    stage, which the checks report and readers are not shown."""
    settings = settings_from_sphinx(config)
    if not isinstance(stage, str) or stage not in settings.stages:
        return ""
    return rri_label(config, "stage-line") % settings.stage_title(stage)


if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

RECORDER_KEY = "rri_recorder"
SOURCE_LINES_KEY = "rri_source_lines"


def temp_dict(env: BuildEnvironment, key: str) -> dict[Any, Any]:
    """A dictionary kept in ``env.temp_data`` for the document being read."""
    found = env.temp_data.get(key)
    if not isinstance(found, dict):
        found = env.temp_data[key] = {}
    return found


def recorder_of(env: object) -> PageRecorder | None:
    """The recorder of the document being read, created at ``source-read``."""
    temp = getattr(env, "temp_data", {})
    recorder = temp.get(RECORDER_KEY)
    return recorder if isinstance(recorder, PageRecorder) else None


def included_source(env: BuildEnvironment, source: str | None) -> str:
    if not source:
        return ""
    own = env.temp_data.get("rri_own_source")
    if own is None:
        own = env.temp_data["rri_own_source"] = str(env.doc2path(env.docname))
    if str(source) == own:  # the common case, without touching the file system
        return ""
    path = Path(str(source).split(":docstring of ")[0]).resolve()
    if path == Path(env.doc2path(env.docname)).resolve():
        return ""
    try:
        return path.relative_to(Path(env.srcdir).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def rst_role_position(env: BuildEnvironment, inliner: Any, lineno: int) -> tuple[str, int]:
    """(file relative to the source folder or "" for the page, first line of the
    paragraph) of a role docutils' reStructuredText parser hands ``lineno``.

    docutils counts lines across the page and what it includes, and its reporter
    turns that count into a file and a line. When the reporter looks lines up in
    another list than the one being parsed (rST inside MyST's ``{eval-rst}`` shares
    MyST's reporter), the parser's own position, the paragraph's last line, is the
    one to trust.
    """
    document = inliner.document
    where, line = inliner.reporter.get_source_and_line(lineno)
    current = getattr(document, "current_source", None)
    if current and where != current and document.current_line:
        included = included_source(env, current)
        return included, _paragraph_start(source_lines(env, included), document.current_line)
    return included_source(env, where), line or lineno


def _paragraph_start(lines: list[str], last: int) -> int:
    """The first line (from 1) of the paragraph that ends on line ``last``."""
    start = min(last, len(lines))
    while start > 1 and lines[start - 2].strip():
        start -= 1
    return start


def source_lines(env: BuildEnvironment, included: str = "") -> list[str]:
    """The lines of the page being read, or of a file it includes (relative to the
    source folder), as the author wrote them."""
    if not included:
        lines: list[str] = env.temp_data.get(SOURCE_LINES_KEY) or []
        return lines
    cache = env.temp_data.get("rri_include_lines")
    if not isinstance(cache, dict):
        cache = env.temp_data["rri_include_lines"] = {}
    if included not in cache:
        try:
            text = (Path(env.srcdir) / included).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        cache[included] = text.split("\n")
    cached: list[str] = cache[included]
    return cached


class RRIDirective(SphinxDirective):
    """A contract directive: lenient parsing, strict checks.

    Arguments are optional and every option is accepted here, so that a missing title or
    an unknown option is reported by the checks, with the same message and line as
    ``sphinx-rri validate`` gives, instead of docutils' own parse error.
    """

    directive_name: ClassVar[str] = ""
    has_content = True
    required_arguments = 0
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.directive_name:
            cls.optional_arguments = 1 if TAKES_ARGUMENT[cls.directive_name] else 0
            cls.option_spec = option_spec(cls.directive_name)

    @property
    def argument(self) -> str:
        return " ".join(self.arguments).strip()

    @property
    def body_text(self) -> str:
        # The list under a StringList: joining the StringList itself fetches each line
        # through a call of Python's.
        return "\n".join(getattr(self.content, "data", self.content)).strip()

    @property
    def end_line(self) -> int:
        extra = 1 if self._myst_added_blank_line() else 0
        return self.lineno + max(len(self.block_text.splitlines()) - extra, 1) - 1

    def record_open(self) -> Directive | None:
        self._correct_lineno()
        recorder = recorder_of(self.env)
        if recorder is None:
            return None
        options = {k: ("" if v is None else str(v)) for k, v in self.options.items()}
        return recorder.open(
            self.directive_name,
            self.lineno,
            self.argument,
            options,
            self.body_text,
            source=self.included_from(),
        )

    def included_from(self) -> str:
        """The included file this directive is written in (relative to the source
        folder), or an empty string when it is in the page itself."""
        known = getattr(self, "_rri_included", None)
        if known is None:
            known = self._rri_included = included_source(self.env, self.get_source_info()[0])
        return known

    def record_close(self, record: Directive | None, stray_content: bool = False) -> None:
        recorder = recorder_of(self.env)
        if recorder is not None and record is not None:
            recorder.close(record, self.end_line, stray_content=stray_content)

    def parse_body(self, container: nodes.Element) -> None:
        self.state.nested_parse(self.content_at_its_lines(), self._body_offset(), container)

    @staticmethod
    def let_go(parsed: nodes.Element) -> None:
        """Forget the nodes that were moved out of ``parsed``, the container a body was
        parsed into and then taken apart: it keeps only what was left out of the page.

        The crash guard judges, as the page is judged, what a directive parsed and left
        out (see ``names._dropped_content_judged``) by walking that container; the nodes
        moved out of it into the directive's own nodes are judged with the page, so
        walking them again there, at every level of a card, judged nothing."""
        parsed.children = [child for child in parsed.children if child.parent is parsed]

    def content_at_its_lines(self) -> StringList:
        """The content, with a blank line for each line docutils left out of it.

        In reStructuredText, a directive that takes no argument reads the text after
        ``::`` as content and leaves the option lines below it out; docutils then counts
        the lines after the options as if those were not there, while each line's
        source position is right. Putting blank lines back where the positions jump
        makes every line of the body counted where it is written (as ``validate`` reads
        it). MyST's content is left as it is.
        """
        content = self.content
        items = getattr(content, "items", None)
        if not items or type(self.state).__module__.startswith("myst_parser"):
            return content
        limit = self.block_text.count("\n") + 1  # never more lines than the directive has
        lines: list[str] = []
        places: list[tuple[str, int]] = []
        previous: tuple[str, int] | None = None
        for text, (source, offset) in zip(content.data, items, strict=False):
            if previous is not None and source == previous[0]:
                missing = offset - previous[1] - 1
                if 0 < missing <= limit:
                    for gap in range(previous[1] + 1, offset):
                        lines.append("")
                        places.append((source, gap))
            lines.append(text)
            places.append((source, offset))
            previous = (source, offset)
        if len(lines) == len(content.data):
            return content
        return StringList(lines, items=places)

    def _myst_added_blank_line(self) -> bool:
        """True when MyST put a blank line before a body that starts with a colon fence.

        MyST does that to tell a nested fence from an option line, and then counts the
        body one line late. The source text kept at ``source-read`` says whether the
        blank line is really there, so nested lines can be the author's.
        """
        if not type(self.state).__module__.startswith("myst_parser"):
            return False
        lines = self.block_text.splitlines()
        if len(lines) < 3 or lines[1].strip() or not lines[2].startswith(":::"):
            return False
        source = self._source_lines()
        if not source or self.lineno >= len(source):
            return False
        return bool(source[self.lineno].strip())

    def _correct_lineno(self) -> None:
        """Put the directive on the line it is written on.

        Inside another directive whose body starts with a colon fence (a ``{note}``
        holding a card), MyST counts one line too many, as it does for our own bodies
        (see :meth:`_myst_added_blank_line`); the source text tells the real line.
        """
        if not type(self.state).__module__.startswith("myst_parser"):
            # docutils counts lines across the page and what it includes; the line in
            # the file the directive is written in is the one its author sees.
            self.included_from()  # known before the line changes
            line = self.get_source_info()[1]
            if line:
                self.lineno = line
            return
        lines = self._source_lines()
        marker = "{" + self.name + "}"
        here = self.lineno - 1
        if 0 < here < len(lines) and marker not in lines[here] and marker in lines[here - 1]:
            self.lineno -= 1

    def _source_lines(self) -> list[str]:
        """The lines of the file this directive is written in (the page, or an include)."""
        return source_lines(self.env, self.included_from())

    def _body_offset(self) -> int:
        return self.content_offset - (1 if self._myst_added_blank_line() else 0)

    def label(self, key: str) -> str:
        return rri_label(self.config, key)

    @property
    def author_classes(self) -> list[str]:
        """The classes of the directive's ``:class:`` option (none when it is unreadable:
        the checks report a bad option, the rendering just leaves it out)."""
        value = self.options.get("class")
        if not value:
            return []
        try:
            return list(directives.class_option(str(value)))
        except ValueError:
            return []

    def heading(self, text: str, level: int, classes: list[str]) -> nodes.rubric:
        rubric = nodes.rubric(text, text, classes=classes)
        rubric["heading-level"] = level
        # A node the directive makes carries its place in the page: Sphinx patches (and
        # logs at debug level) every rubric and title without one, which costs per node.
        self.set_source_info(rubric)
        return rubric

    def located(self, node: nodes.Element) -> nodes.Element:
        self.set_source_info(node)
        return node
