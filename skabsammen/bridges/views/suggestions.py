"""Suggestions for an idea, for staff: similar ideas, organisations, contacts."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


suggestions = dismiss = _todo
