"""LEXIMIN over the LP relaxation of the panel polytope: a fast upper bound, often exact.

Every lottery over panels has expected type counts E[x] in the convex hull of the
integer panels, which lies inside the relaxation R = {x real : the panel constraints}.
So the leximin point of R (probabilities x_t / size_t) is at least as good as the true
LEXIMIN, and if it can be written as a lottery over integer panels it *is* the LEXIMIN
optimum. Over R it takes only a few small LPs: maximise the floor z, fix the types
with a positive dual at z (complementary slackness), repeat.
"""

import highspy
import numpy as np

from .highs import INF, add_columns, new_solver, solve
from .instance import Instance
from .pricing import add_rows, panel_rows

DUAL_THRESHOLD = 1e-6
FIX_SLACK = 1e-10


def relaxed_leximin(inst: Instance) -> np.ndarray:
    """Return each type's probability at the leximin point of the LP relaxation."""
    num, sizes = inst.num_types, inst.type_size.astype(np.float64)
    solver = new_solver(simplex_strategy=4)
    add_columns(  # the counts x_t, then the floor z
        solver,
        np.append(np.zeros(num), 1.0),
        np.append(np.zeros(num), -INF),
        np.append(inst.type_cap, INF),
    )
    add_rows(solver, panel_rows(inst))
    first = solver.getNumRow()
    starts = np.arange(0, 2 * num, 2, dtype=np.int32)
    indices = np.column_stack([np.arange(num), np.full(num, num)]).ravel().astype(np.int32)
    values = np.column_stack([1.0 / sizes, -np.ones(num)]).ravel()
    solver.addRows(num, np.zeros(num), np.full(num, INF), 2 * num, starts, indices, values)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    fixed = np.zeros(num, dtype=bool)
    while not fixed.all():
        if (verdict := solve(solver)) != "Optimal":
            raise RuntimeError(f"HiGHS stopped on the relaxed LEXIMIN: {verdict}")
        solution = solver.getSolution()
        z = solution.col_value[num]
        duals = -np.array(solution.row_dual[first:])
        tight = tight_types(fixed, duals, DUAL_THRESHOLD)
        for t in tight:
            solver.changeCoeff(first + int(t), num, 0.0)
            solver.changeRowBounds(first + int(t), z - FIX_SLACK, INF)
        fixed[tight] = True
    counts = np.array(solver.getSolution().col_value[:num])
    return np.clip(counts / sizes, 0.0, 1.0)


def tight_types(fixed: np.ndarray, duals: np.ndarray, threshold: float) -> np.ndarray:
    """Return the unfixed types whose dual exceeds `threshold`: each is at the level in
    every optimum (complementary slackness). With exact duals some are, since the
    unfixed types' duals sum to 1; if rounding hides them all, take the largest dual."""
    tight = np.flatnonzero(~fixed & (duals > threshold))
    if len(tight) == 0:
        tight = np.array([np.argmax(np.where(fixed, -INF, duals))])
    return tight
