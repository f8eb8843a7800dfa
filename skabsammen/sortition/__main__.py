"""`python -m skabsammen.sortition`: see `cli`."""

import sys

from .cli import main

sys.exit(main())
