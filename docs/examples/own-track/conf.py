# A track of its own: Public Engagement of Data Science. The guide "Use sphinx-rri for
# your own track" walks through each value; the tests build this project with every
# builder and in French.
project = "Public Engagement of Data Science"
author = "The sphinx-rri developers"
copyright = "2026, The sphinx-rri developers"
version = release = "1.0"
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]

# The domains this track's examples come from.
rri_example_domains = ["Museums", "Local Government", "Schools"]

# The stages of an engagement project, each with the title readers see.
rri_stages = {
    "planning": "Planning the event",
    "delivery": "On the day",
    "evaluation": "Looking back",
}

# Only this track's pages, and a typo in a track or module name is an error.
rri_tracks = ["ped"]
rri_modules = ["ped-101"]

# A card must say what the task is and why it matters; worked examples are welcome but
# not required of every card in this track.
rri_required_parts = ["description", "importance"]

# This track's own words for two headings, in every language.
rri_labels = {
    "examples": "Worked examples",
    "example-gap": "A worked example is on its way",
}
