"""The one error the selection core raises: its message is Danish and meant for the user."""

from collections.abc import Sequence


class SortitionError(ValueError):
    """Input or quotas that cannot give a lawful draw; `str(error)` is a Danish message."""


def named(singular: str, plural: str, names: Sequence[str]) -> str:
    """Return e.g. "kolonnen «a»" or "kolonnerne «a», «b» og «c»" for a Danish message."""
    quoted = [f"«{name}»" for name in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " og " + quoted[-1]
    return f"{singular if len(quoted) == 1 else plural} {listed}"
