"""Small helpers around highspy: a quiet solver and the versions for the record."""

import os
import sys
from importlib import metadata

import highspy

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
    solver.run()
    if status(solver) in ("Optimal", "Infeasible"):
        return status(solver)
    solver.clearSolver()
    strategy = solver.getOptionValue("simplex_strategy")[1]
    solver.setOptionValue("simplex_strategy", 0)
    solver.run()
    solver.setOptionValue("simplex_strategy", strategy)
    return status(solver)
