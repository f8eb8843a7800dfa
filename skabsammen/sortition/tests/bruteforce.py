"""An independent LEXIMIN for tiny pools: every feasible panel enumerated, per volunteer.

It shares no code with the package's solver: no types, no column generation, no duals.
Each level maximises the floor z over all panels; then every unfixed volunteer is
tested on its own (can it get more than z while everyone else keeps their floor?) and
the ones that cannot are fixed at z.
"""

from itertools import combinations

import highspy
import numpy as np

TOLERANCE = 1e-9


def feasible_panels(features, quotas, k, households=None):
    """Return every set of k volunteers that meets all quotas (and the household rule)."""
    panels = []
    for panel in combinations(range(len(features)), k):
        if households is not None and len({households[i] for i in panel}) < k:
            continue
        if all(
            lo <= sum(features[i][category] == value for i in panel) <= hi
            for category, value, lo, hi in quotas
        ):
            panels.append(panel)
    return panels


def _lp(panels, n, floors, objective_person=None):
    """Solve max z (or max p_person) over lotteries with p_i ≥ floors[i] (None: ≥ z)."""
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    num = len(panels)
    solver.addVars(num + 1, np.append(np.zeros(num), -inf), np.full(num + 1, inf))
    matrix = np.zeros((n, num))
    for j, panel in enumerate(panels):
        matrix[list(panel), j] = 1.0
    for i in range(n):
        z_coef = -1.0 if floors[i] is None else 0.0
        low = 0.0 if floors[i] is None else floors[i] - TOLERANCE
        solver.addRow(
            low, inf, num + 1, np.arange(num + 1, dtype=np.int32), np.append(matrix[i], z_coef)
        )
    solver.addRow(1.0, 1.0, num, np.arange(num, dtype=np.int32), np.ones(num))
    costs = np.zeros(num + 1)
    if objective_person is None:
        costs[num] = 1.0
    else:
        costs[:num] = matrix[objective_person]
    solver.changeColsCost(num + 1, np.arange(num + 1, dtype=np.int32), costs)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    solver.run()
    solution = solver.getSolution().col_value
    return solver.getInfo().objective_function_value, matrix @ np.array(solution[:num])


def leximin_by_enumeration(features, quotas, k, households=None) -> np.ndarray:
    """Return every volunteer's LEXIMIN probability (requires a feasible instance)."""
    panels = feasible_panels(features, quotas, k, households)
    n = len(features)
    floors: list[float | None] = [None] * n
    while any(f is None for f in floors):
        z, _ = _lp(panels, n, floors)
        unfixed = [i for i in range(n) if floors[i] is None]
        trial = [z if f is None else f for f in floors]
        stuck = [i for i in unfixed if _lp(panels, n, trial, objective_person=i)[0] <= z + 1e-6]
        for i in stuck:
            floors[i] = z
    return np.array(floors, dtype=float)
