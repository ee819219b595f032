"""``sphinx-rri init`` and ``sphinx-rri new``: what they write builds with ``-W`` and
validates without errors at once, and nothing is ever overwritten."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from sphinx_rri import scaffold
from sphinx_rri.cli import main as cli_main
from sphinx_rri.contract import config

REPO = Path(__file__).resolve().parents[1]


def validate_json(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = cli_main(["validate", "--format", "json", str(path)])
    return status, json.loads(capsys.readouterr().out)


def conf_values(confpy: Path) -> tuple[dict[str, object], dict[str, list[str]]]:
    """Each assignment of ``conf.py`` (read as literals) and the comment lines above it."""
    lines = confpy.read_text().splitlines()
    values, comments = {}, {}
    for node in ast.parse("\n".join(lines)).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            values[name] = ast.literal_eval(node.value)
            above, line = [], node.lineno - 2
            while line >= 0 and lines[line].startswith("# "):
                above.insert(0, lines[line][2:])
                line -= 1
            comments[name] = above
    return values, comments


def test_init_builds_with_w_and_validates_clean(
    tmp_path: Path, build, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "my-course"
    assert cli_main(["init", str(dest)]) == 0
    written = capsys.readouterr().out.splitlines()
    assert sorted(
        Path(line.removeprefix("wrote ")).relative_to(dest).as_posix() for line in written
    ) == [
        ".github/workflows/course.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "conf.py",
        "gap-report.md",
        "index.md",
        "project-design.md",
    ]
    _, warnings = build(dest, "html", outdir=tmp_path / "html")  # -W: fails on any warning
    assert "WARNING" not in warnings
    assert "Problem Formulation" in (tmp_path / "html" / "project-design.html").read_text()
    assert "rri-gap-report" in (tmp_path / "html" / "gap-report.html").read_text()
    status, report = validate_json(dest, capsys)
    assert status == 0 and report["errors"] == []
    # The card is complete; the one gap is the second domain's example, to be written.
    assert [g["message"] for g in report["gaps"]] == [
        "example for 'Environmental Sciences' in 'Problem Formulation' is marked coming soon"
    ]


def test_conf_py_has_every_option_with_its_help(tmp_path: Path) -> None:
    files = scaffold.course_files(scaffold.CourseOptions())
    (tmp_path / "conf.py").write_text(files["conf.py"])
    values, comments = conf_values(tmp_path / "conf.py")
    for option in config.OPTIONS:
        assert option.name in values, option.name
        assert comments[option.name], f"{option.name} has no comment"
        words = " ".join(comments[option.name])
        assert words == " ".join(option.help.replace("``", "`").split())
        if option.name not in ("rri_tracks",):
            assert values[option.name] == option.default, option.name
        assert config.OPTIONS_BY_NAME[option.name].check(option.name, values[option.name]) is None


def test_a_new_option_appears_in_new_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = config.Option(
        "rri_brand_new",
        ["x"],
        "A value added after this test was written.",
        config._string_list,
        (list,),
    )
    monkeypatch.setattr(config, "OPTIONS", (*config.OPTIONS, extra))
    (tmp_path / "conf.py").write_text(scaffold.conf_py(scaffold.CourseOptions()))
    values, comments = conf_values(tmp_path / "conf.py")
    assert values["rri_brand_new"] == ["x"]
    assert comments["rri_brand_new"] == ["A value added after this test was written."]


def test_init_options_shape_the_project(
    tmp_path: Path, build, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "course"
    status = cli_main(
        [
            "init",
            str(dest),
            "--title",
            'Éthique "des" données',
            "--track",
            "ds",
            "--module",
            "ds-201",
            "--domains",
            "Finance, Public policy,Education",
            "--stages",
            "framing,evaluation",
            "--language",
            "fr",
            "--theme",
            "nature",
        ]
    )
    assert status == 0
    capsys.readouterr()
    values, _ = conf_values(dest / "conf.py")
    assert values["project"] == 'Éthique "des" données'
    assert values["language"] == "fr" and values["html_theme"] == "nature"
    assert values["rri_example_domains"] == ["Finance", "Public policy", "Education"]
    assert values["rri_stages"] == ["framing", "evaluation"]
    page = (dest / "framing.md").read_text()
    assert "track: ds\nmodule: ds-201\nstage: framing\n" in page
    assert page.count(":::{example} ") == 3
    build(dest, "html", outdir=tmp_path / "html")
    status, report = validate_json(dest, capsys)
    assert status == 0 and report["errors"] == []
    assert len(report["gaps"]) == 2  # Public policy and Education still to be written


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "course"
    dest.mkdir()
    (dest / "index.md").write_text("# Mine\n")
    assert cli_main(["init", str(dest)]) == 1
    assert "not overwriting what is there:" in capsys.readouterr().err
    assert (dest / "index.md").read_text() == "# Mine\n"
    assert sorted(p.name for p in dest.iterdir()) == ["index.md"]  # nothing else written
    other = tmp_path / "other"
    assert cli_main(["init", str(other)]) == 0
    before = {p: p.read_bytes() for p in other.rglob("*") if p.is_file()}
    assert cli_main(["init", str(other)]) == 1
    assert {p: p.read_bytes() for p in other.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--track", "Not A Slug"], "--track 'Not A Slug': not a slug"),
        (["--stages", "one,Two"], "--stages: 'Two' is not a slug"),
        (["--domains", "A,,B"], "--domains: every domain needs a name"),
        (["--domains", "A,A"], "--domains: a domain is named twice"),
        (["--language", "english please"], "not a language code"),
        (["--theme", "../x"], "not a theme name"),
    ],
)
def test_init_rejects_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli_main(["init", str(tmp_path / "c"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


def test_ci_configuration_pins_this_release(tmp_path: Path) -> None:
    files = scaffold.course_files(scaffold.CourseOptions())
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    pre_commit = yaml.safe_load(files[".pre-commit-config.yaml"])
    (repo,) = pre_commit["repos"]
    assert repo["rev"] == scaffold.RELEASE_TAG == f"v{scaffold.__version__}"
    assert repo["repo"] == scaffold.REPOSITORY_URL
    assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}
    workflow = yaml.safe_load(files[".github/workflows/course.yml"])
    steps = workflow["jobs"]["course"]["steps"]
    assert steps[-1]["uses"] == f"{scaffold.REPOSITORY}@{scaffold.RELEASE_TAG}"
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert set(steps[-1]["with"]) <= set(action["inputs"])


def test_new_page_and_card(tmp_path: Path, build, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "course"
    cli_main(["init", str(dest), "--domains", "Health care,Law,Energy"])
    page = dest / "model-development.md"
    assert cli_main(["new", "page", str(page), "--stage", "model-development"]) == 0
    assert "add it to a toctree" in capsys.readouterr().out
    text = page.read_text()
    # Fences: five colons for the card, four for its parts, three for the examples.
    assert text.count(":::::{task-card}") == 1
    assert text.count("\n::::{task-") == 2 and text.count("\n::::{illustrative-example}") == 1
    assert text.count("\n:::{example} ") == 3
    assert (
        cli_main(["new", "card", str(page), "--title", "Model Selection", "--id", "selection"]) == 0
    )
    capsys.readouterr()
    (dest / "index.md").write_text(
        (dest / "index.md").read_text().replace("gap-report\n", "model-development\ngap-report\n")
    )
    status, report = validate_json(dest, capsys)
    assert status == 0 and report["errors"] == []
    gaps = [g for g in report["gaps"] if g["docname"] == "model-development"]
    missing_examples = [g for g in gaps if g["message"].startswith("example for")]
    assert len(missing_examples) == 2 * 3  # every domain of both cards is a gap
    assert any("placeholder text" in g["message"] for g in gaps)  # the parts to write
    build(dest, "html", outdir=tmp_path / "html")  # -W: the skeletons are valid pages
    assert cli_main(["new", "page", str(page)]) == 1
    assert "not overwriting" in capsys.readouterr().err


def test_new_card_prints_a_skeleton_and_checks_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli_main(["new", "card", "--title", "Monitoring", "--id", "monitoring"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(":::::{task-card} Monitoring\n:id: monitoring\n")
    assert out.rstrip().endswith("::::\n:::::")
    assert cli_main(["new", "card", "--title", "X", "--id", "Not a slug"]) == 2
    assert cli_main(["new", "card", "--title", "X", "--stage", "no-such-stage"]) == 2
    assert "not one of the project's stages" in capsys.readouterr().err
    assert cli_main(["new", "page", "page.rst"]) == 2


def test_the_tutorial_shows_what_init_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/examples/tutorial/my-course is ``init my-course`` as it is today (regenerate
    it with ``sphinx-rri init`` when the scaffold changes), and the tutorial's quoted
    output is what init and validate print."""
    shown = REPO / "docs" / "examples" / "tutorial" / "my-course"
    monkeypatch.chdir(tmp_path)
    assert cli_main(["init", "my-course"]) == 0
    printed = capsys.readouterr().out
    fresh = tmp_path / "my-course"
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(shown) for p in shown.rglob("*") if p.is_file())
    for name in files:
        if name.name == "conf.py":
            # conf.py follows the option table, which grows: the copy in the docs must
            # agree on every value it has (regenerate it with init to add new ones).
            fresh_values, _ = conf_values(fresh / name)
            shown_values, _ = conf_values(shown / name)
            assert {k: fresh_values.get(k) for k in shown_values} == shown_values
            continue
        assert (fresh / name).read_text() == (shown / name).read_text(), name
    tutorial = (REPO / "docs" / "tutorial" / "getting-started.md").read_text()
    assert f"$ sphinx-rri init my-course\n{printed}```" in tutorial
    assert cli_main(["validate", "my-course"]) == 0
    gap_line = capsys.readouterr().out.splitlines()[0]
    assert f"…/{gap_line}" in tutorial
    # The "written" project is the same course with the missing example written.
    written = REPO / "docs" / "examples" / "tutorial" / "written"
    for name in files:
        same = (written / name).read_text() == (shown / name).read_text()
        assert same == (name.name != "project-design.md"), name
