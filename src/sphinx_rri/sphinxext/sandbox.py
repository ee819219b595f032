"""The build side of the page sandbox: pages are only text while ``rri_trust_pages`` is False.

The judgements live in :mod:`sphinx_rri.sandbox`, shared with ``sphinx-rri validate``;
this module applies them where the build would otherwise act on a page's request, and
neutralises what they refuse whatever the warning settings (a build without ``-W``
publishes nothing dangerous):

- MyST's parser is replaced by one that ignores page-level configuration in front matter
  and evaluates only plain-name substitutions;
- ``include``, ``literalinclude``, ``raw``, ``csv-table``, ``image``, ``figure`` and
  ``meta`` check their file, URL, parser and ``http-equiv`` before they run, and do
  nothing when refused (MyST's own include path is checked in the renderer);
- one transform, after the references are resolved, turns every raw node (any format)
  into text, unlinks every reference whose scheme is not in ``rri_url_schemes``, drops
  images and downloads from outside the source folder and turns math that reaches TeX's
  file or shell primitives into text.

Each refusal is recorded on the page as an ``rri.unsafe`` diagnostic with the message
``validate`` gives, and reported with the page's other findings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst.directives import parser_name as _IMPORTS_MODULE
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..model.diagnostics import Diagnostic, Subtype
from ..sandbox import (
    CODE_DIRECTIVES,
    active_download_problem,
    code_directive_problem,
    directive_problem,
    image_name_problem,
    image_path_problem,
    markdown_refuses,
    math_label_problem,
    meta_fields,
    meta_problem,
    path_problem,
    permit_links,
    raw_problem,
    raw_role_problem,
    substitution_problem,
    tex_problem,
    toctree_problem,
    url_problem,
    url_scheme,
)
from .compat import builder_class
from .trees import elements
from .directives.base import included_source, recorder_of

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The directives whose options or argument name a file, a URL or a parser.
GUARDED = (
    "include",
    "literalinclude",
    "raw",
    "csv-table",
    "image",
    "figure",
    "meta",
    "role",
    "tabularcolumns",
)

#: Raw output MyST itself writes for Markdown constructs (a hard line break, a task
#: list's checkbox): fixed, harmless strings, whoever wrote the Markdown.
MYST_OWN_RAW = re.compile(
    r'<br />\n|\\\\\n|<input class="task-list-item-checkbox" (?:checked="checked" )?'
    r'(?:disabled="disabled" )?type="checkbox">'
)


def sandboxed(env: BuildEnvironment) -> bool:
    return not env.config.rri_trust_pages


def schemes_of(env: BuildEnvironment) -> tuple[str, ...]:
    return tuple(env.config.rri_url_schemes)


def record(env: BuildEnvironment, line: int | None, message: str, source: str | None) -> None:
    """Keep a refusal on the page, with the file (an included one) it was written in."""
    recorder = recorder_of(env)
    if recorder is None:
        return
    page = recorder.page
    included = included_source(env, source) if source else ""
    diag = Diagnostic(page.docname, line or 1, Subtype.UNSAFE, message, included or page.source)
    if diag not in page.reader_problems:
        page.reader_problems.append(diag)


def _base_dir(env: BuildEnvironment, source: str | None) -> Path:
    if source and not source.startswith("<"):
        path = Path(source.split(":docstring of ")[0])
        if path.is_absolute():
            return path.parent
    return Path(env.doc2path(env.docname)).parent


def _check_directive(
    env: BuildEnvironment,
    name: str,
    arguments: list[str],
    options: dict[str, Any],
    content: list[str],
    source: str | None,
) -> str | None:
    if name == "meta":
        return meta_problem(meta_fields(content))
    return directive_problem(
        name,
        arguments[0] if arguments else "",
        options,
        _base_dir(env, source),
        Path(env.srcdir),
        schemes_of(env),
        env.config.language,
    )


def guard(base: type, name: str) -> type:
    """``base`` (the directive class of ``name``) checked by the sandbox before it runs.
    The directive is judged by ``name``, whatever name the page wrote (a language's own
    name for it, say)."""

    def run(self: Any) -> list[nodes.Node]:
        env = self.state.document.settings.env
        if sandboxed(env):
            # The line in the file it is written in: after an rST include, docutils'
            # own line numbers count the included lines too.
            source, line = self.state_machine.get_source_and_line(self.lineno)
            problem = _check_directive(
                env, name, list(self.arguments), dict(self.options), list(self.content), source
            )
            if problem:
                record(env, line or self.lineno, problem, source)
                return []
        for option, convert in deferred.items():
            if option in self.options:
                try:
                    self.options[option] = convert(self.options[option])
                except ValueError as error:
                    raise self.error(
                        f'invalid option value: (option: "{option}"; {error})'
                    ) from error
        result: list[nodes.Node] = base.run(self)  # type: ignore[attr-defined]
        if name == "role" and sandboxed(env):
            source, _line = self.state_machine.get_source_and_line(self.lineno)
            _defuse_raw_role(env, self.content[0] if self.content else "", self.lineno, source)
        return result

    # docutils converts option values before a directive runs, and ``:parser:``'s
    # converter imports the module it names: here the value stays text until the
    # sandbox has judged it (and is converted only for trusted pages).
    spec = dict(getattr(base, "option_spec", None) or {})
    deferred = {o: convert for o, convert in spec.items() if convert is _IMPORTS_MODULE}
    for option in deferred:
        spec[option] = _as_text_option
    members: dict[str, Any] = {"run": run}
    if deferred:
        members["option_spec"] = spec
    return type(f"Sandboxed{base.__name__}", (base,), members)


def _as_text_option(value: str | None) -> str:
    return (value or "").strip()


def _raw_format(role: Any) -> str | None:
    """The formats of a role made by the ``role`` directive on top of ``raw`` (at any
    depth), or None when it is not."""
    from docutils.parsers.rst import roles

    options: dict[str, Any] = {}
    role = getattr(role, "__wrapped__", role)  # the build's guard around every role
    while isinstance(role, roles.CustomRole):
        options = {**(role.supplied_options or {}), **options}
        role = getattr(role.base_role, "__wrapped__", role.base_role)
    if role is roles.raw_role:
        return str(options.get("format", ""))
    return None


def _defuse_raw_role(env: BuildEnvironment, written: str, line: int, source: str | None) -> None:
    """A role the page just defined on top of ``raw`` is defined again as one that shows
    its text as text (docutils keeps roles for the rest of the build, so a later page
    could use it too); the definition is reported."""
    from docutils.parsers.rst import roles
    from docutils.parsers.rst.directives.misc import Role

    match = Role.argument_pattern.match(written)
    if not match:
        return
    name = match.group(1)
    defined = roles._roles.get(name.lower())
    formats = _raw_format(defined)
    if formats is None:
        return
    problem = raw_role_problem(name, formats, bool(env.config.rri_allow_raw_html))
    if problem is None:
        return
    record(env, line, problem, source)
    as_text = roles.GenericRole(name, nodes.literal)
    roles.register_local_role(name, roles.CustomRole(name, as_text, {"class": ["rri-raw"]}))


class SandboxRenderer(SphinxRenderer):
    """MyST's renderer, with substitutions restricted to names and MyST's own include
    path checked."""

    def render_s(self, token: Any) -> None:
        """Strikethrough as a styled span in every format, instead of MyST's raw ``<s>``
        tags (which the sandbox would show as text)."""
        span = nodes.inline(classes=["rri-strike"])
        self.add_line_and_source_path(span, token)
        with self.current_node_context(span, append=True):
            self.render_children(token)

    def render_link(self, token: Any) -> None:
        """A link whose target markdown-it itself refuses (``javascript:`` and the like)
        is read as a link (see :func:`sphinx_rri.sandbox.permit_links`), reported, and
        shown as its text."""
        href = str(token.attrGet("href") or "")
        env = self.sphinx_env
        if env is not None and sandboxed(env) and markdown_refuses(href):
            problem = url_problem(href, schemes_of(env))
            if problem:
                line = token_line(token, 0) or getattr(self.current_node, "line", None)
                record(env, line, problem, self.document["source"])
            span = nodes.inline()
            with self.current_node_context(span, append=True):
                self.render_children(token)
            return
        super().render_link(token)

    def render_substitution(self, token: Any, inline: bool) -> None:
        env = self.sphinx_env
        if env is not None and sandboxed(env):
            problem = substitution_problem(token.content)
            if problem:
                # A block token knows its line; an inline one is on its paragraph's.
                line = token_line(token, 0) or getattr(self.current_node, "line", None)
                record(env, line, problem, self.document["source"])
                text = "{{" + token.content + "}}"
                node: nodes.Node = (
                    nodes.literal(text, text) if inline else nodes.literal_block(text, text)
                )
                self.current_node.append(node)
                return
        super().render_substitution(token, inline)

    def run_directive(
        self, name: str, first_line: str, content: str, position: int, *args: Any, **kwargs: Any
    ) -> list[nodes.Element]:
        env = self.sphinx_env
        if env is not None and sandboxed(env):
            from docutils.parsers.rst import directives
            from docutils.parsers.rst.directives.misc import Include
            from myst_parser.parsers.directives import MarkupError, parse_directive_text

            klass, _messages = directives.directive(name, self.language_module_rst, self.document)
            if klass is not None and issubclass(klass, Include):
                try:
                    parsed = parse_directive_text(klass, first_line, content, line=position)
                except MarkupError:
                    parsed = None
                if parsed is not None:
                    source = self.document["source"]
                    problem = _check_directive(
                        env, "include", parsed.arguments, parsed.options, [], source
                    )
                    if problem:
                        record(env, position, problem, source)
                        return []
        result: list[nodes.Element] = super().run_directive(
            name, first_line, content, position, *args, **kwargs
        )
        return result


class SandboxedMystParser(MystParser):
    """MyST's Sphinx parser; while pages are sandboxed, page-level configuration in
    front matter (``myst:``, ``substitutions:``, ``html_meta:``) is not merged (the
    gates report it from the front matter) and the renderer is :class:`SandboxRenderer`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not sandboxed(env):
            super().parse(inputstring, document)
            return
        parser = permit_links(create_md_parser(env.myst_config, SandboxRenderer))
        parser.options["document"] = document
        parser.render(inputstring)


def _line_of(node: nodes.Node) -> int | None:
    while node is not None:
        line = getattr(node, "line", None)
        if line:
            return int(line)
        node = node.parent
    return None


def _source_of(node: nodes.Node) -> str | None:
    while node is not None:
        source = getattr(node, "source", None)
        if source:
            return str(source)
        node = node.parent
    return None


def _as_text(node: nodes.Element, text: str) -> nodes.Element:
    inline = isinstance(node.parent, nodes.TextElement)
    replacement: nodes.Element = (
        nodes.literal(text, text, classes=["rri-raw"])
        if inline
        else nodes.literal_block(text, text, classes=["rri-raw"])
    )
    replacement.line = node.line
    replacement.source = node.source
    return replacement


#: The nodes ``judge_tree`` judges.
_JUDGED_KINDS: tuple[type[nodes.Node], ...] = (
    nodes.raw,
    nodes.reference,
    nodes.target,
    nodes.image,
    addnodes.download_reference,
    nodes.meta,
    addnodes.toctree,
    nodes.math,
    nodes.math_block,
)


def judge_tree(
    env: BuildEnvironment, tree: nodes.Element, only: Callable[[nodes.Node], bool] | None = None
) -> None:
    """Report and neutralise what the sandbox refuses in ``tree`` (a page, or content a
    directive parsed and then left out of the page; ``only`` picks the nodes judged):
    raw output, references, targets, images, downloads, meta, toctree entries and math."""

    # One walk of the tree finds every node judged, by kind (a page has thousands of
    # nodes, and a directive's content is walked again by each directive around it).
    judged: dict[type[nodes.Node], list[Any]] = {kind: [] for kind in _JUDGED_KINDS}
    for node in elements(tree, _JUDGED_KINDS):
        if only is not None and not only(node):
            continue
        for kind, bucket in judged.items():
            if isinstance(node, kind):
                bucket.append(node)
    gone: set[int] = set()  # replaced by an earlier kind's judgement: no longer in the tree

    def found(kind: type[nodes.Node]) -> list[Any]:
        return [node for node in judged[kind] if id(node) not in gone]

    def note(node: nodes.Node, message: str) -> None:
        record(env, _line_of(node), message, _source_of(node))

    allow_html = bool(env.config.rri_allow_raw_html)
    srcdir = Path(env.srcdir)
    schemes = schemes_of(env)
    for raw in found(nodes.raw):
        formats = str(raw.get("format", ""))
        text = raw.astext()
        if allow_html and formats.split() == ["html"]:
            continue
        if formats in ("html", "latex") and MYST_OWN_RAW.fullmatch(text):
            continue
        problem = raw_problem(formats, text)
        if problem:
            note(raw, problem)
            raw.replace_self(_as_text(raw, text))
            gone.add(id(raw))
    for ref in found(nodes.reference):
        uri = ref.get("refuri")
        if uri is None:
            continue
        problem = url_problem(str(uri), schemes)
        if problem:
            # A reference to a target (``x_``, ``|sub|_``, ``anonymous`__``) got its URI
            # from the target, which is judged where it is written.
            if not getattr(ref, "resolved", False):
                note(ref, problem)
            ref.replace_self(nodes.inline(ref.rawsource, "", *ref.children))
            gone.add(id(ref))
    for target in found(nodes.target):
        uri = target.get("refuri")
        problem = url_problem(str(uri), schemes) if uri is not None else None
        if problem:
            # A named or anonymous target (``.. _x: javascript:...``, ``__ ...``) is
            # judged where it is written; the target made by an embedded URI is the
            # reference's own.
            named = target.get("names") or target.get("dupnames") or target.get("anonymous")
            if named and target.line:
                note(target, problem)
            del target["refuri"]
    for image in found(nodes.image):
        uri = str(image.get("uri", ""))
        if url_scheme(uri) is not None:
            problem = url_problem(uri, schemes)
        else:
            base = _base_dir(env, _source_of(image))
            problem = image_path_problem(uri, base, srcdir, env.config.language)
            problem = problem or image_name_problem(uri)
            problem = f"image: {problem}" if problem else None
        if problem:
            note(image, problem)
            alt = str(image.get("alt", ""))
            image.replace_self(nodes.inline(alt, alt) if alt else nodes.inline())
            gone.add(id(image))
    for download in found(addnodes.download_reference):
        target_name = str(download.get("reftarget", ""))
        if url_scheme(target_name) is not None:
            # A remote download is a link: judged as references are.
            problem = url_problem(target_name, schemes)
        else:
            base = _base_dir(env, _source_of(download))
            path = path_problem(target_name, base, srcdir)
            path = path or active_download_problem(target_name)
            problem = f"download: {path}" if path else None
        if problem:
            note(download, problem)
            download.replace_self(nodes.inline("", "", *download.children))
            gone.add(id(download))
    for meta in found(nodes.meta):
        problem = meta_problem(list(meta.attributes))
        if problem:
            note(meta, problem)
            meta.parent.remove(meta)
            gone.add(id(meta))
    for toctree in found(addnodes.toctree):
        included = set(toctree.get("includefiles", ()))
        kept = []
        for title, ref in toctree.get("entries", ()):
            entry = ref if title is None else f"{title} <{ref}>"
            problem = None if ref in included else toctree_problem(entry, schemes)
            if problem:
                note(toctree, problem)
            else:
                kept.append((title, ref))
        toctree["entries"] = kept
    maths = [*found(nodes.math), *found(nodes.math_block)]
    for math in maths:
        label = math.get("label")
        problem = tex_problem(math.astext()) or (math_label_problem(str(label)) if label else None)
        if problem:
            note(math, problem)
            if label:
                # No reference may lead to it either (``{eq}`` writes the label too).
                equations = env.get_domain("math").equations  # type: ignore[attr-defined]
                if equations.get(str(label), ("",))[0] == env.docname:
                    del equations[str(label)]
            math.replace_self(_as_text(math, math.astext()))


class PagesAreOnlyText(SphinxTransform):
    """Raw output as text, unlinked references, no files from outside, no TeX primitives.

    After docutils has resolved hyperlink targets into ``refuri`` (priority 640), and
    before Sphinx emits ``doctree-read`` (its transform at 880), where its collectors copy
    images and downloads.
    """

    default_priority = 850

    def apply(self, **kwargs: Any) -> None:
        if sandboxed(self.env):
            judge_tree(self.env, self.document)


class UnlinkUnsafeReferences(SphinxPostTransform):
    """The last word before writing, for every builder: a reference whose target has a
    scheme outside ``rri_url_schemes`` is text, however it got its target (reported
    where it was read)."""

    default_priority = 990

    def run(self, **kwargs: Any) -> None:
        if not sandboxed(self.env):
            return
        schemes = schemes_of(self.env)
        for ref in elements(self.document, nodes.reference):
            uri = ref.get("refuri")
            if uri is not None and url_problem(str(uri), schemes):
                ref.replace_self(nodes.inline(ref.rawsource, "", *ref.children))


#: Appended to the ``latexmkrc`` Sphinx writes: TeX Live reads its file access policy
#: from these variables (the environment overrides texmf.cnf), and the engines are told
#: to keep shell escape off whatever a configuration file says.
LATEXMKRC_SANDBOX = """
# sphinx-rri: pages are only text (rri_trust_pages = False). TeX runs with shell escape
# off and opens files only below this folder (no absolute paths, no "..", no dot files).
$ENV{'shell_escape'} = 'f';
$ENV{'openin_any'} = 'p';
$ENV{'openout_any'} = 'p';
foreach my $engine (\\$latex, \\$pdflatex, \\$lualatex, \\$xelatex) {
  $$engine =~ s/^(\\S+)/$1 -no-shell-escape/ unless $$engine =~ /-no-shell-escape/;
}
"""


def restrict_tex(app: Sphinx, exception: BaseException | None) -> None:
    """Make the LaTeX project's own build run TeX restricted (see LATEXMKRC_SANDBOX)."""
    if exception is not None or app.builder.name != "latex" or not sandboxed(app.env):
        return
    rc = Path(app.outdir) / "latexmkrc"
    if rc.is_symlink() or not rc.is_file():
        return
    text = rc.read_text(encoding="utf-8")
    if "sphinx-rri: pages are only text" not in text:
        from .builder import write_atomic

        write_atomic(rc, (text.rstrip("\n") + "\n" + LATEXMKRC_SANDBOX).encode("utf-8"))


class NoRemoteImageFetch(SphinxPostTransform):
    """Builders that cannot show a remote image (LaTeX, epub, ...) have Sphinx download
    it during the build: in sandbox mode nothing is fetched, the image's text is shown."""

    default_priority = 90  # before Sphinx's ImageDownloader (100)

    def run(self, **kwargs: Any) -> None:
        if not sandboxed(self.env) or builder_class(self.env).supported_remote_images:
            return
        for image in elements(self.document, nodes.image):
            if "://" in str(image.get("uri", "")):
                alt = str(image.get("alt", "")) or str(image.get("uri", ""))
                image.replace_self(nodes.inline(alt, alt))


def _registered(name: str) -> type | None:
    """The directive class registered for ``name`` now (Sphinx's, or docutils' own)."""
    import importlib

    from docutils.parsers.rst import directives

    found = directives._directives.get(name)
    if found is None and name in directives._directive_registry:
        module, cls = directives._directive_registry[name]
        found = getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module}"), cls)
    return found


def guard_localised_names(app: Sphinx, config: Any) -> None:
    """docutils also finds its directives by the names of the project's language
    (``roh`` is ``raw`` in German, ``inclure`` is ``include`` in French): those names
    are guarded too, or a page could name a directive past the sandbox."""
    from docutils.parsers.rst.languages import get_language

    language = get_language(config.language or "en")
    for local, canonical in getattr(language, "directives", {}).items():
        local = local.lower()
        if canonical in GUARDED and local not in GUARDED:
            base = _registered(canonical)
            if base is not None:
                app.add_directive(local, guard(base, canonical), override=True)


class _AnyOptions(dict[str, Any]):
    """An option spec that takes every option, so a refused directive never fails on
    one (it reports the refusal, and nothing else)."""

    def __missing__(self, key: str) -> Any:
        return lambda value: value

    def __contains__(self, key: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


_ANY_OPTION = _AnyOptions()


def refuse_code_directives(app: Sphinx) -> None:
    """Once every extension has set up: the directives that run code on the page's text
    (see :data:`sphinx_rri.sandbox.CODE_DIRECTIVES`) are refused while pages are
    sandboxed, whichever extension registered them."""
    from docutils.parsers.rst import Directive, directives

    if not sandboxed(app.env):
        return
    if "autosummary_generate" in app.config and app.config.autosummary_generate:
        # autosummary writes stub pages for the modules that pages' autosummary
        # directives name, importing them, before any page is read.
        app.config.autosummary_generate = False
        logger.info(
            "sphinx-rri: autosummary_generate is off while pages are sandboxed "
            "(rri_trust_pages = False)"
        )
    for name in CODE_DIRECTIVES:
        if name not in directives._directives:
            continue

        class Refused(Directive):
            has_content = True
            optional_arguments = 100
            final_argument_whitespace = True
            option_spec = _ANY_OPTION

            def run(self) -> list[nodes.Node]:
                env = self.state.document.settings.env
                source, line = self.state_machine.get_source_and_line(self.lineno)
                record(env, line or self.lineno, code_directive_problem(self.name) or "", source)
                return []

        app.add_directive(name, Refused, override=True)


def ignore_docutils_conf(app: Sphinx, config: Any) -> None:
    """While pages are sandboxed the build reads no ``docutils.conf``: Sphinx would read
    one beside ``conf.py``, a file a pull request can add like a page, and its settings
    reach every page (where docutils reads files from, the addresses of ``:pep:`` and
    ``:rfc:`` links, the file warnings are written to). ``validate`` never reads one
    either, so both gates read the pages with the same settings.

    docutils finds its configuration files through ``DOCUTILSCONFIG`` (Sphinx points it
    at the one beside ``conf.py`` for the whole build); an empty value names none. It
    is set once the configuration is read, before any builder asks docutils for
    settings (Sphinx 8's HTML builder does so when it is made), and put back when the
    build ends."""
    if config.rri_trust_pages:
        return
    app._rri_docutilsconfig = os.environ.get("DOCUTILSCONFIG")  # type: ignore[attr-defined]
    os.environ["DOCUTILSCONFIG"] = ""


def disable_docutils_conf(app: Sphinx) -> None:
    """The environment's settings say the same to every reader and writer that gets
    them (``_disable_config``), whatever the environment variable says by then."""
    if sandboxed(app.env):
        app.env.settings["_disable_config"] = True


def restore_docutils_conf(app: Sphinx, exception: BaseException | None) -> None:
    if not hasattr(app, "_rri_docutilsconfig"):
        return
    previous = app._rri_docutilsconfig
    del app._rri_docutilsconfig
    if previous is None:
        os.environ.pop("DOCUTILSCONFIG", None)
    else:
        os.environ["DOCUTILSCONFIG"] = previous


#: What the sandbox adds to the MathJax configuration: MathJax's own filter of what
#: math may put into the page (``ui/safe``: links only to web addresses, no classes,
#: ids or styles of the page's choosing), and typesetting only inside Sphinx's math
#: elements, so text elsewhere that looks like math (``\(...\)``, ``$$...$$`` in a
#: paragraph, a title, an attribute) is never read by MathJax.
MATHJAX_SANDBOX: dict[str, Any] = {
    "loader": {"load": ["ui/safe"]},
    "startup": {"elements": [".math"]},
}


def restrict_mathjax(app: Sphinx, config: Any) -> None:
    """Merge :data:`MATHJAX_SANDBOX` into the project's MathJax configuration (the one
    for the MathJax version Sphinx loads); what ``conf.py`` sets itself is kept."""
    if config.rri_trust_pages:
        return
    names = [n for n in ("mathjax4_config", "mathjax3_config") if n in config]
    if not names:
        return
    # Every configuration the project sets (Sphinx writes each one), else the one for
    # the MathJax version Sphinx loads.
    for name in [n for n in names if config[n]] or names[:1]:
        config[name] = _mathjax_sandboxed(config[name])


def _mathjax_sandboxed(settings: dict[str, Any] | None) -> dict[str, Any]:
    merged = dict(settings or {})
    loader = dict(merged.get("loader") or {})
    load = list(loader.get("load") or [])
    if "ui/safe" not in load:
        load.append("ui/safe")
    loader["load"] = load
    merged["loader"] = loader
    startup = dict(merged.get("startup") or {})
    startup.setdefault("elements", list(MATHJAX_SANDBOX["startup"]["elements"]))
    merged["startup"] = startup
    return merged


def setup_sandbox(app: Sphinx) -> None:
    for name in GUARDED:
        base = _registered(name)
        if base is not None:
            app.add_directive(name, guard(base, name), override=True)
    app.connect("config-inited", guard_localised_names)
    app.connect("config-inited", restrict_mathjax)
    app.connect("config-inited", ignore_docutils_conf)
    app.connect("builder-inited", disable_docutils_conf, priority=100)
    app.connect("build-finished", restore_docutils_conf)
    # Before autosummary's own builder-inited handler (priority 500).
    app.connect("builder-inited", refuse_code_directives, priority=100)
    app.add_source_parser(SandboxedMystParser, override=True)
    app.add_transform(PagesAreOnlyText)
    app.add_post_transform(UnlinkUnsafeReferences)
    app.add_post_transform(NoRemoteImageFetch)
    app.connect("build-finished", restrict_tex)
