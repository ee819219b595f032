"""Emoji and icon shortcodes (``:smile:``, ``:material-scale-balance:``) and their MyST form.

mkdocs-material turns a shortcode into an inline SVG. Sphinx has no such index, so:

- a standard emoji becomes its Unicode character, which every builder can print;
- an ``octicons-*`` icon becomes sphinx-design's ``{octicon}`` role with the same name;
- a Material Design, FontAwesome or Simple Icons icon becomes the octicon nearest in meaning
  when the table below knows one, and is otherwise dropped (an icon carries no words, so
  nothing a reader reads is lost; the report lists each dropped icon).

The tables are written for this project, not copied from an emoji index: they cover the
shortcodes course pages use most, and :func:`emoji_for` falls back to Unicode character
names (``:rocket:`` -> ROCKET) for the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Common gemoji/twemoji shortcodes whose Unicode name differs from the shortcode.
EMOJI: dict[str, str] = {
    "+1": "\U0001f44d",
    "-1": "\U0001f44e",
    "thumbsup": "\U0001f44d",
    "thumbsdown": "\U0001f44e",
    "smile": "\U0001f604",
    "smiley": "\U0001f603",
    "grinning": "\U0001f600",
    "grin": "\U0001f601",
    "laughing": "\U0001f606",
    "joy": "\U0001f602",
    "wink": "\U0001f609",
    "blush": "\U0001f60a",
    "slightly_smiling_face": "\U0001f642",
    "thinking": "\U0001f914",
    "thinking_face": "\U0001f914",
    "neutral_face": "\U0001f610",
    "confused": "\U0001f615",
    "cry": "\U0001f622",
    "sob": "\U0001f62d",
    "scream": "\U0001f631",
    "sunglasses": "\U0001f60e",
    "heart": "\u2764\ufe0f",
    "heart_eyes": "\U0001f60d",
    "broken_heart": "\U0001f494",
    "star": "\u2b50",
    "star2": "\U0001f31f",
    "sparkles": "\u2728",
    "fire": "\U0001f525",
    "tada": "\U0001f389",
    "clap": "\U0001f44f",
    "wave": "\U0001f44b",
    "raised_hands": "\U0001f64c",
    "pray": "\U0001f64f",
    "muscle": "\U0001f4aa",
    "point_right": "\U0001f449",
    "point_left": "\U0001f448",
    "point_up": "\u261d\ufe0f",
    "point_down": "\U0001f447",
    "ok_hand": "\U0001f44c",
    "eyes": "\U0001f440",
    "bulb": "\U0001f4a1",
    "memo": "\U0001f4dd",
    "pencil": "\U0001f4dd",
    "pencil2": "\u270f\ufe0f",
    "book": "\U0001f4d6",
    "books": "\U0001f4da",
    "bookmark": "\U0001f516",
    "calendar": "\U0001f4c6",
    "date": "\U0001f4c5",
    "clipboard": "\U0001f4cb",
    "mag": "\U0001f50d",
    "mag_right": "\U0001f50e",
    "lock": "\U0001f512",
    "unlock": "\U0001f513",
    "key": "\U0001f511",
    "link": "\U0001f517",
    "warning": "\u26a0\ufe0f",
    "no_entry": "\u26d4",
    "x": "\u274c",
    "heavy_check_mark": "\u2714\ufe0f",
    "white_check_mark": "\u2705",
    "ballot_box_with_check": "\u2611\ufe0f",
    "question": "\u2753",
    "grey_question": "\u2754",
    "exclamation": "\u2757",
    "information_source": "\u2139\ufe0f",
    "bangbang": "\u203c\ufe0f",
    "zap": "\u26a1",
    "boom": "\U0001f4a5",
    "100": "\U0001f4af",
    "rocket": "\U0001f680",
    "hourglass": "\u231b",
    "stopwatch": "\u23f1\ufe0f",
    "alarm_clock": "\u23f0",
    "earth_africa": "\U0001f30d",
    "earth_americas": "\U0001f30e",
    "earth_asia": "\U0001f30f",
    "globe_with_meridians": "\U0001f310",
    "computer": "\U0001f4bb",
    "robot": "\U0001f916",
    "chart_with_upwards_trend": "\U0001f4c8",
    "chart_with_downwards_trend": "\U0001f4c9",
    "bar_chart": "\U0001f4ca",
    "microscope": "\U0001f52c",
    "test_tube": "\U0001f9ea",
    "dna": "\U0001f9ec",
    "hospital": "\U0001f3e5",
    "scales": "\u2696\ufe0f",
    "balance_scale": "\u2696\ufe0f",
    "speech_balloon": "\U0001f4ac",
    "thought_balloon": "\U0001f4ad",
    "loudspeaker": "\U0001f4e2",
    "mega": "\U0001f4e3",
    "bell": "\U0001f514",
    "gift": "\U0001f381",
    "trophy": "\U0001f3c6",
    "medal": "\U0001f3c5",
    "dart": "\U0001f3af",
    "construction": "\U0001f6a7",
    "gear": "\u2699\ufe0f",
    "hammer": "\U0001f528",
    "wrench": "\U0001f527",
    "package": "\U0001f4e6",
    "email": "\U0001f4e7",
    "envelope": "\u2709\ufe0f",
    "telephone": "\u260e\ufe0f",
    "seedling": "\U0001f331",
    "deciduous_tree": "\U0001f333",
    "sunny": "\u2600\ufe0f",
    "cloud": "\u2601\ufe0f",
    "umbrella": "\u2614",
    "snowflake": "\u2744\ufe0f",
    "coffee": "\u2615",
    "people_holding_hands": "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    "busts_in_silhouette": "\U0001f465",
    "bust_in_silhouette": "\U0001f464",
    "handshake": "\U0001f91d",
    "brain": "\U0001f9e0",
    "arrow_right": "\u27a1\ufe0f",
    "arrow_left": "\u2b05\ufe0f",
    "arrow_up": "\u2b06\ufe0f",
    "arrow_down": "\u2b07\ufe0f",
    "heavy_plus_sign": "\u2795",
    "heavy_minus_sign": "\u2796",
    "copyright": "\u00a9\ufe0f",
    "registered": "\u00ae\ufe0f",
    "tm": "\u2122\ufe0f",
}

#: mkdocs-material icon sets and how their shortcodes start.
ICON_PREFIXES = ("material-", "fontawesome-", "octicons-", "simple-")

#: Words in a Material/FontAwesome icon name, mapped to the octicon that means the same.
#: Looked up with the full name first, then with trailing words removed
#: (``scale-unbalanced`` -> ``scale``), then with leading words removed.
ICON_TO_OCTICON: dict[str, str] = {
    "flask": "beaker",
    "beaker": "beaker",
    "test-tube": "beaker",
    "microscope": "beaker",
    "arrow-right": "arrow-right",
    "arrow-left": "arrow-left",
    "arrow-up": "arrow-up",
    "arrow-down": "arrow-down",
    "chevron-right": "chevron-right",
    "book": "book",
    "book-open": "book",
    "bookmark": "bookmark",
    "calendar": "calendar",
    "chart": "graph",
    "chart-bar": "graph",
    "chart-line": "graph",
    "magnifying-glass-chart": "graph",
    "chat": "comment-discussion",
    "chat-question": "comment-discussion",
    "chat-processing": "comment-discussion",
    "comment": "comment",
    "comments": "comment-discussion",
    "check": "check",
    "check-circle": "check-circle",
    "circle-check": "check-circle",
    "clock": "clock",
    "cog": "gear",
    "gear": "gear",
    "database": "database",
    "developer-board": "cpu",
    "chip": "cpu",
    "microchip": "cpu",
    "download": "download",
    "email": "mail",
    "envelope": "mail",
    "eye": "eye",
    "file": "file",
    "file-document": "file",
    "flag": "flag",
    "github": "mark-github",
    "globe": "globe",
    "earth": "globe",
    "graph": "graph",
    "handshake": "people",
    "heart": "heart",
    "home": "home",
    "house": "home",
    "information": "info",
    "circle-info": "info",
    "lightbulb": "light-bulb",
    "link": "link",
    "lock": "lock",
    "magnify": "search",
    "magnifying-glass": "search",
    "map-marker": "location",
    "location-dot": "location",
    "network": "share-android",
    "pencil": "pencil",
    "pen": "pencil",
    "people": "people",
    "people-group": "people",
    "account-group": "people",
    "users": "people",
    "user": "person",
    "account": "person",
    "person": "person",
    "rocket": "rocket",
    "scale": "law",
    "scale-balance": "law",
    "scale-unbalanced": "law",
    "school": "mortar-board",
    "graduation-cap": "mortar-board",
    "shield": "shield",
    "signs-post": "milestone",
    "sign-direction": "milestone",
    "star": "star",
    "tag": "tag",
    "tools": "tools",
    "screwdriver-wrench": "tools",
    "video": "video",
    "youtube": "video",
    "warning": "alert",
    "alert": "alert",
    "triangle-exclamation": "alert",
    "school-outline": "mortar-board",
}

_SIZE_SUFFIX = re.compile(r"-(?:12|16|24|32|48|96)$")


@dataclass(frozen=True)
class Shortcode:
    """What a shortcode becomes: ``myst`` (may be empty) and whether it was an icon."""

    myst: str
    is_icon: bool
    known: bool


def emoji_for(name: str) -> str | None:
    """The Unicode emoji for a shortcode name, or None when it is not a known emoji."""
    if name in EMOJI:
        return EMOJI[name]
    spoken = name.replace("_", " ").upper()
    for candidate in (spoken, f"{spoken} SIGN", f"{spoken} SYMBOL", f"{spoken} FACE"):
        try:
            char = unicodedata.lookup(candidate)
        except KeyError:
            continue
        # Only pictographs count: ``:a:`` must not become the letter A.
        if ord(char[0]) >= 0x2100:
            return char
    return None


def _octicon_for(words: str) -> str | None:
    parts = words.split("-")
    for end in range(len(parts), 0, -1):
        key = "-".join(parts[:end])
        if key in ICON_TO_OCTICON:
            return ICON_TO_OCTICON[key]
    for begin in range(1, len(parts)):
        key = "-".join(parts[begin:])
        if key in ICON_TO_OCTICON:
            return ICON_TO_OCTICON[key]
    return None


def convert_shortcode(name: str) -> Shortcode | None:
    """The MyST text for ``:name:``, or None when ``name`` is not a shortcode at all."""
    if name.startswith(ICON_PREFIXES):
        if name.startswith("octicons-"):
            # mkdocs-material's octicons are GitHub's set, which sphinx-design ships too.
            github = _SIZE_SUFFIX.sub("", name[len("octicons-") :])
            return Shortcode(f"{{octicon}}`{github}`", True, True)
        words = name.split("-", 1)[1]
        if name.startswith("fontawesome-"):
            # fontawesome-solid-people-group: the second word is the style.
            words = words.split("-", 1)[1] if "-" in words else words
        words = re.sub(r"-outline$", "", words)
        octicon = _octicon_for(words)
        if octicon is None:
            return Shortcode("", True, False)
        return Shortcode(f"{{octicon}}`{octicon}`", True, True)
    char = emoji_for(name)
    if char is None:
        return None
    return Shortcode(char, False, True)
