extensions = ["sphinx_rri"]
rri_review_interval_days = 365
