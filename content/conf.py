"""Sphinx configuration for the RRI skills track module on the project lifecycle."""

project = "Responsible Research and Innovation: the project lifecycle"

extensions = ["sphinx_rri"]

html_theme = "furo"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]

rri_example_domains = ["Health care", "Environmental Sciences"]
rri_stages = ["project-design", "model-development", "system-deployment"]
