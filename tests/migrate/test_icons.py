"""The icon table: every icon it names is one sphinx-design can draw, and the closest one."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from sphinx_rri.migrate.icons import ICONS, convert_shortcode


def drawable(role: str) -> set[str]:
    """The icon names sphinx-design's ``role`` draws (its compiled SVG data)."""
    data = {"octicon": "octicons.json", "material-regular": "material_regular.json"}[role]
    text = (resources.files("sphinx_design") / "compiled" / data).read_text(encoding="utf-8")
    return set(json.loads(text))


def test_every_icon_in_the_table_is_one_sphinx_design_draws() -> None:
    missing = sorted(
        f"{key} -> {{{role}}}`{icon}`"
        for key, (role, icon) in ICONS.items()
        if icon not in drawable(role)
    )
    assert missing == []


@pytest.mark.parametrize(
    ("shortcode", "myst"),
    [
        # Material Design (Pictogrammers): Google's Material icon of the same meaning
        ("material-flask-outline", "{material-regular}`science`"),
        ("material-book-open-variant", "{material-regular}`menu_book`"),
        ("material-scale-balance", "{material-regular}`balance`"),
        ("material-clock-fast", "{material-regular}`schedule`"),
        ("material-account-group-outline", "{material-regular}`groups`"),
        ("material-arrow-right", "{material-regular}`arrow_forward`"),
        # a name the table lacks, drawn by Google's set under the same name
        ("material-format-bold", "{material-regular}`format_bold`"),
        ("material-calendar-today-outline", "{material-regular}`calendar_today`"),
        ("material-format-font", "{material-regular}`text_fields`"),
        # FontAwesome, any style: the same table, never the web-font roles
        ("fontawesome-solid-flask", "{material-regular}`science`"),
        ("fontawesome-regular-lightbulb", "{material-regular}`lightbulb`"),
        ("fontawesome-solid-people-group", "{material-regular}`groups`"),
        ("fontawesome-brands-github", "{octicon}`mark-github`"),
        ("fontawesome-brands-html5", "{material-regular}`html`"),
        ("fontawesome-brands-markdown", "{octicon}`markdown`"),  # an octicon of its name
        # Octicons: the same set in sphinx-design, sizes dropped
        ("octicons-clock-16", "{octicon}`clock`"),
        ("octicons-arrow-right-24", "{octicon}`arrow-right`"),
        # Simple Icons: brands, where one is drawn
        ("simple-github", "{octicon}`mark-github`"),
        # emoji
        ("tada", "\U0001f389"),
        ("rocket", "\U0001f680"),
        # the twemoji index of pymdown-extensions: flags, aliases, symbols Unicode names
        # otherwise
        ("flag_gb", "\U0001f1ec\U0001f1e7"),
        ("gb", "\U0001f1ec\U0001f1e7"),
        ("ok", "\U0001f197"),
        ("moneybag", "\U0001f4b0"),
    ],
)
def test_shortcodes_map_to_the_closest_icon_or_emoji(shortcode: str, myst: str) -> None:
    converted = convert_shortcode(shortcode)
    assert converted is not None and converted.known
    assert converted.myst == myst
    if converted.is_icon:
        role, icon = converted.myst[1:].split("}`")
        assert icon.rstrip("`") in drawable(role)


@pytest.mark.parametrize(
    "shortcode",
    ["material-tea-kettle", "fontawesome-solid-xyzzy", "octicons-no-such-icon-16", "simple-xyzzy"],
)
def test_an_icon_with_no_match_is_unknown(shortcode: str) -> None:
    converted = convert_shortcode(shortcode)
    assert converted is not None and converted.is_icon and not converted.known
    assert converted.myst == ""


def test_a_word_between_colons_is_no_emoji() -> None:
    assert convert_shortcode("notanemoji") is None
