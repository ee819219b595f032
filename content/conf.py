"""Sphinx configuration for the RRI skills track module on the project lifecycle."""

project = "Responsible Research and Innovation: the project lifecycle"

extensions = ["sphinx_rri"]

html_theme = "furo"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]

rri_example_domains = ["Health care", "Environmental Sciences"]
rri_stages = ["project-design", "model-development", "system-deployment"]

# Needed by the epub builder; the course text is shared under CC BY 4.0.
copyright = "2026, the sphinx-rri authors (course text: CC BY 4.0)"
version = release = "1.0"
