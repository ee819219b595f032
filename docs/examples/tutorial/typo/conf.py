project = "My course"
extensions = ["sphinx_rri"]

# The domains every illustrative example should cover, and the allowed stages.
# These are the defaults; a course sets its own.
rri_example_domains = ["Health care", "Environmental Sciences"]
rri_stages = ["project-design", "model-development", "system-deployment"]
