"""Sphinx configuration for the RRI skills track module on the project lifecycle."""

project = "Responsible Research and Innovation: the project lifecycle"

extensions = ["sphinx_rri"]

html_theme = "furo"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]

# Two tracks share this project: the lifecycle module (track rri) covers health care and
# the environmental sciences; the public engagement module (track public-engagement) has
# settings and stages of its own. Each page names the domains its cards must cover.
rri_example_domains = [
    "Health care",
    "Environmental Sciences",
    "Museums",
    "Local government",
    "Schools",
]
rri_stages = {
    "project-design": "Project design",
    "model-development": "Model development",
    "system-deployment": "System deployment",
    "engagement-planning": "Planning an engagement",
    "engagement-delivery": "Delivering an engagement",
    "engagement-evaluation": "Evaluating an engagement",
}
rri_tracks = ["rri", "public-engagement"]

# Needed by the epub builder; the course text is shared under CC BY 4.0.
copyright = "2026, the sphinx-rri authors (course text: CC BY 4.0)"
version = release = "1.0"
