"""``python -m sphinx_rri.migrate SRC DEST``."""

import sys

from . import main

sys.exit(main())
