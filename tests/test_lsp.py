"""The language server, end to end: a scripted client talks to ``sphinx-rri lsp``.

One server process serves the whole module (it loads a project per ``conf.py``, so each
test writes its own). The diagnostics it publishes must be ``validate``'s, finding for
finding, on every case file of ``tests/cases``; editing, closing, another page's change
and a changed ``conf.py`` must each publish what ``validate`` would say then.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from sphinx_rri.cli import main as cli_main
from sphinx_rri.model.records import ALLOWED_OPTIONS
from test_cases import CASES, parse_case, write_project

pytestmark = pytest.mark.asyncio(loop_scope="module")

VALIDATE_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<kind>error|gap): (?P<message>.*) \[(?P<code>[\w.]+)\]$"
)


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "sphinx_rri", "lsp"],
        server_env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ),
)
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    params = types.InitializeParams(capabilities=types.ClientCapabilities())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def validate(root: Path) -> dict[str, set[tuple[int, str, str, str]]]:
    """``validate``'s findings by file URI: (0-based line, kind, message, code)."""
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(root)
        with contextlib.redirect_stdout(out):
            cli_main(["validate", "."])
    finally:
        os.chdir(cwd)
    found: dict[str, set[tuple[int, str, str, str]]] = {}
    for line in out.getvalue().splitlines()[:-1]:
        match = VALIDATE_LINE.match(line)
        assert match, line
        key = uri(root / match["path"])
        found.setdefault(key, set()).add(
            (int(match["line"]) - 1, match["kind"], match["message"], match["code"])
        )
    return found


def published(client: LanguageClient, key: str) -> set[tuple[int, str, str, str]]:
    kinds = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Information: "gap"}
    return {
        (d.range.start.line, kinds[d.severity], d.message, str(d.code))  # type: ignore[index]
        for d in client.diagnostics.get(key, [])
    }


async def open_page(client: LanguageClient, path: Path, text: str | None = None) -> str:
    key = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=key,
                language_id="restructuredtext" if path.suffix == ".rst" else "markdown",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    await settle(client, key)
    return key


async def settle(client: LanguageClient, key: str) -> None:
    """Wait until the server has handled everything sent so far: it answers requests in
    order, after the notifications it sent while handling the earlier messages."""
    await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=key))
    )


def replace_all(client: LanguageClient, key: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=key, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def close(client: LanguageClient, key: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=key))
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
async def test_diagnostics_are_validates_on_every_case(
    client: LanguageClient, case: Path, tmp_path: Path
) -> None:
    files, _ = parse_case(case)
    files.pop("other-warnings", None)
    write_project(tmp_path, files)
    expected = validate(tmp_path)
    keys = [await open_page(client, tmp_path / name) for name in sorted(files)]
    for key in keys:
        assert published(client, key) == expected.get(key, set()), key
    # Every file with a finding was opened, so nothing validate says went unpublished.
    assert set(expected) <= set(keys)
    for key in keys:
        close(client, key)
    await settle(client, keys[0])
    assert {k: list(client.diagnostics[k]) for k in keys} == {k: [] for k in keys}


PAGE = """\
---
title: Live
track: rri
module: rri-101
---
# Live

:::::{{task-card}} Data Analysis
:id: {id}

::::{{task-description}}
What it is.
::::

::::{{task-importance}}
Why it matters.
::::

::::{{illustrative-example}}
:::{{example}} Health care
A worked example.
:::

:::{{example}} Environmental Sciences
Another one.
:::
::::
:::::
"""

LINKS = """\
---
title: Links
track: rri
module: rri-101
---
# Links

See {rri:task}`data-analysis`.
"""


def course(root: Path) -> Path:
    root.mkdir()
    write_project(root, {"live.md": PAGE.format(id="data-analysis"), "links.md": LINKS})
    return root


async def test_a_change_is_read_from_the_buffer_and_closing_goes_back_to_disk(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = course(tmp_path / "p")
    key = await open_page(client, root / "live.md")
    assert published(client, key) == set()
    broken = PAGE.format(id="data-analysis").replace("A worked example.", "Coming soon!")
    replace_all(client, key, broken, 2)
    await settle(client, key)
    # The file on disk did not change: the finding comes from the editor's text.
    (root / "live.md").write_text(broken, encoding="utf-8")
    assert published(client, key) == validate(root)[key]
    (root / "live.md").write_text(PAGE.format(id="data-analysis"), encoding="utf-8")
    assert published(client, key) == {
        (19, "gap", "example for 'Health care' in 'Data Analysis' is a placeholder", "rri.gap")
    }
    close(client, key)
    await settle(client, key)
    assert list(client.diagnostics[key]) == []


async def test_an_edit_on_one_page_republishes_another_open_page(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = course(tmp_path / "p")
    live = await open_page(client, root / "live.md")
    links = await open_page(client, root / "links.md")
    assert published(client, links) == set()
    replace_all(client, live, PAGE.format(id="data-analytics"), 2)
    await settle(client, live)
    assert published(client, links) == {
        (
            7,
            "error",
            "unknown task id 'data-analysis' (did you mean 'data-analytics'?)",
            "rri.ref",
        )
    }
    replace_all(client, live, PAGE.format(id="data-analysis"), 3)
    await settle(client, live)
    assert published(client, links) == set()
    close(client, live)
    close(client, links)


async def test_a_saved_conf_py_is_read_again(client: LanguageClient, tmp_path: Path) -> None:
    root = course(tmp_path / "p")
    key = await open_page(client, root / "live.md")
    assert published(client, key) == set()
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'rri_example_domains = ["Health care", "Law"]\n',
        encoding="utf-8",
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(conf), type=types.FileChangeType.Changed)]
        )
    )
    await settle(client, key)
    assert published(client, key) == validate(root)[key]
    assert any("missing example for Law" in d.message for d in client.diagnostics[key])
    # A value conf.py sets by running code is validate's error at its line of conf.py.
    conf.write_text(
        'extensions = ["sphinx_rri"]\nrri_stages = [s for s in ["design"]]\n', encoding="utf-8"
    )
    saved(client, conf)
    await settle(client, key)
    expected = validate(root)
    assert published(client, uri(conf)) == expected[uri(conf)]
    assert [line for line, *_ in expected[uri(conf)]] == [1]
    assert published(client, key) == expected.get(key, set())
    # A conf.py that cannot be read is an error at conf.py, and the pages show nothing.
    conf.write_text("rri_example_domains = 3\n", encoding="utf-8")
    saved(client, conf)
    await settle(client, key)
    assert list(client.diagnostics[key]) == []
    assert [d.severity for d in client.diagnostics[uri(conf)]] == [types.DiagnosticSeverity.Error]
    assert "rri_example_domains must be a list" in client.diagnostics[uri(conf)][0].message
    close(client, key)


def saved(client: LanguageClient, path: Path) -> None:
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri(path)))
    )


async def test_a_quick_fix_repairs_its_finding(client: LanguageClient, tmp_path: Path) -> None:
    root = course(tmp_path / "p")
    text = PAGE.format(id="data-analysis").replace("A worked example.", "Coming soon!")
    key = await open_page(client, root / "live.md", text)
    (finding,) = client.diagnostics[key]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=key),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    assert actions is not None
    (action,) = actions
    assert isinstance(action, types.CodeAction)
    assert action.title == "Mark the example for 'Health care' as :status: coming-soon"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[key]
    lines = text.split("\n")
    start, end = edit.range.start.line, edit.range.end.line
    fixed = "\n".join(lines[:start]) + "\n" + edit.new_text + "\n".join(lines[end:])
    assert ":status: coming-soon" in fixed and "Coming soon!" not in fixed
    replace_all(client, key, fixed, 2)
    await settle(client, key)
    assert published(client, key) == {
        (
            19,
            "gap",
            "example for 'Health care' in 'Data Analysis' is marked coming soon",
            "rri.gap",
        )
    }
    close(client, key)


NAVIGATE = """\
---
title: Links
track: rri
module: rri-101
---
# Links

See {rri:task}`data-analysis` and {rri:task}`the task <data-analysis>`.

::::{next-steps}
:::{step} Back
:doc: live
:::
::::
"""


async def features_project(client: LanguageClient, root: Path) -> tuple[str, str]:
    root.mkdir()
    write_project(root, {"live.md": PAGE.format(id="data-analysis"), "links.md": NAVIGATE})
    return await open_page(client, root / "live.md"), await open_page(client, root / "links.md")


async def completions(
    client: LanguageClient, key: str, text: str, line: int, character: int | None = None
) -> list[types.CompletionItem]:
    replace_all(client, key, text, 100)
    at = len(text.split("\n")[line]) if character is None else character
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=key),
            position=types.Position(line=line, character=at),
        )
    )
    assert isinstance(result, types.CompletionList)
    return result.items


def with_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines.insert(line, new)
    return "\n".join(lines)


async def test_completion_offers_what_the_checks_accept(
    client: LanguageClient, tmp_path: Path
) -> None:
    live, links = await features_project(client, tmp_path / "p")
    page = PAGE.format(id="data-analysis")
    # Directive names after a fence's brace, replacing what is typed.
    items = await completions(client, live, with_line(page, 6, ":::{task-d"), 6)
    assert [i.label for i in items][:3] == ["task-card", "task-description", "task-importance"]
    edit = items[1].text_edit
    assert isinstance(edit, types.TextEdit)
    assert (edit.range.start.character, edit.new_text) == (4, "task-description}")
    # Options of the directive around the cursor (those not written yet).
    items = await completions(client, live, with_line(page, 9, ":"), 9)
    assert [i.label for i in items] == [o for o in ALLOWED_OPTIONS["task-card"] if o != "id"]
    assert "stage" in [i.label for i in items]
    items = await completions(client, live, with_line(page, 9, ":stage: "), 9)
    assert [i.label for i in items] == ["project-design", "model-development", "system-deployment"]
    # Domains as an example's argument, statuses of an example.
    items = await completions(client, live, with_line(page, 19, ":::{example} "), 19)
    assert [i.label for i in items] == ["Health care", "Environmental Sciences"]
    items = await completions(client, live, with_line(page, 20, ":status: "), 20)
    assert [i.label for i in items] == ["coming-soon", "not-applicable"]
    # Task ids with their titles, document names.
    text = NAVIGATE.replace("See {rri:task}`data-analysis`", "See {rri:task}`da")
    items = await completions(client, links, text, 7, len("See {rri:task}`da"))
    assert [(i.label, i.detail) for i in items] == [("data-analysis", "Data Analysis (live)")]
    items = await completions(client, links, NAVIGATE.replace(":doc: live", ":doc: l"), 11)
    assert [i.label for i in items] == ["index", "live"]
    # Front matter keys not yet written, and the values a key allows.
    items = await completions(client, live, with_line(page, 4, "st"), 4)
    assert {"stage", "status", "learning_objectives"} <= {i.label for i in items}
    assert "title" not in {i.label for i in items}
    items = await completions(client, live, with_line(page, 4, "status: "), 4)
    assert [i.label for i in items] == ["draft", "review", "published", "deprecated", "retired"]
    close(client, live)
    close(client, links)


async def test_hover_definition_and_references(client: LanguageClient, tmp_path: Path) -> None:
    live, links = await features_project(client, tmp_path / "p")
    role = types.Position(line=7, character=20)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=links), position=role)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**Data Analysis** (`data-analysis`)\n")
    assert "- Task Description: Written" in hover.contents.value
    assert "  - Environmental Sciences: Written" in hover.contents.value
    # The same on the card's own line, and a gap shows as one.
    replace_all(client, live, PAGE.format(id="data-analysis").replace("Another one.", ""), 2)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=live),
            position=types.Position(line=7, character=3),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "  - Environmental Sciences: Coming soon" in hover.contents.value

    explicit = types.Position(line=7, character=50)  # the role with an explicit title
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=links), position=explicit
        )
    )
    assert [(loc.uri, loc.range.start.line) for loc in found] == [(live, 7)]  # type: ignore[union-attr]
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=links),
            position=types.Position(line=11, character=7),
        )
    )
    assert [(loc.uri, loc.range.start.line) for loc in found] == [(live, 0)]  # type: ignore[union-attr]

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=live),
            position=types.Position(line=7, character=3),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [(loc.uri, loc.range.start.line) for loc in refs or []] == [
        (live, 7),
        (links, 7),
        (links, 7),
    ]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=links),
            position=types.Position(line=11, character=7),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert [(loc.uri, loc.range.start.line) for loc in refs or []] == [(links, 10)]
    close(client, live)
    close(client, links)


async def test_symbols_and_folding_follow_the_cards(client: LanguageClient, tmp_path: Path) -> None:
    live, links = await features_project(client, tmp_path / "p")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=live))
    )
    assert symbols is not None
    (card,) = symbols
    assert isinstance(card, types.DocumentSymbol)
    assert (card.name, card.detail, card.range.start.line, card.range.end.line) == (
        "Data Analysis",
        "data-analysis",
        7,
        27,
    )
    assert [c.name for c in card.children or []] == [
        "task-description",
        "task-importance",
        "illustrative-example",
    ]
    examples = (card.children or [])[2].children or []
    assert [(e.name, e.detail) for e in examples] == [
        ("Health care", "written"),
        ("Environmental Sciences", "written"),
    ]
    ranges = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=live))
    )
    assert [(r.start_line, r.end_line) for r in ranges or []] == [
        (7, 27),
        (10, 12),
        (14, 16),
        (18, 26),
        (19, 21),
        (23, 25),
    ]
    close(client, live)
    close(client, links)


DOCS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "guide" / "live-checks.md"


def docs_transcript() -> list[str]:
    """The transcript block of "Write with live checks" (the text block after its
    heading "A session, as a transcript")."""
    text = DOCS_PAGE.read_text(encoding="utf-8")
    after = text.split("## A session, as a transcript", 1)[1]
    block = after.split("```text\n", 1)[1].split("\n```", 1)[0]
    return block.split("\n")


async def test_the_transcript_in_the_docs_is_what_the_server_says(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = course(tmp_path / "p")
    names = {uri(root / "live.md"): "live.md", uri(root / "links.md"): "links.md"}
    severities = {
        types.DiagnosticSeverity.Error: "error",
        types.DiagnosticSeverity.Information: "information",
    }
    out: list[str] = []
    seen: dict[str, list[str]] = {}

    def report() -> None:
        for key, name in names.items():
            now = [
                f"< {name}:{d.range.start.line + 1}: {severities[d.severity]}: {d.message} "  # type: ignore[index]
                f"[{d.code}]"
                for d in client.diagnostics.get(key, [])
            ]
            if key not in client.diagnostics:
                continue
            if now != seen.get(key):
                out.extend(now or [f"< {name}: no findings"])
            seen[key] = now

    live = await open_page(client, root / "live.md")
    out.append("> open live.md")
    report()
    links = await open_page(client, root / "links.md")
    out.append("> open links.md")
    report()
    text = PAGE.format(id="data-analysis")
    text = text.replace("A worked example.", "Coming soon!")
    out.append('> change live.md:21 to "Coming soon!"')
    replace_all(client, live, text, 2)
    await settle(client, live)
    report()
    out.append("> quick fixes at live.md:20")
    (finding,) = client.diagnostics[live]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=live),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    out += [f"< {a.title}" for a in actions or []]
    out.append("> apply it")
    text = text.replace("Coming soon!", ":status: coming-soon")
    replace_all(client, live, text, 3)
    await settle(client, live)
    report()
    out.append('> change live.md:9 to ":id: data-analytics"')
    text = text.replace(":id: data-analysis", ":id: data-analytics")
    replace_all(client, live, text, 4)
    await settle(client, live)
    report()
    out.append("> complete links.md:8 after {rri:task}`")
    items = await completions(client, links, LINKS.replace("data-analysis`.", ""), 7)
    out += [f"< {i.label} ({i.detail})" for i in items]
    replace_all(client, links, LINKS, 101)
    out.append("> hover live.md:8")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=live),
            position=types.Position(line=7, character=5),
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    out += [f"< {line}".rstrip() for line in hover.contents.value.split("\n")]
    out.append("> close live.md")
    close(client, live)
    await settle(client, links)
    report()
    close(client, links)
    assert out == docs_transcript(), "\n".join(out)


async def test_an_included_file_saved_is_read_again_by_its_pages(
    client: LanguageClient, tmp_path: Path
) -> None:
    case = Path(__file__).parent / "cases" / "include.case"
    files, _ = parse_case(case)
    write_project(tmp_path, files)
    page = await open_page(client, tmp_path / "page.md")
    card = await open_page(client, tmp_path / "card.txt")
    assert published(client, card) == validate(tmp_path)[card]
    assert len(published(client, card)) == 2
    text = (tmp_path / "card.txt").read_text(encoding="utf-8")
    text = text.replace("::::{task-importance}\n", "::::{task-importance}\nWhy.\n")
    (tmp_path / "card.txt").write_text(text, encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=card, type=types.FileChangeType.Changed)]
        )
    )
    await settle(client, page)
    assert published(client, card) == validate(tmp_path)[card]
    assert len(published(client, card)) == 1
    close(client, page)
    close(client, card)


async def test_a_did_you_mean_finding_has_the_checks_own_quick_fix(
    client: LanguageClient, tmp_path: Path
) -> None:
    files, _ = parse_case(Path(__file__).parent / "cases" / "names-nearly-right-directives.case")
    files.pop("other-warnings", None)
    write_project(tmp_path, files)
    key = await open_page(client, tmp_path / "page.md")
    (finding,) = [d for d in client.diagnostics[key] if "task-crad" in d.message]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=key),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.kind == "quickfix"]
    titles = [a.title for a in fixes]
    assert "Change 'task-crad' to 'task-card'" in titles
    action = fixes[titles.index("Change 'task-crad' to 'task-card'")]
    assert action.is_preferred
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[key]
    assert edit.range.start.line == finding.range.start.line
    assert edit.new_text.startswith(":::{task-card} Deployment")
    close(client, key)
