"""Fair random selection, in plain Python (no Django).

* `select`: a panel from a pool of volunteers with min/max quotas per feature value,
  by LEXIMIN (exact, Flanigan et al. 2021) or LEGACY (the older greedy method), with the
  lottery over panels it was drawn from and every volunteer's probability.
* `stratified_sample`: a proportional stratified sample of a register extract.
* `python -m skabsammen.sortition`: both on the command line, JSON out.

Every draw uses a generator seeded from an announced seed, and its record holds the
seed, the inputs' SHA-256, the algorithm and the library and solver versions.
"""

from .errors import SortitionError
from .instance import Quota
from .selection import Result, select
from .stratified import StratifiedSample, stratified_sample

__all__ = [
    "Quota",
    "Result",
    "SortitionError",
    "StratifiedSample",
    "select",
    "stratified_sample",
]
