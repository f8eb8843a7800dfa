"""Small helpers around highspy: a quiet solver and the versions for the record."""

import os
import sys
from importlib import metadata

import highspy
import numpy as np

INF = highspy.kHighsInf
_banner_shown = False


def new_solver(**options) -> highspy.Highs:
    """Return a silent, single-threaded HiGHS instance with `options` set.

    HiGHS prints a banner on standard output when the first instance in a process is
    made; that would spoil the command line's JSON, so it is discarded.
    """
    global _banner_shown
    if _banner_shown:
        solver = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
            solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("threads", 1)
    solver.setOptionValue("random_seed", 0)
    for name, value in options.items():
        solver.setOptionValue(name, value)
    return solver


def add_columns(solver: highspy.Highs, costs, lower, upper, integer: bool = False) -> None:
    """Add columns with these costs and bounds and no matrix entries yet."""
    num = len(costs)
    solver.addCols(
        num,
        np.asarray(costs, dtype=np.float64),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        0,
        np.zeros(num, dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.float64),
    )
    if integer:
        first = solver.getNumCol() - num
        solver.changeColsIntegrality(
            num, np.arange(first, first + num, dtype=np.int32), np.ones(num, dtype=np.uint8)
        )


def versions() -> dict[str, str]:
    """Return the versions of HiGHS and highspy that a draw was made with."""
    solver = new_solver()
    return {
        "highspy": metadata.version("highspy"),
        "highs": f"{solver.version()} ({solver.githash()})",
    }


def status(solver: highspy.Highs) -> str:
    """Return the model status of the last run as HiGHS's own word."""
    return solver.modelStatusToString(solver.getModelStatus())


def solve(solver: highspy.Highs) -> str:
    """Run the solver; if it stops short of a verdict, retry from scratch with the
    default simplex strategy (HiGHS's warm start occasionally ends in "Unknown")."""
    if solver.run() == highspy.HighsStatus.kError and status(solver) == "Not Set":
        # HiGHS refuses to run single-threaded on a thread whose scheduler some other
        # HiGHS user started with more threads; start this thread's scheduler afresh.
        highspy.Highs.resetThreadScheduler(True)
        solver.run()
    if status(solver) in ("Optimal", "Infeasible"):
        return status(solver)
    solver.clearSolver()
    strategy = solver.getOptionValue("simplex_strategy")[1]
    solver.setOptionValue("simplex_strategy", 0)
    solver.run()
    solver.setOptionValue("simplex_strategy", strategy)
    return status(solver)
