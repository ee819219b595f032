"""Sphinx configuration of My course, a course written with sphinx-rri."""

project = "My course"
language = "en"

# sphinx_rri sets up MyST Markdown (with colon fences) and sphinx-tabs itself.
extensions = ["sphinx_rri"]

html_theme = "alabaster"
exclude_patterns = ["_build", "README.md", ".venv", "venv"]

# The values of sphinx-rri, each with what it does. They are read without running
# this file by `sphinx-rri validate`, so keep them literal values.

# Domains every illustrative example should cover; a domain with no example is a gap.
rri_example_domains = ["Health care", "Environmental Sciences"]

# Allowed stage slugs for the front matter's `stage` and a card's `:stage:`; or a
# mapping of slug to the title readers see (gap report, task index, banners).
rri_stages = ["project-design", "model-development", "system-deployment"]

# Case-insensitive regular expressions that mark text as a placeholder (a gap).
rri_placeholder_patterns = ["coming soon"]

# How a build reports gaps: "note" (summary only), "warning" or "error".
rri_gaps = "note"

# Front matter keys a project allows beside those of the contract.
rri_extra_frontmatter_keys = []

# Report pages whose `last_reviewed` is older than this many days (None: never).
rri_review_interval_days = None

# Let raw HTML in pages (HTML blocks, inline HTML, raw directives) into the site; when
# False it is shown as text, so a page cannot inject script.
rri_allow_raw_html = False

# Largest front matter block read, in bytes; a larger one is an error.
rri_max_frontmatter_bytes = 65536

# Most YAML aliases allowed in one front matter block (guards against alias bombs).
rri_max_yaml_aliases = 50

# Most values one front matter key may stand for once YAML aliases are followed.
rri_max_yaml_values = 10000

# Deepest nesting of directives read by `sphinx-rri validate`.
rri_max_nesting = 50

# Largest page read by `sphinx-rri validate`, in bytes.
rri_max_file_bytes = 5000000

# Allowed values of the front matter's `track` (empty: any slug).
rri_tracks = ["rri"]

# Allowed values of the front matter's `module` (empty: any slug).
rri_modules = []

# Parts every task card must have, of `description`, `importance` and `examples`; a part
# left out may be omitted, but when present it must still have content and appear once.
rri_required_parts = ["description", "importance", "examples"]

# Replacements for the fixed texts the extension writes, by label key (`description`,
# `importance`, `examples`, `example-gap`, `not-applicable`, `human-factors`,
# `next-steps`, `choose`, ...), used in every language.
rri_labels = {}

# Show each course page's learning objectives (a box near the top), its status when it
# is not published (a banner), and its authors and last review date, in every builder.
rri_show_metadata = True
