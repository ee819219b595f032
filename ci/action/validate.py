"""The action's validate step: annotations on the pull request, counts, optional SARIF.

Inputs (environment): ``RRI_PATH`` (the source folder, default ``.``), ``RRI_STRICT``
(``true`` to fail on gaps), ``RRI_SARIF`` (a file to write a SARIF log to; empty for
none). Outputs (``$GITHUB_OUTPUT``): ``tasks``, ``gaps``, ``errors``, ``sarif-file``.
The exit status is ``sphinx-rri validate``'s, so the job fails as the CLI does.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import flag, sphinx_rri, write_outputs

SUMMARY = re.compile(r"sphinx-rri: (\d+) tasks?, (\d+) gaps?, (\d+) errors?")


def main() -> int:
    path = os.environ.get("RRI_PATH", "").strip() or "."
    strict = ["--strict"] if flag("RRI_STRICT") else []
    annotations = sphinx_rri("validate", "--format", "github", *strict, path)
    sys.stdout.write(annotations.stdout)  # workflow commands: the runner reads them here
    status = annotations.returncode
    if status == 2:
        return status
    outputs = {"tasks": "0", "gaps": "0", "errors": "0", "sarif-file": ""}
    found = SUMMARY.search(annotations.stdout)
    if found:
        outputs["tasks"], outputs["gaps"], outputs["errors"] = found.groups()
    sarif_file = os.environ.get("RRI_SARIF", "").strip()
    if sarif_file:
        log = sphinx_rri("validate", "--format", "sarif", path)
        json.loads(log.stdout)  # a log that is not JSON must not be uploaded
        target = Path(sarif_file)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(log.stdout, encoding="utf-8")
        outputs["sarif-file"] = sarif_file
    write_outputs(outputs)
    return status


if __name__ == "__main__":
    sys.exit(main())
