"""Emoji and icon shortcodes (``:smile:``, ``:material-scale-balance:``) and their MyST form.

mkdocs-material turns a shortcode into an inline SVG. In the migrated site:

- a standard emoji becomes its Unicode character, which every builder can print;
- an ``octicons-*`` icon becomes sphinx-design's ``{octicon}`` role with the same name
  (mkdocs-material ships GitHub's Octicons, and so does sphinx-design);
- a Material Design (``material-*``), FontAwesome (``fontawesome-*``) or Simple Icons
  (``simple-*``) icon becomes the icon nearest in meaning that sphinx-design draws as SVG:
  Google's Material icons (``{material-regular}``) first, an octicon where Google has
  none (brands such as GitHub). Unknown names are dropped and listed for review.

sphinx-design's FontAwesome roles (``{fas}``, ``{far}``, ``{fab}``) are not used: they
write an empty ``<span>`` that draws only when the site loads FontAwesome's web font,
which neither sphinx-design (``sd_fontawesome_source`` is ``"none"`` by default) nor
the themes ship, so the icon would silently vanish. An SVG role draws offline.

The tables are written for this project, not copied from an emoji or icon index: they
cover the shortcodes course pages use most, and :func:`emoji_for` falls back to Unicode
character names (``:rocket:`` -> ROCKET), then to the twemoji index of pymdown-extensions
(the one mkdocs-material's sites use), for the rest.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

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

_M = "material-regular"
_O = "octicon"

#: A Material Design or FontAwesome icon name (without its set and style) -> the
#: sphinx-design role and icon that mean the same. Looked up with the full name first,
#: then as an icon of the same name in sphinx-design's sets (:func:`same_name`), then
#: with trailing words removed (``clock-fast`` -> ``clock``), then with leading words
#: removed (``account-school`` -> ``school``).
ICONS: dict[str, tuple[str, str]] = {
    # reading and learning
    "book": (_M, "menu_book"),
    "book-open": (_M, "menu_book"),
    "book-open-page-variant": (_M, "auto_stories"),
    "bookshelf": (_M, "library_books"),
    "library": (_M, "library_books"),
    "bookmark": (_M, "bookmark"),
    "school": (_M, "school"),
    "graduation-cap": (_M, "school"),
    "user-graduate": (_M, "school"),
    "notebook": (_M, "edit_note"),
    "note": (_M, "sticky_note_2"),
    "newspaper": (_M, "article"),
    "file": (_M, "description"),
    "file-document": (_M, "description"),
    "file-lines": (_M, "description"),
    "file-text": (_M, "description"),
    "file-pdf": (_M, "picture_as_pdf"),
    "folder": (_M, "folder"),
    "clipboard-check": (_M, "checklist"),
    "clipboard-list": (_M, "checklist"),
    "list-check": (_M, "checklist"),
    "format-list-checks": (_M, "checklist"),
    "format-list-bulleted": (_M, "format_list_bulleted"),
    "list": (_M, "format_list_bulleted"),
    "format-quote-close": (_M, "format_quote"),
    "quote-left": (_M, "format_quote"),
    "quote-right": (_M, "format_quote"),
    "translate": (_M, "translate"),
    "language": (_M, "translate"),
    # science and data
    "flask": (_M, "science"),
    "beaker": (_M, "science"),
    "test-tube": (_M, "science"),
    "vial": (_M, "science"),
    "microscope": (_M, "biotech"),
    "dna": (_M, "biotech"),
    "chart-bar": (_M, "bar_chart"),
    "chart-column": (_M, "bar_chart"),
    "chart-simple": (_M, "bar_chart"),
    "poll": (_M, "bar_chart"),
    "chart-line": (_M, "show_chart"),
    "chart-pie": (_M, "insights"),
    "chart": (_M, "insights"),
    "magnifying-glass-chart": (_M, "query_stats"),
    "trending-up": (_M, "trending_up"),
    "database": (_M, "storage"),
    "table": (_M, "table_chart"),
    "sitemap": (_M, "account_tree"),
    "family-tree": (_M, "account_tree"),
    "file-tree": (_M, "account_tree"),
    "graph": (_M, "hub"),
    "hub": (_M, "hub"),
    "network": (_M, "hub"),
    "brain": (_M, "psychology"),
    "head-cog": (_M, "psychology"),
    "robot": (_M, "smart_toy"),
    # ethics, law and people
    "scale": (_M, "balance"),
    "scale-balance": (_M, "balance"),
    "scale-unbalanced": (_M, "balance"),
    "balance-scale": (_M, "balance"),
    "gavel": (_M, "gavel"),
    "police-badge": (_M, "policy"),
    "shield": (_M, "shield"),
    "shield-check": (_M, "verified_user"),
    "shield-halved": (_M, "shield"),
    "lock": (_M, "lock"),
    "key": (_M, "key"),
    "eye": (_M, "visibility"),
    "account": (_M, "person"),
    "user": (_M, "person"),
    "person": (_M, "person"),
    "account-circle": (_M, "account_circle"),
    "account-group": (_M, "groups"),
    "account-multiple": (_M, "group"),
    "users": (_M, "groups"),
    "user-group": (_M, "group"),
    "people-group": (_M, "groups"),
    "people": (_M, "groups"),
    "handshake": (_M, "handshake"),
    "hand-heart": (_M, "volunteer_activism"),
    "hands-holding-heart": (_M, "volunteer_activism"),
    "accessibility": (_M, "accessibility"),
    "universal-access": (_M, "accessibility"),
    "wheelchair": (_M, "accessible"),
    "heart": (_M, "favorite"),
    "heart-pulse": (_M, "monitor_heart"),
    "hospital": (_M, "local_hospital"),
    "hospital-box": (_M, "local_hospital"),
    "hospital-building": (_M, "local_hospital"),
    "medical-bag": (_M, "medical_services"),
    "kit-medical": (_M, "medical_services"),
    "stethoscope": (_M, "medical_services"),
    "leaf": (_M, "eco"),
    "sprout": (_M, "eco"),
    "seedling": (_M, "eco"),
    "tree": (_M, "park"),
    "forest": (_M, "forest"),
    "water": (_M, "water_drop"),
    "recycle": (_M, "recycling"),
    "lightning-bolt": (_M, "bolt"),
    "bolt": (_M, "bolt"),
    "flash": (_M, "bolt"),
    "earth": (_M, "public"),
    "globe": (_M, "public"),
    # talking and time
    "chat": (_M, "chat"),
    "chat-question": (_M, "live_help"),
    "chat-processing": (_M, "forum"),
    "comment": (_M, "comment"),
    "comments": (_M, "forum"),
    "forum": (_M, "forum"),
    "message": (_M, "chat"),
    "email": (_M, "mail"),
    "envelope": (_M, "mail"),
    "bullhorn": (_M, "campaign"),
    "megaphone": (_M, "campaign"),
    "bell": (_M, "notifications"),
    "rss": (_M, "rss_feed"),
    "help": (_M, "help"),
    "help-circle": (_M, "help"),
    "question": (_M, "help"),
    "circle-question": (_M, "help"),
    "frequently-asked-questions": (_M, "quiz"),
    "information": (_M, "info"),
    "info": (_M, "info"),
    "circle-info": (_M, "info"),
    "alert": (_M, "warning"),
    "warning": (_M, "warning"),
    "triangle-exclamation": (_M, "warning"),
    "exclamation-triangle": (_M, "warning"),
    "alert-circle": (_M, "error"),
    "calendar": (_M, "calendar_month"),
    "calendar-days": (_M, "calendar_month"),
    "clock": (_M, "schedule"),
    "timer": (_M, "timer"),
    "stopwatch": (_M, "timer"),
    "hourglass": (_M, "hourglass_empty"),
    "history": (_M, "history"),
    "update": (_M, "update"),
    "timeline": (_M, "timeline"),
    "speedometer": (_M, "speed"),
    "gauge": (_M, "speed"),
    # doing and making
    "check": (_M, "check"),
    "check-bold": (_M, "check"),
    "check-circle": (_M, "check_circle"),
    "circle-check": (_M, "check_circle"),
    "check-all": (_M, "task_alt"),
    "close": (_M, "close"),
    "xmark": (_M, "close"),
    "times": (_M, "close"),
    "star": (_M, "star"),
    "flag": (_M, "flag"),
    "tag": (_M, "label"),
    "label": (_M, "label"),
    "trophy": (_M, "emoji_events"),
    "award": (_M, "military_tech"),
    "medal": (_M, "military_tech"),
    "thumb-up": (_M, "thumb_up"),
    "thumbs-up": (_M, "thumb_up"),
    "thumb-down": (_M, "thumb_down"),
    "thumbs-down": (_M, "thumb_down"),
    "emoticon": (_M, "sentiment_satisfied"),
    "face-smile": (_M, "sentiment_satisfied"),
    "lightbulb": (_M, "lightbulb"),
    "lightbulb-on": (_M, "tips_and_updates"),
    "rocket": (_M, "rocket_launch"),
    "rocket-launch": (_M, "rocket_launch"),
    "cog": (_M, "settings"),
    "cogs": (_M, "settings"),
    "gear": (_M, "settings"),
    "gears": (_M, "settings"),
    "tools": (_M, "build"),
    "wrench": (_M, "build"),
    "screwdriver-wrench": (_M, "handyman"),
    "hammer": (_M, "handyman"),
    "puzzle": (_M, "extension"),
    "puzzle-piece": (_M, "extension"),
    "pencil": (_M, "edit"),
    "pen": (_M, "edit"),
    "pen-to-square": (_M, "edit"),
    "palette": (_M, "palette"),
    "code": (_M, "code"),
    "code-braces": (_M, "data_object"),
    "code-tags": (_M, "code"),
    "laptop-code": (_M, "code"),
    "console": (_M, "terminal"),
    "terminal": (_M, "terminal"),
    "chip": (_M, "memory"),
    "microchip": (_M, "memory"),
    "developer-board": (_M, "memory"),
    "laptop": (_M, "laptop"),
    "monitor": (_M, "computer"),
    "desktop": (_M, "computer"),
    "cellphone": (_M, "smartphone"),
    "mobile": (_M, "smartphone"),
    "cloud": (_M, "cloud"),
    "download": (_M, "download"),
    "upload": (_M, "upload"),
    "printer": (_M, "print"),
    "print": (_M, "print"),
    "content-save": (_M, "save"),
    "floppy-disk": (_M, "save"),
    "content-copy": (_M, "content_copy"),
    "copy": (_M, "content_copy"),
    "delete": (_M, "delete"),
    "trash": (_M, "delete"),
    "trash-can": (_M, "delete"),
    "refresh": (_M, "refresh"),
    "sync": (_M, "sync"),
    "filter": (_M, "filter_alt"),
    "tune": (_M, "tune"),
    "sliders": (_M, "tune"),
    "view-dashboard": (_M, "dashboard"),
    "view-grid": (_M, "grid_view"),
    "briefcase": (_M, "work"),
    "domain": (_M, "apartment"),
    "building": (_M, "apartment"),
    "office-building": (_M, "apartment"),
    "factory": (_M, "factory"),
    "cash": (_M, "payments"),
    "money-bill": (_M, "payments"),
    "currency-usd": (_M, "attach_money"),
    "piggy-bank": (_M, "savings"),
    # places and ways
    "home": (_M, "home"),
    "house": (_M, "home"),
    "magnify": (_M, "search"),
    "magnifying-glass": (_M, "search"),
    "search": (_M, "search"),
    "map": (_M, "map"),
    "map-marker": (_M, "location_on"),
    "map-pin": (_M, "location_on"),
    "location-dot": (_M, "location_on"),
    "compass": (_M, "explore"),
    "signpost": (_M, "signpost"),
    "signs-post": (_M, "signpost"),
    "sign-direction": (_M, "signpost"),
    "directions": (_M, "directions"),
    "link": (_M, "link"),
    "open-in-new": (_M, "open_in_new"),
    "arrow-up-right-from-square": (_M, "open_in_new"),
    "external-link": (_M, "open_in_new"),
    "share": (_M, "share"),
    "arrow-right": (_M, "arrow_forward"),
    "arrow-left": (_M, "arrow_back"),
    "arrow-up": (_M, "arrow_upward"),
    "arrow-down": (_M, "arrow_downward"),
    "chevron-right": (_M, "chevron_right"),
    "chevron-left": (_M, "chevron_left"),
    # media
    "play": (_M, "play_circle"),
    "play-circle": (_M, "play_circle"),
    "video": (_M, "videocam"),
    "film": (_M, "movie"),
    "movie": (_M, "movie"),
    "youtube": (_M, "smart_display"),
    "image": (_M, "image"),
    "camera": (_M, "photo_camera"),
    "microphone": (_M, "mic"),
    "headphones": (_M, "headphones"),
    # the web's own languages and tools, which Google's set draws
    "html5": (_M, "html"),
    "js": (_M, "javascript"),
    "js-square": (_M, "javascript"),
    "language-javascript": (_M, "javascript"),
    "css3": (_M, "css"),
    "css3-alt": (_M, "css"),
    "language-css3": (_M, "css"),
    "language-html5": (_M, "html"),
    "format-font": (_M, "text_fields"),
    "internet-explorer": (_M, "public"),
    # brands that GitHub's octicons draw
    "github": (_O, "mark-github"),
    "git": (_O, "git-branch"),
    "source-branch": (_O, "git-branch"),
    "code-branch": (_O, "git-branch"),
    "source-pull": (_O, "git-pull-request"),
    "code-pull-request": (_O, "git-pull-request"),
    "source-repository": (_O, "repo"),
    "bullseye": (_O, "goal"),
    "target": (_O, "goal"),
}

#: Words that only vary an icon's drawing; the lookup removes them from the end first.
_VARIANTS = re.compile(r"(?:-(?:outline|variant|box|alt|thin|sharp|multiple-outline))+$")
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
    return twemoji().get(name)


@functools.lru_cache(maxsize=1)
def twemoji() -> dict[str, str]:
    """Shortcode name -> character, from the index mkdocs-material's sites use (pymdownx's
    twemoji index, installed with the ``migrate`` extra), aliases included: the names
    neither the table above nor Unicode's own names cover (``:flag_gb:``, ``:ok:``).
    Read only for such a name; empty when pymdown-extensions is not installed."""
    try:
        from pymdownx import twemoji_db
    except ImportError:
        return {}
    out: dict[str, str] = {}
    for key, entry in twemoji_db.emoji.items():
        code = entry.get("unicode_alt") or entry.get("unicode")
        if isinstance(code, str):
            out[key.strip(":")] = "".join(chr(int(part, 16)) for part in code.split("-"))
    for alias, key in twemoji_db.aliases.items():
        if key.strip(":") in out:
            out[alias.strip(":")] = out[key.strip(":")]
    return out


def icon_for(words: str) -> tuple[str, str] | None:
    """The (role, icon) for the words of an icon name, or None when nothing is close."""
    for key in dict.fromkeys((words, _VARIANTS.sub("", words))):
        parts = key.split("-")
        for end in range(len(parts), 0, -1):
            found = ICONS.get("-".join(parts[:end]))
            if found:
                return found
        for begin in range(1, len(parts)):
            found = ICONS.get("-".join(parts[begin:]))
            if found:
                return found
    return None


@functools.lru_cache(maxsize=2)
def _drawn(data: str) -> frozenset[str] | None:
    """The icon names in one of sphinx-design's icon sets (None when it is missing)."""
    try:
        found = resources.files("sphinx_design") / "compiled" / data
        return frozenset(json.loads(found.read_text(encoding="utf-8")))
    except (ModuleNotFoundError, OSError, ValueError):
        return None


def sphinx_design_octicons() -> frozenset[str] | None:
    """The octicon names the installed sphinx-design draws (None when it is missing)."""
    return _drawn("octicons.json")


def same_name(words: str) -> tuple[str, str] | None:
    """An icon sphinx-design draws under the same name, for a name the table lacks.

    Many Material Design names are Google's too (``format-bold`` is ``format_bold``),
    and brands GitHub draws have octicons of their name (``markdown``): the same name is
    the closest icon there is. Variant words (``-outline``) are tried without.
    """
    for key in dict.fromkeys((words, _VARIANTS.sub("", words))):
        material = _drawn("material_regular.json") or frozenset()
        if key.replace("-", "_") in material:
            return _M, key.replace("-", "_")
        if key in (sphinx_design_octicons() or frozenset()):
            return _O, key
    return None


def convert_shortcode(name: str) -> Shortcode | None:
    """The MyST text for ``:name:``, or None when ``name`` is not a shortcode at all."""
    if name.startswith(ICON_PREFIXES):
        if name.startswith("octicons-"):
            # mkdocs-material's octicons are GitHub's set, which sphinx-design ships too.
            github = _SIZE_SUFFIX.sub("", name[len("octicons-") :])
            known = sphinx_design_octicons()
            if known is None or github in known:
                return Shortcode(f"{{octicon}}`{github}`", True, True)
            found = icon_for(github)
        else:
            words = name.split("-", 1)[1]
            if name.startswith("fontawesome-"):
                # fontawesome-solid-people-group: the second word is the style.
                words = words.split("-", 1)[1] if "-" in words else words
            found = (ICONS.get(words) or same_name(words) or icon_for(words)) if words else None
        if found is None:
            return Shortcode("", True, False)
        role, icon = found
        return Shortcode(f"{{{role}}}`{icon}`", True, True)
    char = emoji_for(name)
    if char is None:
        return None
    return Shortcode(char, False, True)
