"""Directives and roles that no extension defines: one located error, in the contract's words.

Without this, MyST says "Unknown directive type" and docutils 'Unknown directive type
"next-step"', each in its own format, and neither says which name was meant. While a
page is read, the lookup of directive and role names is wrapped (the way Sphinx itself
wraps it for domains, and intersphinx for ``external:`` roles): a name that nothing
registers gets a stand-in that records an ``rri.unknown`` error on the page, with the
same message, hint and line ``sphinx-rri validate`` gives, and shows the markup as
written instead of dropping it.
"""

from __future__ import annotations

import contextlib
import functools
import re
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import CustomReSTDispatcher

from ..contract.names import TAB_DIRECTIVES, tab_outside_tabs, unknown_name
from ..model.diagnostics import Diagnostic, Subtype
from ..model.records import DIRECTIVES
from ..reader.scanner import (
    clip_include,
    find_roles,
    include_cycle,
    myst_paragraph_end,
    oversized_option,
    refused_option_block,
    rst_paragraph,
    rst_paragraph_roles,
    split_generic_options,
)
from .directives.base import (
    RRIDirective,
    included_source,
    recorder_of,
    rst_role_position,
    source_lines,
    temp_dict,
)
from .trees import elements

#: ``env.temp_data`` key: (file, lines) of a clipped rST include about to be read.
INCLUDE_PAD_KEY = "rri_include_pad"

if TYPE_CHECKING:
    from docutils.utils import Reporter
    from sphinx.environment import BuildEnvironment


class UnknownDirective(RRIDirective):
    """Stands in for a directive no extension defines: reads nothing inside it."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        self._correct_lineno()
        recorder = recorder_of(self.env)
        if recorder is not None:
            myst = type(self.state).__module__.startswith("myst_parser")
            written = f"{{{self.name}}}" if myst else f"{self.name}::"
            page = recorder.page
            source = self.included_from() or recorder.page.source
            recorder.page.reader_problems.append(
                unknown_name("directive", self.name, page.docname, self.lineno, source, written)
            )
        text = self.block_text
        return [nodes.literal_block(text, text)]


class _LooseTab(RRIDirective):
    """Stands in for a sphinx-tabs tab that is not inside ``tabs``: an error at its
    line, and its content read as the content of a plain container."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        self._correct_lineno()
        recorder = recorder_of(self.env)
        if recorder is not None:
            page = recorder.page
            source = self.included_from() or page.source
            page.reader_problems.append(
                tab_outside_tabs(self.name.lower(), page.docname, self.lineno, source)
            )
        container = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


def _guarded_tab(found: type[Any]) -> type[Any]:
    """sphinx-tabs' tab, which runs only inside ``tabs`` (else: the stand-in above)."""

    class GuardedTab(found):
        def run(self) -> list[nodes.Node]:
            if self.env.temp_data.get("tabs_stack"):
                return self._run_at_the_right_lines()
            loose = _LooseTab(
                self.name,
                self.arguments,
                self.options,
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            )
            return loose.run()

        def _run_at_the_right_lines(self) -> list[nodes.Node]:
            """sphinx-tabs parses the label (the first line) at offset 0 and the panel
            at the label's offset, so what they report is a line early or on line 1:
            each block is parsed at the offset of its first line instead."""
            state = self.state
            parse = state.nested_parse
            content = self.content
            # MyST counts a nested block's lines from the line after the directive's,
            # so the first line of content is at content_offset - 1 there.
            shift = -1 if type(state).__module__.startswith("myst_parser") else 0

            def nested_parse(
                block: Any, input_offset: int, node: Any, *args: Any, **kwargs: Any
            ) -> Any:
                items = getattr(block, "items", None)
                if items and items[0] in content.items:
                    input_offset = self.content_offset + content.items.index(items[0]) + shift
                return parse(block, input_offset, node, *args, **kwargs)

            with _nested_parse_replaced(state, nested_parse):
                return list(super().run())

    return GuardedTab


@contextlib.contextmanager
def _nested_blocks_located(state: Any) -> Any:
    """While a directive runs, lines of what it parses in a nested block are looked
    up in that block.

    docutils tells the source and line of a role (and of its own messages) from the
    page's list of lines, into which an ``include`` inserts the included file's. A
    directive's content is a view of that list, so an include inside it reaches the
    page's list too, except when docutils built the content anew (the text after
    ``::`` of a directive that takes no argument is put before the rest): the
    included lines are then only in the nested block, and the page's list gives a line
    past its end. Looking a line up in the innermost block first gives its real
    file and line in every case. MyST counts its own lines and is left alone.
    """
    if type(state).__module__.startswith("myst_parser"):
        yield
        return
    parse = state.nested_parse

    def nested_parse(block: Any, input_offset: int, *args: Any, **kwargs: Any) -> Any:
        reporter = state.reporter
        outer = getattr(reporter, "get_source_and_line", None)
        if outer is None or not hasattr(block, "info"):
            return parse(block, input_offset, *args, **kwargs)

        def get_source_and_line(lineno: int | None = None) -> tuple[Any, Any]:
            if lineno is not None:
                offset = lineno - input_offset - 1
                if 0 <= offset < len(block):
                    source, line = block.info(offset)
                    if line is not None:
                        return source, line + 1
            return outer(lineno)

        reporter.get_source_and_line = get_source_and_line
        try:
            return parse(block, input_offset, *args, **kwargs)
        finally:
            reporter.get_source_and_line = outer

    with _nested_parse_replaced(state, nested_parse):
        yield


@contextlib.contextmanager
def _nested_parse_replaced(state: Any, nested_parse: Any) -> Any:
    """``state.nested_parse`` is ``nested_parse`` for a while, then what it was (the
    method, or an outer replacement: these nest)."""
    own = state.__dict__
    before = own.get("nested_parse")
    state.nested_parse = nested_parse
    try:
        yield
    finally:
        if before is None:
            own.pop("nested_parse", None)
        else:
            state.nested_parse = before


@contextlib.contextmanager
def _first_line_where_myst_counts_it(directive: Any) -> Any:
    """While a MyST directive that takes no argument runs, its first line of content,
    written after its name above an option block, is where MyST counts it.

    MyST reads the text after the name as the first line of content and counts it on
    the option block's last line (it warns that splitting content so is not
    recommended), and so does ``validate``. The build finds a role's line in the
    source text from the line the parser gives; the page's text on that line is an
    option, so for the time the directive runs that line reads as MyST read it.
    """
    state = directive.state
    if (
        not type(state).__module__.startswith("myst_parser")
        or directive.required_arguments
        or directive.optional_arguments
        or not directive.option_spec  # without options MyST reads no option block
        or not directive.content
    ):
        yield
        return
    header, _, rest = str(directive.block_text).partition("\n")
    written = header.partition("}")[2].strip()
    options = split_generic_options(rest)[1] if written else 0
    env = getattr(state.document.settings, "env", None)
    if not options or env is None:
        yield
        return
    where = directive.state_machine.get_source_and_line(directive.lineno)[0]
    lines = source_lines(env, included_source(env, where))
    index = directive.lineno - 1 + options
    if not 0 <= index < len(lines):
        yield
        return
    kept, lines[index] = lines[index], str(directive.content[0])
    try:
        yield
    finally:
        lines[index] = kept


@contextlib.contextmanager
def _dropped_content_judged(directive: Any) -> Any:
    """While a directive runs on sandboxed pages, what it parses and then leaves out of
    the page is judged as the page is (yields a list for the nodes it returns).

    docutils' ``figure`` refuses a caption that is not a paragraph, and a directive
    that fails shows nothing: the raw HTML or the link they parsed never reaches the
    page, so the transform that judges the page never sees it, while ``validate``,
    reading the text, reports it. Judging the left-out content too reports what the
    page wrote, in both gates, whatever a directive does with it.
    """
    from .sandbox import judge_tree, sandboxed

    state = directive.state
    env = getattr(state.document.settings, "env", None)
    if env is None or not sandboxed(env):
        yield []
        return
    parse = state.nested_parse
    parsed: list[nodes.Element] = []

    def nested_parse(block: Any, input_offset: int, node: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(node)
        return parse(block, input_offset, node, *args, **kwargs)

    shown: list[nodes.Node] = []
    # id of a node -> (the node, kept alive so that its id stays its own; whether it is
    # dropped), once its root is known
    known: dict[int, tuple[nodes.Node, bool]] = {}

    def dropped(node: nodes.Node) -> bool:
        # Whether the root of ``node`` is neither the page nor a node the directive
        # returned; every node on the way up shares the answer.
        way: list[nodes.Node] = []
        top: nodes.Node | None = node
        while top is not None and id(top) not in known:
            way.append(top)
            if top.parent is None:
                break
            top = top.parent
        if top is not None and id(top) in known:
            answer = known[id(top)][1]
        else:
            root = way[-1]
            answer = not isinstance(root, nodes.document) and all(root is not n for n in shown)
        for passed in way:
            known[id(passed)] = (passed, answer)
        return answer

    try:
        with _nested_parse_replaced(state, nested_parse):
            yield shown
    finally:
        for tree in parsed:
            if dropped(tree) or any(dropped(child) for child in tree.children):
                judge_tree(env, tree, dropped)


#: The stand-ins made by ``_crash_guarded``, by the class they stand in for.
_CRASH_GUARDED: dict[type[Any], type[Any]] = {}


def _crash_guarded(found: type[Any]) -> type[Any]:
    """``found``, made to end in a located error instead of a traceback when it fails
    on what a page gives it (Sphinx's ``hlist`` with ``:columns: 0`` divides by zero).

    docutils' own errors (``DirectiveError`` and the messages it propagates) are left to
    docutils; anything else a directive raises while it runs is one ``rri.option``
    error at the directive's line, and the directive shows nothing. So is a size option
    (``reader.scanner.SIZE_OPTIONS``) larger than its limit, as an ``rri.limit``
    error, before the directive runs.
    """
    guarded = _CRASH_GUARDED.get(found)
    if guarded is not None:
        return guarded
    from docutils.parsers.rst import DirectiveError
    from docutils.utils import SystemMessagePropagation

    def report(self: Any, subtype: Subtype, message: str) -> list[nodes.Node]:
        env = getattr(self.state.document.settings, "env", None)
        recorder = recorder_of(env) if env is not None else None
        where, line = self.state_machine.get_source_and_line(self.lineno)
        if recorder is None or env is None:
            self.state.document.reporter.error(message, line=line)
            return []
        page = recorder.page
        source = included_source(env, where) or page.source
        page.reader_problems.append(
            Diagnostic(page.docname, line or self.lineno, subtype, message, source)
        )
        return []

    def run(self: Any) -> list[nodes.Node]:
        too_big = oversized_option(self.name, self.options, "", self.lineno, "")
        if too_big is not None:
            return report(self, Subtype.LIMIT, too_big.message)
        try:
            with (
                _nested_blocks_located(self.state),
                _first_line_where_myst_counts_it(self),
                _dropped_content_judged(self) as shown,
            ):
                shown.extend(found.run(self))
                return list(shown)
        except (DirectiveError, SystemMessagePropagation):
            raise
        except Exception as error:  # a crash of someone else's code, on a page's input
            return report(
                self,
                Subtype.OPTION,
                f"{self.name}: the directive failed on what this page gives it "
                f"({type(error).__name__}: {error}); check its arguments, options and "
                "content (nothing of it is shown)",
            )

    guarded = type(found.__name__, (found,), {"run": run, "__module__": found.__module__})
    _CRASH_GUARDED[found] = guarded
    return guarded


def _guarded_include(found: type[Any]) -> type[Any]:
    """docutils' include, with a cycle of includes said in the contract's words."""
    from docutils.parsers.rst import DirectiveError

    class GuardedInclude(found):
        def run(self) -> list[nodes.Node]:
            written = self.arguments[0] if self.arguments else ""  # Sphinx rewrites it
            target = self._target()
            self._pad_clipped_lines(target)
            try:
                result = list(super().run())
            except DirectiveError as error:
                if "circular inclusion" not in str(error.msg):
                    raise
            else:
                self._note_site(target)
                return result
            finally:
                self.env.temp_data.pop(INCLUDE_PAD_KEY, None)
            recorder = recorder_of(self.env)
            if recorder is not None:
                page = recorder.page
                source = included_source(self.env, self.get_source_info()[0]) or page.source
                line = self.get_source_info()[1] or self.lineno
                page.reader_problems.append(include_cycle(written, page.docname, line, source))
            return []

        def _target(self) -> Path | None:
            if not self.arguments or self.arguments[0].startswith("<"):
                return None
            return Path(self.env.relfn2path(self.arguments[0])[1]).resolve()

        def _pad_clipped_lines(self, target: Path | None) -> None:
            """docutils numbers the lines of a clipped include from the clip; blank
            lines before it (added at ``include-read``) keep the file's own numbers, as
            MyST keeps them and ``validate`` reports them."""
            options = {k: "" if v is None else str(v) for k, v in self.options.items()}
            if target is None or not any(k in options for k in ("start-line", "start-after")):
                return
            try:
                encoding = options.get("encoding") or "utf-8"
                text = target.read_bytes().decode(encoding)
            except (OSError, UnicodeDecodeError, LookupError):
                return
            clipped = clip_include(text, options, myst=False)
            if clipped is not None and clipped[1]:
                self.env.temp_data[INCLUDE_PAD_KEY] = (target, clipped[1])

        def _note_site(self, target: Path | None) -> None:
            recorder = recorder_of(self.env)
            if recorder is None or target is None or "literal" in self.options:
                return
            if "code" in self.options:
                return
            page = recorder.page
            try:
                relpath = target.relative_to(Path(self.env.srcdir).resolve()).as_posix()
            except ValueError:
                return
            source, line = self.get_source_info()
            includer = included_source(self.env, source) or page.source
            page.included_from.setdefault(relpath, f"{includer}:{line or self.lineno}")

    return GuardedInclude


def note_myst_include(relative_path: Any, content: list[str], env: BuildEnvironment) -> None:
    """At ``include-read``: a MyST include of a file that is being included already
    (MyST does not look, and recursed until Python's stack ran out) reads nothing, and
    is the same error ``validate`` gives. The files being included are those of the
    MyST include directives running further up the stack."""
    import sys

    from myst_parser.mocking import MockIncludeDirective

    running: list[Any] = []
    frame: Any = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, MockIncludeDirective) and frame.f_code.co_name == "run":
            running.append((owner, frame.f_locals.get("path")))
        frame = frame.f_back
    if not running:
        return
    current, path = running[0]
    recorder = recorder_of(env)
    if recorder is None or path is None:
        return
    page = recorder.page
    srcdir = Path(env.srcdir).resolve()
    own = Path(env.doc2path(page.docname)).resolve()
    outer = [Path(str(p)).resolve() for _, p in running[1:] if p is not None]
    here = Path(str(path)).resolve()
    includer = outer[0] if outer else own
    try:
        source = includer.relative_to(srcdir).as_posix()
    except ValueError:
        source = page.source
    if here != own and here not in outer:
        with contextlib.suppress(ValueError):
            relpath = here.relative_to(srcdir).as_posix()
            page.included_from.setdefault(relpath, f"{source}:{current.lineno}")
        return
    content[0] = ""
    target = current.arguments[0] if current.arguments else str(relative_path)
    page.reader_problems.append(include_cycle(target, page.docname, current.lineno, source))


#: ``env.temp_data`` keys of the role counts per paragraph, whose keys start with the
#: included file ("" for the page).
ROLE_COUNTS = ("rri_role_calls", "rri_role_uses", "rri_unknown_role_calls")


def forget_role_counts(relative_path: Any, env: BuildEnvironment) -> None:
    """At ``include-read``: a file included again is read from its first role again."""
    included = Path(str(relative_path)).as_posix()
    for key in ROLE_COUNTS:
        counts = env.temp_data.get(key)
        if isinstance(counts, dict):
            for stale in [k for k in counts if isinstance(k, tuple) and k[0] == included]:
                del counts[stale]


def pad_clipped_include(relative_path: Any, content: list[str], env: BuildEnvironment) -> None:
    """At ``include-read`` for an rST include: the blank lines that keep a clipped
    part at its file's lines (see ``GuardedInclude``)."""
    pending = env.temp_data.get(INCLUDE_PAD_KEY)
    if not pending:
        return
    target, lines = pending
    if (Path(env.srcdir) / str(relative_path)).resolve() == target:
        env.temp_data.pop(INCLUDE_PAD_KEY, None)
        content[0] = "\n" * lines + content[0]


def _unknown_directive(name: str) -> type[UnknownDirective]:
    from ..reader.scanner import PermissiveOptions

    return type(
        "UnknownDirective",
        (UnknownDirective,),
        {"option_spec": PermissiveOptions()},
    )


def _role_line(
    env: BuildEnvironment, inliner: Any, lineno: int, name: str, included: str = ""
) -> int:
    """The line of this use of role ``name`` in its paragraph: the n-th call for a
    paragraph and name is its n-th use, found as ``validate`` finds roles."""
    lines = source_lines(env, included)
    calls: dict[tuple[str, int, str], int] = temp_dict(env, "rri_unknown_role_calls")
    nth = calls.get((included, lineno, name), 0)
    calls[(included, lineno, name)] = nth + 1
    # Each paragraph is read once, however many roles it holds.
    read: dict[tuple[str, int], dict[str, list[int]]] = temp_dict(env, "rri_paragraph_roles")
    here = (included, lineno)
    if here not in read:
        start = max(lineno - 1, 0)
        end = start
        while 0 <= end < len(lines) and lines[end].strip():
            end += 1
        if type(inliner).__module__.startswith("myst_parser"):
            try:
                extensions = tuple(sorted(env.config.myst_enable_extensions))
            except AttributeError:
                extensions = ()
            end = myst_paragraph_end(lines, start, extensions)
            paragraph = "\n".join(lines[start:end])
            found = [(line, role) for line, role, _ in find_roles(paragraph, lineno, extensions)]
        else:
            block = [line.expandtabs(8).rstrip() for line in lines[start:end]]
            block = block[: rst_paragraph(block, 0)[1]] if block else block
            found = [(start + offset + 1, role) for offset, role, _ in rst_paragraph_roles(block)]
        uses: dict[str, list[int]] = {}
        for line, role in found:
            uses.setdefault(role, []).append(line)
        read[here] = uses
    places = read[here].get(name, [])
    return places[nth] if nth < len(places) else lineno


def _unknown_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    document = inliner.document
    env = getattr(document.settings, "env", None)
    recorder = recorder_of(env) if env is not None else None
    if recorder is not None and env is not None:
        line, source = _role_site(env, inliner, lineno, name)
        myst = type(inliner).__module__.startswith("myst_parser")
        written = f"{{{name}}}`" if myst else f":{name}:`"
        page = recorder.page
        source = source or page.source
        page.reader_problems.append(unknown_name("role", name, page.docname, line, source, written))
    return [nodes.literal(rawtext, rawtext)], []


def _role_site(env: BuildEnvironment, inliner: Any, lineno: int, name: str) -> tuple[int, str]:
    """(line, file relative to the source folder or "" for the page) of this use of
    role ``name``, as ``validate`` gives it."""
    document = inliner.document
    # MyST points the document's source at a file while it includes it.
    source = included_source(env, document.get("source") or document.current_source)
    if not type(inliner).__module__.startswith("myst_parser"):
        # docutils counts lines across the page and what it includes.
        source, lineno = rst_role_position(env, inliner, lineno)
    return _role_line(env, inliner, lineno, name, source), source


def _crash_guarded_role(found: Any) -> Any:
    """``found``, made to end in a located error instead of a traceback when it fails
    on the text a page gives it (Sphinx's ``guilabel`` on ``&`` indexes an empty
    string). The role is then shown as written."""

    def role(
        name: str, rawtext: str, text: str, lineno: int, inliner: Any, *args: Any, **kwargs: Any
    ) -> Any:
        try:
            return found(name, rawtext, text, lineno, inliner, *args, **kwargs)
        except Exception as error:  # a crash of someone else's code, on a page's input
            from docutils.utils import SystemMessagePropagation

            if isinstance(error, SystemMessagePropagation):
                raise
            message = (
                f"role '{name}' failed on its text ({type(error).__name__}: {error}); "
                "it is shown as written"
            )
            document = inliner.document
            env = getattr(document.settings, "env", None)
            recorder = recorder_of(env) if env is not None else None
            if recorder is None or env is None:
                problem = inliner.reporter.error(message, line=lineno)
                return [nodes.literal(rawtext, rawtext)], [problem]
            line, source = _role_site(env, inliner, lineno, name)
            page = recorder.page
            page.reader_problems.append(
                Diagnostic(page.docname, line, Subtype.OPTION, message, source or page.source)
            )
            return [nodes.literal(rawtext, rawtext)], []

    # The role directive reads a base role's ``options`` and ``content``, and the
    # sandbox looks through ``__wrapped__`` to tell a role made on top of ``raw``.
    functools.update_wrapper(role, found)
    return role


class UnknownNames(CustomReSTDispatcher):
    """Looks names up as before; a name nothing defines gets a stand-in."""

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Any] | None, list[nodes.system_message]]:
        found, messages = super().directive(directive_name, language_module, document)
        if found is None:
            return _unknown_directive(directive_name), []
        if directive_name.lower() in TAB_DIRECTIVES and found.__module__.startswith("sphinx_tabs"):
            found = _guarded_tab(found)
        elif directive_name.lower() == "include" and hasattr(found, "run"):
            found = _guarded_include(found)
        if isinstance(found, type) and callable(getattr(found, "run", None)):
            found = _crash_guarded(found)
        return found, messages

    def role(
        self, role_name: str, language_module: ModuleType, lineno: int, reporter: Reporter
    ) -> tuple[Any, list[nodes.system_message]]:
        found, messages = super().role(role_name, language_module, lineno, reporter)
        if found is None:
            return _unknown_role, []
        if callable(found):
            found = _crash_guarded_role(found)
        return found, messages


def install_unknown_names() -> None:
    """Wrap the lookups for the document about to be read.

    Called at ``source-read``, inside the lookup Sphinx installs for reading one
    document; when Sphinx puts its own back after the read, this goes with it. Outside
    such a read (no dispatcher installed) nothing is wrapped, so wrappers never pile up.
    """
    current = getattr(directives.directive, "__self__", None)
    if not isinstance(current, CustomReSTDispatcher) or isinstance(current, UnknownNames):
        return
    if isinstance(getattr(roles.role, "__self__", None), UnknownNames):
        return
    UnknownNames().enable()


_REFUSED_OPTIONS = re.compile(
    # Sphinx's smart quotes may have curled the quotes by now.
    r'^Error in ["\u201c]([^"\u201d]+)["\u201d] directive:\n'
    r"(?:invalid option block|invalid option data|option data incompletely parsed)"
)


def note_refused_options(doctree: nodes.document, env: BuildEnvironment) -> None:
    """At ``doctree-read``: a contract directive whose option block docutils refused
    (text right after the options, an option name of two words, an option twice) is
    one located ``rri.option`` error, in the words ``validate`` uses; docutils' own
    error stays beside it."""
    recorder = recorder_of(env)
    if recorder is None:
        return
    page = recorder.page
    for message in elements(doctree, nodes.system_message):
        if message.get("level", 0) < 3 or not message.children:
            continue
        found = _REFUSED_OPTIONS.match(message[0].astext())
        if not found:
            continue
        written = found.group(1)
        name = written.lower()
        source = included_source(env, message.get("source")) or page.source
        line = message.get("line") or 1
        if name not in DIRECTIVES:
            # A name nothing defines is reported as unknown, whatever its options.
            if _is_unknown(written, doctree):
                diag = unknown_name(
                    "directive", written, page.docname, line, source, written + "::"
                )
                if diag not in page.reader_problems:
                    page.reader_problems.append(diag)
            continue
        blocks = [c for c in message.children if isinstance(c, nodes.literal_block)]
        text = blocks[0].astext() if blocks else ""
        problem = refused_option_block(name, text) or (
            f"{name}: invalid option block (the directive is not read)"
        )
        diag = Diagnostic(page.docname, line, Subtype.OPTION, problem, source)
        if diag not in page.reader_problems:
            page.reader_problems.append(diag)


def _is_unknown(name: str, document: nodes.document) -> bool:
    """Whether the lookup of the page being read gives the stand-in for ``name``."""
    from docutils.parsers.rst.languages import en

    try:
        found, _ = directives.directive(name, en, document)
    except Exception:  # a lookup that fails is no unknown name of ours to report
        return False
    return isinstance(found, type) and issubclass(found, UnknownDirective)


class RefusedOptions(SphinxTransform):
    """Runs :func:`note_refused_options` before Sphinx drops docutils' messages from
    the doctree (``FilterSystemMessages``, 999) and before ``doctree-read`` (880)."""

    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        note_refused_options(self.document, self.env)
