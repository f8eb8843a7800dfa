"""LEXIMIN over types: the lottery over panels that maximises the smallest selection
probability, then the next smallest, and so on (Flanigan, Gölz, Gupta, Hennig and
Procaccia, "Fair algorithms for selecting citizens' assemblies", Nature 596, 2021).

By symmetry the LEXIMIN lottery gives every volunteer of a type the same probability
(the optimum is unique and any permutation within a type maps it to an optimum), so we
optimise over types: a panel is a count vector x (see `pricing`), and a type's
probability is E[x_t] / size_t. Two exact routes, tried in this order:

1. **Relaxation first.** The leximin point p^R of the LP relaxation (`relaxation`) is an
   upper bound. Column generation then looks for a lottery with p_t ≥ ζ·p^R_t for all t,
   maximising ζ. If ζ reaches 1 the bound is attained, so p^R *is* the LEXIMIN optimum:
   one column generation instead of one per level. (On pools like the paper's this is
   the usual case.)
2. **Level by level** otherwise (the paper's algorithm, over types). Each level solves

       max z  s.t.  Σ_P w_P x_{P,t}/size_t ≥ z      for every type t not yet fixed,
                    Σ_P w_P x_{P,t}/size_t ≥ p*_t   for every fixed type t,
                    Σ_P w_P = 1,  w ≥ 0,

   by column generation; a type with a positive dual in the optimal dual is at exactly
   z in every optimal lottery (complementary slackness) and is fixed at z. The duals of
   the unfixed types sum to 1, so each level fixes at least one. A type stuck at z whose
   dual happens to be zero is simply fixed at a later level with the same z, so the
   threshold for "positive" errs high: that costs a level, never exactness.

Column generation, for either master LP: the restricted LP over the panels found so far
gives duals y_t ≥ 0 and μ (for Σ w = 1); the panel program then maximises
Σ_t y_t x_t / size_t over all panels, to a relative gap of 1e-9. If its best panel does
not beat μ, no panel can improve the LP by more than that gap and its optimum is that of
the full problem; otherwise the new panels are added and the LP is solved again.
"""

from dataclasses import dataclass, field

import highspy
import numpy as np

from .highs import INF, new_solver, solve
from .instance import Instance
from .pricing import PanelProgram
from .relaxation import relaxed_leximin, tight_types

PRICING_TOLERANCE = 1e-10  # a panel must beat μ by this much to be added
DUAL_THRESHOLD = 1e-5  # a dual above this fixes its type
FIX_SLACK = 1e-10  # a fixed type's floor sits this far below its level
TARGET_TOLERANCE = 1e-7
NEIGHBOURS = 40
COLUMN_LIMIT = 10
SMOOTHING = 0.5


@dataclass
class TypeLottery:
    """A lottery over panels given as count vectors per type, and how it was found."""

    panels: list[np.ndarray]
    weights: np.ndarray
    route: str = ""  # "relaxation" or "levels"
    levels: list[float] = field(default_factory=list)  # each level's z (route "levels")
    pricing_rounds: int = 0  # panel programs solved


class MasterProgram:
    """The restricted LP: max z over lotteries of the panels found so far, subject to
    p_t ≥ scale_t · z for every type (until the type is fixed)."""

    def __init__(self, inst: Instance, scale: np.ndarray):
        self.sizes = inst.type_size.astype(np.float64)
        self.num_types = num = inst.num_types
        self.solver = solver = new_solver(simplex_strategy=4)  # primal: columns get added
        solver.addCol(1.0, -INF, INF, 0, np.array([], np.int32), np.array([], np.float64))
        solver.addRows(
            num + 1,
            np.append(np.zeros(num), 1.0),
            np.append(np.full(num, INF), 1.0),
            num,
            np.append(np.arange(num), num).astype(np.int32),
            np.zeros(num, dtype=np.int32),
            -np.asarray(scale, dtype=np.float64),
        )
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.floor = np.zeros(num)  # each type row's right-hand side
        self.panels: list[np.ndarray] = []
        self.known: set[bytes] = set()

    def add(self, counts: np.ndarray) -> bool:
        """Add a panel as a column; return False if it is already there."""
        key = counts.tobytes()
        if key in self.known:
            return False
        self.known.add(key)
        self.panels.append(counts)
        types = np.flatnonzero(counts)
        self.solver.addCol(
            0.0,
            0.0,
            INF,
            len(types) + 1,
            np.append(types, self.num_types).astype(np.int32),
            np.append(counts[types] / self.sizes[types], 1.0),
        )
        return True

    def prune(self, keep: int) -> None:
        """Drop the least promising unused panels until at most `keep` remain.

        A panel whose reduced cost is very negative is far from being used; pricing finds
        it again if it ever becomes useful. Fewer columns keep each LP solve fast.
        """
        excess = len(self.panels) - keep
        if excess <= 0:
            return
        basis = self.solver.getBasis().col_status[1:]
        reduced = np.array(self.solver.getSolution().col_dual[1:])
        unused = [i for i, st in enumerate(basis) if st != highspy.HighsBasisStatus.kBasic]
        unused.sort(key=lambda i: reduced[i])
        drop = sorted(unused[:excess])
        if not drop:
            return
        self.solver.deleteCols(len(drop), np.array(drop, dtype=np.int32) + 1)
        gone = set(drop)
        for i in drop:
            self.known.discard(self.panels[i].tobytes())
        self.panels = [p for i, p in enumerate(self.panels) if i not in gone]

    def fix(self, types: np.ndarray, level: float) -> None:
        """Give `types` the fixed floor `level` instead of the moving floor z."""
        for t in types:
            self.solver.changeCoeff(int(t), 0, 0.0)
            self.solver.changeRowBounds(int(t), level - FIX_SLACK, INF)
            self.floor[t] = level - FIX_SLACK

    def solve(self) -> tuple[float, np.ndarray, float]:
        """Solve and return z, the type duals y ≥ 0 and the dual μ of Σ w = 1."""
        if (verdict := solve(self.solver)) != "Optimal":
            raise RuntimeError(f"HiGHS stopped on the LEXIMIN LP: {verdict}")
        solution = self.solver.getSolution()
        duals = np.array(solution.row_dual)
        return solution.col_value[0], np.maximum(-duals[:-1], 0.0), duals[-1]

    def lottery(self, **details) -> TypeLottery:
        """Return the current solution's panels of positive weight, weights summing to 1."""
        weights = np.maximum(np.array(self.solver.getSolution().col_value[1:]), 0.0)
        keep = np.flatnonzero(weights > 1e-12)
        return TypeLottery(
            panels=[self.panels[i] for i in keep],
            weights=weights[keep] / weights[keep].sum(),
            **details,
        )


def leximin(inst: Instance) -> TypeLottery:
    """Return the LEXIMIN lottery over type-level panels (quotas must be feasible)."""
    rounds = [0]
    target = relaxed_leximin(inst)
    face = PanelProgram(inst)
    face.restrict_to_face(target * inst.type_size)
    master = MasterProgram(inst, scale=target)
    for panel in covering_panels(face, inst.num_types):
        master.add(panel)
    if master.panels:
        zeta, _ = column_generation(master, face, rounds, stop_at=1.0 - TARGET_TOLERANCE)
        if zeta >= 1.0 - TARGET_TOLERANCE:
            return master.lottery(route="relaxation", pricing_rounds=rounds[0])
    pricing = PanelProgram(inst)
    panels = covering_panels(pricing, inst.num_types) + master.panels
    return by_levels(inst, pricing, panels, rounds)


def by_levels(inst: Instance, pricing: PanelProgram, panels, rounds) -> TypeLottery:
    """Return the LEXIMIN lottery found level by level, starting from known panels."""
    master = MasterProgram(inst, scale=np.ones(inst.num_types))
    for panel in panels:
        master.add(panel)
    fixed, levels = np.zeros(inst.num_types, dtype=bool), []
    while not fixed.all():
        z, y = column_generation(master, pricing, rounds)
        tight = tight_types(fixed, y, DUAL_THRESHOLD)
        master.fix(tight, z)
        fixed[tight] = True
        levels.append(z)
    return master.lottery(route="levels", levels=levels, pricing_rounds=rounds[0])


def covering_panels(pricing: PanelProgram, num_types: int) -> list[np.ndarray]:
    """Return panels that together hold every type that any of the program's panels can.

    Each panel takes as many not yet covered volunteers as it can; without this the
    first LP would be at zero and gain one panel per type, at one panel program each.
    An empty list means that the program has no panel at all.
    """
    panels, covered = [], np.zeros(num_types, dtype=bool)
    while True:
        counts, _ = pricing.best((~covered).astype(np.float64))
        if counts is None or (panels and not (counts[~covered] > 0).any()):
            return panels
        panels.append(counts)
        covered |= counts > 0


def column_generation(master, pricing, rounds, stop_at=INF) -> tuple[float, np.ndarray]:
    """Add improving panels until none exists (or z ≥ stop_at); return z and the duals.

    Pricing uses Wentges smoothing: it prices at a mix of the LP's duals and the duals
    with the best Lagrangian bound so far, which damps the duals' oscillation. When that
    finds no panel that improves the LP, it prices at the LP's own duals, so the answer
    is only ever certified by exact pricing at them.
    """
    center, center_bound = None, INF
    while True:
        z, y, mu = master.solve()
        if z >= stop_at:
            return z, y
        smoothed = y if center is None else SMOOTHING * center + (1 - SMOOTHING) * y
        for duals in (smoothed, y) if center is not None else (y,):
            counts, bound = pricing.best(duals / master.sizes)
            rounds[0] += 1
            lagrangian = bound - duals @ master.floor
            if lagrangian < center_bound:
                center, center_bound = duals, lagrangian
            if _add_improving(master, pricing, counts, y, mu):
                break
        else:
            return z, y


def _add_improving(master, pricing, counts, y, mu) -> bool:
    """Add `counts` and its neighbours if they improve the LP with duals (y, μ)."""
    objective = y / master.sizes
    threshold = mu + PRICING_TOLERANCE
    if counts is None or objective @ counts <= threshold:
        return False
    master.prune(COLUMN_LIMIT * master.num_types)
    added = master.add(counts)
    for extra in pricing.saved(objective, threshold):
        added = master.add(extra) or added
    for extra in pricing.neighbours(counts, objective, threshold, NEIGHBOURS):
        added = master.add(extra) or added
    return added
