"""Is there any panel at all? If not, say which quotas conflict and how to relax them.

The conflict is a minimal set of quota bounds that cannot all hold, found by a deletion
filter: drop the bounds (whole categories first, then one at a time) and keep a bound
only if the others cannot hold without it. The smallest relaxation is found by an
integer program over the same panels, in which every minimum may be lowered and every
maximum raised at a cost of one per person; it minimises the total change. Neither
touches k, the pool or the household rule. A few plain checks per category come first,
because they explain the commonest conflicts in words.
"""

from dataclasses import replace

import highspy
import numpy as np

from .errors import SortitionError
from .highs import INF, add_columns, new_solver, solve
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
    conflict = conflicting_bounds(inst)
    lines.append(
        "Kvoter i modstrid (uden én hvilken som helst af dem kan resten opfyldes):"
        if len(conflict) > 1
        else "Denne kvote kan ikke opfyldes med puljen og k, selv uden de andre kvoter:"
    )
    for q, bound in conflict:
        quota = inst.quotas[q]
        lines.append(
            f"- {quota.label}: mindst {quota.min}"
            if bound == "min"
            else f"- {quota.label}: højst {quota.max}"
        )
    changes = smallest_relaxation(inst)
    total = sum(abs(new - old) for _, _, old, new in changes)
    lines.append(
        f"Den mindste lempelse, der gør kvoterne mulige at opfylde (i alt {total} "
        f"{'plads' if total == 1 else 'pladser'}):"
    )
    for label, bound, old, new in changes:
        verb, word = ("sænk", "minimum") if bound == "min" else ("hæv", "maksimum")
        lines.append(f"- {label}: {verb} {word} fra {old} til {new}")
    return "\n".join(lines)


def conflicting_bounds(inst: Instance) -> list[tuple[int, str]]:
    """Return (quota index, "min" or "max") for a minimal set of bounds that cannot all
    hold: without any one of them, the rest can.

    Whole categories are dropped first, since a conflict seldom spans many of them, and a
    bound that cannot bind (a minimum of 0, a maximum of k or more) is dropped unsolved.
    """
    program, zeros = PanelProgram(inst), np.zeros(inst.num_types)
    bounds = [(q, bound) for q in range(len(inst.quotas)) for bound in ("min", "max")]
    by_category: dict[str, list[tuple[int, str]]] = {}
    for q, bound in bounds:
        by_category.setdefault(inst.quotas[q].category, []).append((q, bound))
    kept = set(bounds)
    for group in [*by_category.values(), *([b] for b in bounds)]:
        if not (group := [b for b in group if b in kept]):
            continue
        previous = _loosen(program, inst.k, group)
        if previous and program.best(zeros)[0] is not None:  # the rest can hold without it
            for q, lower, upper in reversed(previous):
                program.set_row_bounds(q, lower, upper)
        else:
            kept -= set(group)
    return [b for b in bounds if b in kept]


def _loosen(program: PanelProgram, k: int, bounds) -> list[tuple[int, int, int]]:
    """Drop these quota bounds; return (quota, old min, old max) for each one changed."""
    previous = []
    for q, bound in bounds:
        lower, upper = int(program.lower[q]), int(program.upper[q])
        loose = (0, upper) if bound == "min" else (lower, max(upper, k))
        if loose != (lower, upper):
            previous.append((q, lower, upper))
            program.set_row_bounds(q, *loose)
    return previous


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
    add_columns(
        solver, np.ones(2 * quotas), np.zeros(2 * quotas), np.full(2 * quotas, INF), integer=True
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
