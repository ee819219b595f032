"""A small track of its own, in French: public engagement with data science.

It shows what another track changes: its own domains and stages (with titles), a card
that concerns one domain only, an example that does not apply, the headings in the
project's language from the catalog that ships with sphinx-rri, and one heading
replaced through ``rri_labels``.
"""

project = "Associer le public à la science des données"
copyright = "2026, the sphinx-rri authors (text: CC BY 4.0)"
version = release = "1.0"

extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]

language = "fr"

rri_example_domains = ["Musées", "Collectivités", "Écoles"]
rri_stages = {
    "preparation": "Préparer la démarche",
    "animation": "Animer la démarche",
    "evaluation": "Évaluer la démarche",
}
rri_tracks = ["mediation"]
rri_labels = {"examples": "Exemples en situation"}
