"""`python -m skabsammen.insight`: see `cli`."""

import sys

from .cli import main

sys.exit(main())
