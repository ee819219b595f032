"""The icon table: every icon it names is one sphinx-design can draw."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from sphinx_rri.migrate.icons import ICON_TO_OCTICON, convert_shortcode


def octicons() -> set[str]:
    data = resources.files("sphinx_design") / "compiled" / "octicons.json"
    return set(json.loads(data.read_text(encoding="utf-8")))


def test_every_octicon_in_the_table_exists() -> None:
    missing = sorted({name for name in ICON_TO_OCTICON.values() if name not in octicons()})
    assert missing == []


@pytest.mark.parametrize(
    ("shortcode", "myst"),
    [
        ("material-flask-outline", "{octicon}`beaker`"),
        ("fontawesome-solid-flask", "{octicon}`beaker`"),
        ("octicons-clock-16", "{octicon}`clock`"),
        ("material-arrow-right", "{octicon}`arrow-right`"),
        ("tada", "\U0001f389"),
        ("rocket", "\U0001f680"),
    ],
)
def test_shortcodes_map_to_the_closest_icon_or_emoji(shortcode: str, myst: str) -> None:
    converted = convert_shortcode(shortcode)
    assert converted is not None and converted.known
    assert converted.myst == myst
    if converted.is_icon:
        assert converted.myst.split("`")[1] in octicons()


@pytest.mark.parametrize("shortcode", ["material-tea-kettle", "fontawesome-solid-xyzzy"])
def test_an_icon_with_no_match_is_unknown(shortcode: str) -> None:
    converted = convert_shortcode(shortcode)
    assert converted is not None and converted.is_icon and not converted.known


def test_a_word_between_colons_is_no_emoji() -> None:
    assert convert_shortcode("notanemoji") is None
