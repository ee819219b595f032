"""Generate realistic RRI courses of any size, for the benchmarks.

One course is generated twice from the same plan:

- ``rri``: pages written to the authoring contract (YAML front matter, ``task-card`` with
  ``task-description``, ``task-importance`` and ``illustrative-example``/``example``,
  ``human-factors`` and ``key-concept`` boxes, ``next-steps``/``step``, the
  ``{rri:task}`` role, a share of gaps, and optionally one ``rri-gap-report`` page);
- ``myst``: the same text in plain MyST, as a course would be written without the
  extension: headings and labels for the cards, sphinx-tabs ``{tabs}``/``{tab}`` for the
  examples, admonitions for the boxes, a bullet list of ``{doc}`` links for the next
  steps and ``{ref}`` for the task links.

The output depends only on the seed and the page count. A page's text depends only on the
seed and its docname (apart from links to pages past the end of a smaller course), so a
250-page course is, nearly, the first 250 pages of a 1,000-page one. Every generated
``rri`` course is valid: ``sphinx-rri validate`` reports gaps and no errors, and
``sphinx-build -W`` builds it.

Usage::

    python benchmarks/generate.py DEST --pages 1000 [--seed 1] [--flavour both]

writes ``DEST/rri`` and ``DEST/myst`` (or only ``DEST`` with ``--flavour rri|myst``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

LESSONS_PER_MODULE = 9
"""Each module is an index page and up to this many lessons."""

STAGES = ("project-design", "model-development", "system-deployment")
DOMAINS = ("Health care", "Environmental Sciences")

TASK_NAMES = (
    "Project Planning",
    "Problem Formulation",
    "Data Extraction or Procurement",
    "Data Analysis",
    "Preprocessing and Feature Engineering",
    "Model Selection and Training",
    "Model Testing and Validation",
    "Model Documentation",
    "System Implementation",
    "User Training",
    "System Use and Monitoring",
    "Model Updating or Deprovisioning",
    "Stakeholder Engagement",
    "Impact Assessment",
    "Consent Review",
    "Bias Audit",
    "Data Provenance Review",
    "Uncertainty Communication",
    "Incident Response",
    "Post-deployment Review",
)

TOPICS = (
    "fairness",
    "explainability",
    "accountability",
    "sustainability",
    "data quality",
    "privacy",
    "safety",
    "transparency",
    "public engagement",
    "reproducibility",
    "data protection",
    "governance",
)

ACTORS = (
    "the project team",
    "data scientists",
    "the steering group",
    "domain experts",
    "clinicians",
    "ecologists",
    "the data protection officer",
    "community representatives",
    "software engineers",
    "the ethics committee",
    "affected communities",
    "the product owner",
    "external auditors",
    "field technicians",
)

VERBS = (
    "should document",
    "need to review",
    "are responsible for",
    "must justify",
    "can question",
    "ought to revisit",
    "often overlook",
    "rarely see",
    "have to agree on",
    "may underestimate",
    "should discuss openly",
    "need a clear record of",
)

OBJECTS = (
    "the choice of outcome variable",
    "how missing values are handled",
    "which groups are under-represented in the data",
    "the limits of the model's validity",
    "the assumptions behind each feature",
    "who bears the risk of a wrong prediction",
    "the trade-off between accuracy and interpretability",
    "the provenance of every data source",
    "the thresholds that trigger human review",
    "the conditions under which the system should be withdrawn",
    "how outputs are presented to users",
    "the consent given for secondary use of the data",
    "the cost of false positives and false negatives",
    "the monitoring plan after deployment",
    "the documentation handed to operators",
)

REASONS = (
    "because decisions made early are hard to undo later",
    "since the people affected rarely see the model itself",
    "as small technical choices can shift who benefits and who is harmed",
    "because regulators increasingly expect a written justification",
    "so that later reviewers can reconstruct what was decided and why",
    "because data drift can quietly erode a model's performance",
    "since trust depends on being honest about uncertainty",
    "as the same metric can hide very different error rates across groups",
    "because operators need to know when not to rely on the system",
    "so that the project remains accountable to the people it serves",
)

SETTINGS = {
    "Health care": (
        "a hospital's sepsis early-warning tool",
        "a triage model in an emergency department",
        "a risk score for hospital readmission",
        "a chest X-ray prioritisation system",
        "a model that predicts missed outpatient appointments",
        "a dermatology image classifier used in primary care",
    ),
    "Environmental Sciences": (
        "a river-level forecasting model",
        "a species distribution model for a protected bird",
        "a neighbourhood air-quality forecast",
        "a wildfire spread simulator",
        "a crop-yield model used by farm advisers",
        "a model that estimates groundwater recharge",
    ),
}

EXAMPLE_SENTENCES = (
    "During {task}, the team working on {setting} found that {object} had not been recorded.",
    "Working with {actor}, they revisited {object} {reason}.",
    "A pilot showed that {actor} {verb} {object} before the system could be trusted.",
    "The final report explains {object} in plain language and lists the open questions.",
    "An external review asked {actor} to show how {object} had been tested.",
    "The lesson for similar projects is that {object} deserves attention from the start.",
)

ADMONITIONS = ("note", "important", "tip", "warning")


def sentence(rng: random.Random) -> str:
    """One sentence of course prose."""
    form = rng.randrange(5)
    actor = rng.choice(ACTORS)
    verb = rng.choice(VERBS)
    obj = rng.choice(OBJECTS)
    reason = rng.choice(REASONS)
    topic = rng.choice(TOPICS)
    if form == 0:
        text = f"{actor} {verb} {obj}, {reason}."
    elif form == 1:
        text = f"In practice, {actor} {verb} {obj} when {topic} is at stake."
    elif form == 2:
        text = f"Questions of {topic} arise here {reason}."
    elif form == 3:
        text = f"It is good practice to write down {obj} and to share it with {actor}."
    else:
        text = f"Without this step, {obj} may go unexamined, {reason}."
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    """A paragraph, one sentence a line, as the course in content/ is written."""
    return "\n".join(sentence(rng) for _ in range(rng.randint(low, high)))


def bullets(rng: random.Random) -> str:
    return "\n".join(f"- {rng.choice(OBJECTS)}, {rng.choice(REASONS)};" for _ in range(3))


# -- the plan ------------------------------------------------------------------------------


@dataclass
class ExamplePlan:
    domain: str
    kind: str
    """``written``, ``coming-soon`` (status option), ``placeholder`` (body says so) or
    ``missing`` (no example for the domain)."""
    text: str = ""


@dataclass
class TaskPlan:
    id: str
    title: str
    stage: str | None
    description: list[str]
    importance: list[str]
    box: str | None
    """``human-factors``, ``key-concept`` or None: a box inside the importance."""
    box_title: str
    box_text: str
    refs: list[tuple[str, str]]
    """(id, title) of tasks the importance links to."""
    examples: list[ExamplePlan]
    bullet_list: str | None


@dataclass
class StepPlan:
    title: str
    doc: str | None
    text: str


@dataclass
class PagePlan:
    docname: str
    title: str
    module: str
    kind: str
    """``root``, ``module``, ``lesson`` or ``gap-report``."""
    stage: str | None = None
    intro: list[str] = field(default_factory=list)
    admonition: tuple[str, str] | None = None
    tasks: list[TaskPlan] = field(default_factory=list)
    steps: list[StepPlan] = field(default_factory=list)
    choose: int | None = None
    toctree: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str = "published"
    reviewed: str = "2026-10-01"
    code: str | None = None
    footnote: str | None = None
    placeholder_line: str | None = None
    next_intro: str = ""
    rst: bool = False
    """written in reStructuredText (``.rst``)"""
    wrap: int = 0
    """task cards sit inside this many admonitions"""


def _module_name(index: int) -> str:
    return f"module-{index + 1:03d}"


def layout(pages: int, gap_report: bool) -> list[tuple[str, str, int, int]]:
    """(docname, kind, module index, lesson index) of every page, in reading order."""
    if pages < 3:
        raise ValueError("a course needs at least 3 pages")
    result: list[tuple[str, str, int, int]] = [("index", "root", -1, -1)]
    if gap_report:
        result.append(("gap-report", "gap-report", -1, -1))
    remaining = pages - len(result)
    module = 0
    while remaining > 0:
        name = _module_name(module)
        result.append((f"{name}/index", "module", module, -1))
        remaining -= 1
        lesson = 0
        while remaining > 0 and lesson < LESSONS_PER_MODULE:
            result.append((f"{name}/lesson-{lesson + 1:02d}", "lesson", module, lesson))
            remaining -= 1
            lesson += 1
        module += 1
    return result


def _rng(seed: int, docname: str, purpose: str) -> random.Random:
    return random.Random(f"{seed}:{purpose}:{docname}")


@dataclass(frozen=True)
class Shape:
    """How a course is built: cards a page, how long the prose is, how deep the nesting,
    and which lessons are written in reStructuredText."""

    name: str
    cards: tuple[tuple[int, ...], tuple[int, ...]] = ((1, 2, 3, 4), (2, 4, 3, 1))
    """(counts, weights) of task cards on a lesson"""
    intro: tuple[int, int] = (2, 4)
    paragraphs: tuple[int, int] = (1, 2)
    """paragraphs of a description; importance gets one more"""
    wrap: int = 0
    """task cards sit inside this many admonitions"""
    rst_every: int = 0
    """every n-th lesson is a .rst page (0: none)"""


SHAPES = {
    "standard": Shape("standard"),
    "long": Shape("long", cards=((4, 5, 6), (3, 2, 1)), intro=(3, 5), paragraphs=(2, 3)),
    "deep": Shape("deep", wrap=3),
    "rst": Shape("rst", rst_every=3),
    "prose": Shape("prose", cards=((0, 1), (3, 1)), intro=(10, 16), paragraphs=(1, 2)),
}


def plan_course(
    pages: int,
    seed: int = 1,
    gap_share: float = 0.25,
    gap_report: bool = True,
    shape: Shape = SHAPES["standard"],
):
    """The plan of every page, independent of how it is written."""
    entries = layout(pages, gap_report)
    by_module: dict[int, list[str]] = {}
    for docname, kind, module, _lesson in entries:
        if kind == "lesson":
            by_module.setdefault(module, []).append(docname)
    # Task ids first, so that pages can link to tasks on earlier pages.
    task_titles: dict[str, list[tuple[str, str]]] = {}
    for docname, kind, module, lesson in entries:
        if kind != "lesson":
            continue
        rng = _rng(seed, docname, "tasks")
        count = rng.choices(shape.cards[0], weights=shape.cards[1])[0]
        names = rng.sample(TASK_NAMES, count)
        task_titles[docname] = [
            (f"m{module + 1:03d}-l{lesson + 1:02d}-{n + 1}", name) for n, name in enumerate(names)
        ]
    plans: list[PagePlan] = []
    modules = sorted(by_module)
    for docname, kind, module, lesson in entries:
        rng = _rng(seed, docname, "text")
        if kind == "root":
            plan = PagePlan(
                docname,
                "Responsible Research and Innovation: a generated course",
                "rri-course",
                kind,
                intro=[paragraph(rng) for _ in range(3)],
                toctree=[f"{_module_name(m)}/index" for m in modules]
                + (["gap-report"] if gap_report else []),
                objectives=[sentence(rng) for _ in range(3)],
                tags=["lifecycle", "generated"],
            )
        elif kind == "gap-report":
            plan = PagePlan(
                docname,
                "Gap report",
                "rri-course",
                kind,
                intro=[paragraph(rng, 2, 3)],
            )
        elif kind == "module":
            topic = TOPICS[module % len(TOPICS)]
            plan = PagePlan(
                docname,
                f"Module {module + 1}: {topic.capitalize()} across the lifecycle",
                _module_name(module),
                kind,
                intro=[paragraph(rng) for _ in range(rng.randint(2, 3))],
                toctree=[d.split("/", 1)[1] for d in by_module.get(module, [])],
                objectives=[sentence(rng) for _ in range(rng.randint(2, 4))],
                tags=[topic.replace(" ", "-"), "module"],
            )
        else:
            plan = _plan_lesson(
                rng,
                docname,
                module,
                lesson,
                task_titles,
                by_module[module],
                gap_share,
                modules,
                shape,
            )
            plan.rst = bool(shape.rst_every) and lesson % shape.rst_every == 0
            plan.wrap = shape.wrap
        plans.append(plan)
    return plans


def _plan_lesson(
    rng: random.Random,
    docname: str,
    module: int,
    lesson: int,
    task_titles: dict[str, list[tuple[str, str]]],
    lessons: list[str],
    gap_share: float,
    modules: list[int],
    shape: Shape = SHAPES["standard"],
) -> PagePlan:
    stage = STAGES[(module + lesson) % len(STAGES)]
    topic = rng.choice(TOPICS)
    plan = PagePlan(
        docname,
        f"Lesson {module + 1}.{lesson + 1}: {topic.capitalize()} in {stage.replace('-', ' ')}",
        _module_name(module),
        "lesson",
        stage=stage,
        intro=[paragraph(rng) for _ in range(rng.randint(*shape.intro))],
        objectives=[sentence(rng) for _ in range(rng.randint(2, 5))],
        tags=[topic.replace(" ", "-"), stage],
        status=rng.choices(("published", "review", "draft"), weights=(6, 2, 2))[0],
        reviewed=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )
    if rng.random() < 0.4:
        plan.admonition = (rng.choice(ADMONITIONS), paragraph(rng, 2, 3))
    if rng.random() < 0.1:
        plan.code = (
            "def risk_score(record):\n    # Illustrative only: coming soon in the lab.\n"
            "    return 0.5"
        )
    if rng.random() < 0.05:
        plan.placeholder_line = "~~Accountability~~ Coming soon."
    # Tasks on earlier pages of this module, for the {rri:task} links.
    position = lessons.index(docname)
    earlier = [t for d in lessons[:position] for t in task_titles[d]]
    for task_id, title in task_titles[docname]:
        examples = []
        for domain in DOMAINS:
            if rng.random() < gap_share:
                kind = rng.choices(("coming-soon", "placeholder", "missing"), weights=(6, 3, 1))[0]
            else:
                kind = "written"
            setting = rng.choice(SETTINGS[domain])
            text = "\n".join(
                template.format(
                    task=title.lower(),
                    setting=setting,
                    actor=rng.choice(ACTORS),
                    verb=rng.choice(VERBS),
                    object=rng.choice(OBJECTS),
                    reason=rng.choice(REASONS),
                )
                for template in EXAMPLE_SENTENCES[: rng.randint(3, len(EXAMPLE_SENTENCES))]
            )
            examples.append(ExamplePlan(domain, kind, text))
        if all(e.kind == "missing" for e in examples):  # an empty set is an error, not a gap
            examples[-1].kind = "coming-soon"
        box = rng.choices((None, "human-factors", "key-concept"), weights=(6, 2, 2))[0]
        refs = rng.sample(earlier, min(len(earlier), rng.choice((0, 0, 1, 2))))
        footnote = None
        if box == "human-factors" and plan.footnote is None:
            footnote = f"ref-{docname.replace('/', '-')}"
            plan.footnote = footnote
        box_text = paragraph(rng, 2, 4)
        if footnote:
            box_text += f" See the review in[^{footnote}]."
        plan.tasks.append(
            TaskPlan(
                id=task_id,
                title=title,
                stage=stage if rng.random() < 0.5 else None,
                description=[paragraph(rng) for _ in range(rng.randint(*shape.paragraphs))],
                importance=[
                    paragraph(rng)
                    for _ in range(rng.randint(shape.paragraphs[0] + 1, shape.paragraphs[1] + 1))
                ],
                box=box,
                box_title=f"What is {rng.choice(TOPICS)}?" if box == "key-concept" else "",
                box_text=box_text,
                refs=refs,
                examples=examples,
                bullet_list=bullets(rng) if rng.random() < 0.3 else None,
            )
        )
    # Next steps: the following lessons of the module, then the next module.
    following = lessons[position + 1 : position + 1 + rng.randint(1, 3)]
    if not following:
        later = [m for m in modules if m > module]
        following = [f"{_module_name(later[0])}/index"] if later else [lessons[0]]
    for target in following:
        short = target.split("/", 1)[1] if target.startswith(f"{plan.module}/") else f"/{target}"
        plan.steps.append(StepPlan(_step_title(target), short, paragraph(rng, 1, 2)))
    if rng.random() < 0.5:
        plan.steps.append(StepPlan(f"{rng.choice(TOPICS).capitalize()} in depth", None, ""))
    plan.choose = 1 if rng.random() < 0.5 else None
    plan.next_intro = paragraph(rng, 1, 3)
    return plan


def _step_title(docname: str) -> str:
    module, page = docname.split("/", 1)
    number = int(module.rsplit("-", 1)[1])
    if page == "index":
        return f"Module {number}"
    return f"Lesson {number}.{int(page.rsplit('-', 1)[1])}"


# -- writing the rri flavour ----------------------------------------------------------------


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(plan: PagePlan) -> str:
    lines = ["---", f"title: {_yaml_string(plan.title)}", "track: rri", f"module: {plan.module}"]
    if plan.stage:
        lines.append(f"stage: {plan.stage}")
    if plan.kind in ("root", "module", "lesson"):
        lines.append(f"status: {plan.status}")
        if plan.objectives:
            lines.append("learning_objectives:")
            lines += [f"  - {_yaml_string(o)}" for o in plan.objectives]
        lines.append("authors: [RRI skills track team]")
        lines.append(f"last_reviewed: {plan.reviewed}")
        lines.append(f"tags: [{', '.join(plan.tags)}]")
    lines.append("---")
    return "\n".join(lines)


def _toctree(entries: list[str], caption: str) -> str:
    if not entries:
        return ""
    body = "\n".join(entries)
    return f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n{body}\n```"


def _join(blocks: list[str | None]) -> str:
    return "\n\n".join(b for b in blocks if b) + "\n"


def _role(flavour: str, task_id: str, title: str) -> str:
    if flavour == "rri":
        return f"{{rri:task}}`{task_id}`"
    return f"{{ref}}`{title} <task-{task_id}>`"


def _importance(task: TaskPlan, flavour: str) -> list[str]:
    blocks = list(task.importance)
    if task.refs:
        links = ", ".join(_role(flavour, i, t) for i, t in task.refs)
        blocks.append(f"This builds on {links}.")
    if task.bullet_list:
        blocks.append("Common reasons to return to this task include:\n\n" + task.bullet_list)
    return blocks


def _box(task: TaskPlan, flavour: str, fence: str) -> str | None:
    if task.box is None:
        return None
    if flavour == "rri":
        if task.box == "human-factors":
            return f"{fence}{{human-factors}}\n{task.box_text}\n{fence}"
        return f"{fence}{{key-concept}} {task.box_title}\n{task.box_text}\n{fence}"
    if task.box == "human-factors":
        return f"{fence}{{tip}} Human Factors\n{task.box_text}\n{fence}"
    return f"{fence}{{admonition}} {task.box_title}\n:class: dropdown\n\n{task.box_text}\n{fence}"


def _rri_task(task: TaskPlan) -> str:
    head = [f":::::{{task-card}} {task.title}", f":id: {task.id}"]
    if task.stage:
        head.append(f":stage: {task.stage}")
    description = "::::{task-description}\n" + "\n\n".join(task.description) + "\n::::"
    importance_blocks = _importance(task, "rri")
    box = _box(task, "rri", ":::")
    if box:
        importance_blocks.insert(1, box)
    importance = "::::{task-importance}\n" + "\n\n".join(importance_blocks) + "\n::::"
    examples = []
    for example in task.examples:
        if example.kind == "missing":
            continue
        if example.kind == "coming-soon":
            examples.append(f":::{{example}} {example.domain}\n:status: coming-soon\n:::")
        elif example.kind == "placeholder":
            examples.append(f":::{{example}} {example.domain}\nComing soon.\n:::")
        else:
            examples.append(f":::{{example}} {example.domain}\n{example.text}\n:::")
    illustrative = "::::{illustrative-example}\n" + "\n\n".join(examples) + "\n::::"
    return (
        "\n".join(head) + "\n\n" + "\n\n".join([description, importance, illustrative]) + "\n:::::"
    )


def _rri_steps(plan: PagePlan) -> str | None:
    if not plan.steps:
        return None
    head = "::::{next-steps}" + (f"\n:choose: {plan.choose}" if plan.choose else "")
    steps = []
    for step in plan.steps:
        if step.doc is None:
            steps.append(f":::{{step}} {step.title}\n:status: coming-soon\n:::")
        else:
            steps.append(f":::{{step}} {step.title}\n:doc: {step.doc}\n{step.text}\n:::")
    return head + "\n\n" + "\n\n".join(steps) + "\n::::"


def _admonition(plan: PagePlan) -> str | None:
    if plan.admonition is None:
        return None
    name, text = plan.admonition
    return f":::{{{name}}}\n{text}\n:::"


def _code(plan: PagePlan) -> str | None:
    return f"```python\n{plan.code}\n```" if plan.code else None


def _footnote(plan: PagePlan) -> str | None:
    if not plan.footnote:
        return None
    return (
        f"[^{plan.footnote}]: Durso, F. T., Margulieux, L. E., & Blickensderfer, E. L. (2014). "
        "Human factors. *Oxford Bibliographies*."
    )


def _wrapped(card: str, levels: int) -> str:
    """The card inside ``levels`` admonitions, each fence one colon longer."""
    for level in range(levels):
        fence = ":" * (6 + level)
        name = ("note", "tip", "important")[level % 3]
        card = f"{fence}{{{name}}}\nA worked task, {level + 1} level(s) in.\n\n{card}\n{fence}"
    return card


def render_rri(plan: PagePlan) -> str:
    if plan.rst:
        return render_rri_rst(plan)
    blocks: list[str | None] = [front_matter(plan), f"# {plan.title}", *plan.intro]
    if plan.kind == "gap-report":
        blocks.append(":::{rri-gap-report}\n:::")
    blocks.append(_admonition(plan))
    blocks.append(_code(plan))
    blocks += [_wrapped(_rri_task(task), plan.wrap) for task in plan.tasks]
    if plan.placeholder_line:
        blocks.append(plan.placeholder_line)
    if plan.steps:
        blocks += ["## Next steps", plan.next_intro, _rri_steps(plan)]
    blocks.append(_toctree(plan.toctree, "Contents"))
    blocks.append(_footnote(plan))
    return _join(blocks)


# -- writing the rri flavour in reStructuredText -----------------------------------------


def _indent(text: str, level: int) -> str:
    return textwrap.indent(text, "   " * level, lambda line: bool(line.strip()))


def _rst_text(text: str) -> str:
    """MyST inline markup the generated prose uses, in rST."""
    return text.replace("{rri:task}`", ":rri:task:`")


def _rst_directive(name: str, argument: str, options: list[str], body: str, level: int) -> str:
    head = f".. {name}::" + (f" {argument}" if argument else "")
    lines = [_indent(head, level), *(_indent(o, level + 1) for o in options)]
    if body:
        lines += ["", _indent(body, level + 1)]
    return "\n".join(lines)


def _rst_task(task: TaskPlan, level: int) -> str:
    options = [f":id: {task.id}"] + ([f":stage: {task.stage}"] if task.stage else [])
    parts = [
        _rst_directive("task-description", "", [], "\n\n".join(task.description), 0),
        _rst_directive(
            "task-importance", "", [], _rst_text("\n\n".join(_importance(task, "rri"))), 0
        ),
    ]
    examples = []
    for example in task.examples:
        if example.kind == "missing":
            continue
        if example.kind == "coming-soon":
            examples.append(
                _rst_directive("example", example.domain, [":status: coming-soon"], "", 0)
            )
        elif example.kind == "placeholder":
            examples.append(_rst_directive("example", example.domain, [], "Coming soon.", 0))
        else:
            examples.append(_rst_directive("example", example.domain, [], example.text, 0))
    parts.append(_rst_directive("illustrative-example", "", [], "\n\n".join(examples), 0))
    return _rst_directive("task-card", task.title, options, "\n\n".join(parts), level)


def render_rri_rst(plan: PagePlan) -> str:
    fields = [f":title: {plan.title}", ":track: rri", f":module: {plan.module}"]
    if plan.stage:
        fields.append(f":stage: {plan.stage}")
    if plan.kind in ("root", "module", "lesson"):
        fields += [f":status: {plan.status}", f":last_reviewed: {plan.reviewed}"]
    blocks: list[str | None] = [
        "\n".join(fields),
        f"{plan.title}\n{'=' * len(plan.title)}",
        *(_rst_text(p) for p in plan.intro),
    ]
    if plan.admonition:
        name, text = plan.admonition
        blocks.append(_rst_directive(name, "", [], text, 0))
    for task in plan.tasks:
        card = _rst_task(task, plan.wrap)
        for level in reversed(range(plan.wrap)):
            name = ("note", "tip", "important")[level % 3]
            head = (
                _indent(f".. {name}::", level)
                + "\n\n"
                + _indent(f"A worked task, {level + 1} level(s) in.", level + 1)
            )
            card = head + "\n\n" + card
        blocks.append(card)
    if plan.steps:
        title = "Next steps"
        blocks += [f"{title}\n{'-' * len(title)}", _rst_text(plan.next_intro)]
        options = [f":choose: {plan.choose}"] if plan.choose else []
        steps = []
        for step in plan.steps:
            if step.doc is None:
                steps.append(_rst_directive("step", step.title, [":status: coming-soon"], "", 0))
            else:
                steps.append(
                    _rst_directive("step", step.title, [f":doc: {step.doc}"], step.text, 0)
                )
        blocks.append(_rst_directive("next-steps", "", options, "\n\n".join(steps), 0))
    return _join(blocks)


# -- writing the plain MyST flavour ----------------------------------------------------------


def _myst_task(task: TaskPlan) -> str:
    blocks = [f"(task-{task.id})=", f"## {task.title}", "### Task Description", *task.description]
    blocks.append("### Importance of Task")
    importance = _importance(task, "myst")
    box = _box(task, "myst", ":::")
    if box:
        importance.insert(1, box)
    blocks += importance
    blocks.append("### Illustrative Example")
    tabs = []
    for example in task.examples:
        if example.kind == "written":
            tabs.append(f":::{{tab}} {example.domain}\n{example.text}\n:::")
        else:
            tabs.append(f":::{{tab}} {example.domain}\nIllustrative examples coming soon.\n:::")
    blocks.append("::::{tabs}\n" + "\n\n".join(tabs) + "\n::::")
    return "\n\n".join(blocks)


def _myst_steps(plan: PagePlan) -> str | None:
    if not plan.steps:
        return None
    lines = []
    if plan.choose:
        lines.append(f"Complete at least {plan.choose} of these:\n")
    for step in plan.steps:
        if step.doc is None:
            lines.append(f"- {step.title} (coming soon)")
        else:
            text = step.text.replace("\n", " ")
            lines.append(f"- {{doc}}`{step.title} <{step.doc}>`: {text}")
    return "\n".join(lines)


def render_myst(plan: PagePlan) -> str:
    blocks: list[str | None] = [front_matter(plan), f"# {plan.title}", *plan.intro]
    blocks.append(_admonition(plan))
    blocks.append(_code(plan))
    blocks += [_myst_task(task) for task in plan.tasks]
    if plan.placeholder_line:
        blocks.append(plan.placeholder_line)
    if plan.steps:
        blocks += ["## Next steps", plan.next_intro, _myst_steps(plan)]
    blocks.append(_toctree(plan.toctree, "Contents"))
    blocks.append(_footnote(plan))
    return _join(blocks)


# -- conf.py and writing -------------------------------------------------------------------

CONF_COMMON = """\
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
suppress_warnings = ["config.cache"]
"""

CONF = {
    "rri": textwrap.dedent(
        '''\
        """A generated course written with sphinx_rri (benchmarks/generate.py)."""

        project = "Generated RRI course"
        extensions = ["sphinx_rri"]
        rri_example_domains = ["Health care", "Environmental Sciences"]
        rri_stages = ["project-design", "model-development", "system-deployment"]
        '''
    )
    + CONF_COMMON,
    "myst": textwrap.dedent(
        '''\
        """The same generated course in plain MyST with sphinx-tabs (benchmarks/generate.py)."""

        project = "Generated RRI course"
        extensions = ["myst_parser", "sphinx_tabs.tabs"]
        '''
    )
    + CONF_COMMON,
}

RENDERERS = {"rri": render_rri, "myst": render_myst}


def write_course(
    dest: Path,
    pages: int,
    *,
    flavour: str = "rri",
    seed: int = 1,
    gap_share: float = 0.25,
    gap_report: bool = True,
    shape: str = "standard",
) -> Path:
    """Write a course of ``pages`` pages to ``dest`` (emptied first); return ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / "conf.py").write_text(CONF[flavour], encoding="utf-8")
    render = RENDERERS[flavour]
    plans = plan_course(
        pages, seed=seed, gap_share=gap_share, gap_report=gap_report, shape=SHAPES[shape]
    )
    for plan in plans:
        rst = plan.rst and flavour == "rri"
        path = dest / f"{plan.docname}.{'rst' if rst else 'md'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(plan), encoding="utf-8")
    return dest


def describe(
    pages: int,
    *,
    seed: int = 1,
    gap_share: float = 0.25,
    gap_report: bool = True,
    shape: str = "standard",
) -> str:
    """One line about the generated course: its pages, cards, examples and gaps."""
    plans = plan_course(
        pages, seed=seed, gap_share=gap_share, gap_report=gap_report, shape=SHAPES[shape]
    )
    tasks = [t for p in plans for t in p.tasks]
    examples = [e for t in tasks for e in t.examples]
    gaps = sum(e.kind != "written" for e in examples)
    size = sum(len(render_rri(p).encode("utf-8")) for p in plans)
    steps = sum(len(p.steps) for p in plans)
    return (
        f"{pages:,} pages ({size / pages / 1024:.1f} KiB of Markdown a page on average), "
        f"{len(tasks):,} task cards, {len(examples) - gaps:,} written examples and "
        f"{gaps:,} example gaps, {steps:,} next steps"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gap-share", type=float, default=0.25)
    parser.add_argument("--no-gap-report", action="store_true")
    parser.add_argument("--flavour", choices=("rri", "myst", "both"), default="both")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="standard")
    args = parser.parse_args(argv)
    flavours = ("rri", "myst") if args.flavour == "both" else (args.flavour,)
    for flavour in flavours:
        dest = args.dest / flavour if args.flavour == "both" else args.dest
        write_course(
            dest,
            args.pages,
            flavour=flavour,
            seed=args.seed,
            gap_share=args.gap_share,
            gap_report=not args.no_gap_report,
            shape=args.shape,
        )
        print(f"{dest}: {args.pages} pages ({flavour})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
