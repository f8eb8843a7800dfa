"""The one error the selection core raises: its message is Danish and meant for the user."""


class SortitionError(ValueError):
    """Input or quotas that cannot give a lawful draw; `str(error)` is a Danish message."""
