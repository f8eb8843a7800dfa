"""The integer program whose feasible points are the panels, counted per type.

A panel is a vector x of counts per type with 0 ≤ x_t ≤ cap_t, Σ x_t = k, every quota's
count between its min and max, and at most N chosen from a household class of N
households. Maximising a linear objective over it is the pricing step of LEXIMIN's column
generation.
"""

from dataclasses import dataclass

import highspy
import numpy as np

from .highs import INF, add_columns, new_solver, solve
from .instance import Instance


@dataclass(frozen=True)
class Row:
    """One linear constraint lower ≤ Σ_{t in types} x_t ≤ upper."""

    types: np.ndarray
    lower: float
    upper: float


def panel_rows(inst: Instance) -> list[Row]:
    """Return the constraints that make a count vector a panel: one per quota (in the
    quotas' order), then the panel size, then one per household class of several types."""
    rows = [Row(inst.quota_types[q], quota.min, quota.max) for q, quota in enumerate(inst.quotas)]
    rows.append(Row(np.arange(inst.num_types), inst.k, inst.k))
    for cls in inst.classes:
        if len(cls.types) > 1:
            rows.append(Row(np.array(cls.types), 0, len(cls.households)))
    return rows


def add_rows(solver, rows: list[Row], extra: dict[int, tuple[int, float]] | None = None):
    """Add `rows` over the first columns; `extra[i]` adds (column, coefficient) to row i."""
    extra = extra or {}
    starts, indices, values = [], [], []
    for i, row in enumerate(rows):
        starts.append(len(indices))
        indices.extend(row.types.tolist())
        values.extend([1.0] * len(row.types))
        if i in extra:
            indices.append(extra[i][0])
            values.append(extra[i][1])
    solver.addRows(
        len(rows),
        np.array([r.lower for r in rows], dtype=np.float64),
        np.array([r.upper for r in rows], dtype=np.float64),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(values, dtype=np.float64),
    )


def add_count_columns(solver, inst: Instance) -> None:
    """Add one integer column per type, 0 ≤ x_t ≤ cap_t."""
    num = inst.num_types
    add_columns(solver, np.zeros(num), np.zeros(num), inst.type_cap, integer=True)


def incidence(inst: Instance, rows: list[Row]) -> np.ndarray:
    """Return the rows × types 0/1 matrix of the constraints."""
    matrix = np.zeros((len(rows), inst.num_types), dtype=np.int64)
    for r, row in enumerate(rows):
        matrix[r, row.types] = 1
    return matrix


class PanelProgram:
    """Find the panel that maximises a linear objective over the type counts.

    The bounds may be tightened to a face of the panel polytope (`restrict_to_face`);
    every panel it returns is checked in integer arithmetic against its bounds, which
    are never looser than the quotas.
    """

    def __init__(self, inst: Instance):
        self.inst = inst
        self.rows = panel_rows(inst)
        self.matrix = incidence(inst, self.rows)
        self.lower = np.array([r.lower for r in self.rows], dtype=np.int64)
        self.upper = np.array([r.upper for r in self.rows], dtype=np.int64)
        self.type_lower = np.zeros(inst.num_types, dtype=np.int64)
        self.type_upper = inst.type_cap.copy()
        self.solver = new_solver(
            mip_rel_gap=1e-9, mip_abs_gap=1e-12, mip_improving_solution_save=True
        )
        add_count_columns(self.solver, inst)
        add_rows(self.solver, self.rows)
        self.solver.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def restrict_to_face(self, point: np.ndarray, tolerance: float = 1e-6) -> None:
        """Keep only panels on the smallest face of the relaxation that holds `point`:
        every constraint tight at the point becomes an equality."""
        values = self.matrix @ point
        at_lower, at_upper = values <= self.lower + tolerance, values >= self.upper - tolerance
        self.upper = np.where(at_lower, self.lower, self.upper)
        self.lower = np.where(at_upper, self.upper, self.lower)
        self.type_upper = np.where(point <= tolerance, 0, self.type_upper)
        self.type_lower = np.where(point >= self.type_upper - tolerance, self.type_upper, 0)
        rows, num = len(self.rows), self.inst.num_types
        self.solver.changeRowsBounds(
            rows,
            np.arange(rows, dtype=np.int32),
            self.lower.astype(float),
            self.upper.astype(float),
        )
        self.solver.changeColsBounds(
            num,
            np.arange(num, dtype=np.int32),
            self.type_lower.astype(float),
            self.type_upper.astype(float),
        )

    def set_row_bounds(self, row: int, lower: int, upper: int) -> None:
        """Set the bounds of one constraint (rows as in `panel_rows`)."""
        self.lower[row], self.upper[row] = lower, upper
        self.solver.changeRowBounds(row, float(lower), float(upper))

    def is_panel(self, counts: np.ndarray) -> bool:
        """Check a count vector against the current bounds, in integer arithmetic."""
        values = self.matrix @ counts
        return bool(
            np.all(counts >= self.type_lower)
            and np.all(counts <= self.type_upper)
            and np.all(values >= self.lower)
            and np.all(values <= self.upper)
        )

    def best(self, objective: np.ndarray) -> tuple[np.ndarray | None, float]:
        """Return the best panel and an upper bound on its value, or (None, -inf).

        The bound is the solver's proven one, so `bound ≤ v` means no panel beats v.
        """
        num = self.inst.num_types
        self.solver.changeColsCost(num, np.arange(num, dtype=np.int32), objective)
        verdict = solve(self.solver)
        if verdict == "Infeasible":
            return None, -INF
        if verdict != "Optimal":
            raise RuntimeError(f"HiGHS stopped on the panel program: {verdict}")
        counts = np.rint(self.solver.getSolution().col_value).astype(np.int64)
        if not self.is_panel(counts):
            raise RuntimeError("HiGHS returned a panel that breaks a constraint")
        bound = max(self.solver.getInfo().mip_dual_bound, float(objective @ counts))
        return counts, bound

    def saved(self, objective: np.ndarray, threshold: float) -> list[np.ndarray]:
        """Return other panels the last run met whose value exceeds `threshold`."""
        found = []
        for solution in self.solver.getSavedMipSolutions():
            counts = np.rint(solution.col_value).astype(np.int64)
            if float(objective @ counts) > threshold and self.is_panel(counts):
                found.append(counts)
        return found

    def neighbours(
        self, counts: np.ndarray, objective: np.ndarray, threshold: float, limit: int
    ) -> list[np.ndarray]:
        """Return up to `limit` panels one swap from `counts` whose value beats `threshold`.

        A swap replaces one member of type a by one of type b; it is kept only if every
        bound still holds. Such near-copies of a good panel are cheap extra columns.
        """
        values = self.matrix @ counts
        base = float(objective @ counts)
        can_grow = counts < self.type_upper
        found = []
        for a in np.flatnonzero(counts > self.type_lower):
            after = (values - self.matrix[:, a])[:, None] + self.matrix
            ok = can_grow & np.all(
                (after >= self.lower[:, None]) & (after <= self.upper[:, None]), axis=0
            )
            ok[a] = False
            gain = base - objective[a] + objective
            found.extend((gain[b], a, b) for b in np.flatnonzero(ok & (gain > threshold)))
        found.sort(reverse=True)
        panels = []
        for _, a, b in found[:limit]:
            panel = counts.copy()
            panel[a] -= 1
            panel[b] += 1
            panels.append(panel)
        return panels
