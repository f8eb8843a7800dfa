"""Is there any panel at all? If not, say which quotas conflict and how to relax them.

The smallest relaxation is found by an integer program over the same panels, in which
every minimum may be lowered and every maximum raised at a cost of one per person; it
minimises the total change (k, the pool and the household rule stay as they are). The
quotas it changes are the ones in conflict; a few plain checks per category come first,
because they explain the commonest conflicts in words.
"""

from dataclasses import replace

import highspy
import numpy as np

from .errors import SortitionError
from .highs import INF, new_solver, solve
from .instance import Instance
from .pricing import PanelProgram, add_count_columns, add_rows, panel_rows


def ensure_feasible(inst: Instance) -> None:
    """Raise a SortitionError with a Danish explanation if no panel meets every quota."""
    counts, _ = PanelProgram(inst).best(np.zeros(inst.num_types))
    if counts is None:
        raise SortitionError(infeasibility_message(inst))


def infeasibility_message(inst: Instance) -> str:
    """Return the Danish explanation of why the quotas cannot be met, and the remedy."""
    lines = [f"Kvoterne kan ikke opfyldes samtidig med et panel på k={inst.k} personer."]
    lines += [f"- {reason}" for reason in obvious_conflicts(inst)]
    changes = smallest_relaxation(inst)
    total = sum(abs(new - old) for _, _, old, new in changes)
    lines.append(
        f"Modstridende kvoter: {', '.join(dict.fromkeys(label for label, *_ in changes))}."
    )
    lines.append(f"Den mindste lempelse, der gør dem opfyldelige (i alt {total}):")
    lines += [f"- {label}: {bound} {old} → {new}" for label, bound, old, new in changes]
    return "\n".join(lines)


def obvious_conflicts(inst: Instance) -> list[str]:
    """Return the conflicts that a single category or value shows on its own."""
    reasons, by_category = [], {}
    for q, quota in enumerate(inst.quotas):
        by_category.setdefault(quota.category, []).append(quota)
        available = int(inst.type_cap[inst.quota_types[q]].sum())
        if quota.min > available:
            reasons.append(
                f"{quota.label} kræver mindst {quota.min}, men kun {available} i puljen kan "
                "vælges med den værdi."
            )
    for category, quotas in by_category.items():
        low, high = sum(q.min for q in quotas), sum(q.max for q in quotas)
        if low > inst.k:
            reasons.append(
                f"Minimumskvoterne for «{category}» giver tilsammen {low}, mere end k={inst.k}."
            )
        if high < inst.k:
            reasons.append(
                f"Maksimumskvoterne for «{category}» giver tilsammen {high}, mindre end k={inst.k}."
            )
    return reasons


def smallest_relaxation(inst: Instance) -> list[tuple[str, str, int, int]]:
    """Return (quota label, "min" or "max", old, new) for the cheapest feasible relaxation."""
    solver = new_solver()
    add_count_columns(solver, inst)
    quotas = len(inst.quotas)
    slack = inst.num_types  # columns slack..slack+quotas-1 lower mins, the next raise maxes
    solver.addCols(
        2 * quotas,
        np.ones(2 * quotas),
        np.zeros(2 * quotas),
        np.full(2 * quotas, INF),
        0,
        np.zeros(2 * quotas, dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.float64),
    )
    solver.changeColsIntegrality(
        2 * quotas,
        np.arange(slack, slack + 2 * quotas, dtype=np.int32),
        np.ones(2 * quotas, np.uint8),
    )
    rows = panel_rows(inst)
    mins = [replace(r, upper=INF) for r in rows[:quotas]]
    maxes = [replace(r, lower=-INF) for r in rows[:quotas]]
    add_rows(solver, mins, {q: (slack + q, 1.0) for q in range(quotas)})
    add_rows(solver, maxes, {q: (slack + quotas + q, -1.0) for q in range(quotas)})
    add_rows(solver, rows[quotas:])
    solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
    if (verdict := solve(solver)) != "Optimal":
        raise RuntimeError(f"HiGHS stopped on the relaxation: {verdict}")
    values = np.rint(solver.getSolution().col_value[slack:]).astype(int)
    changes = []
    for q, quota in enumerate(inst.quotas):
        if values[q]:
            changes.append((quota.label, "min", quota.min, quota.min - int(values[q])))
        if values[quotas + q]:
            changes.append((quota.label, "max", quota.max, quota.max + int(values[quotas + q])))
    return changes
