"""Outputs that read the course model: ``rri.json``, the gap matrix and its formats,
and the CLI's diagnostic reporters (text, json, github)."""
