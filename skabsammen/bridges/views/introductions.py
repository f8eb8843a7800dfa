"""Introductions with consent from both sides, and the staff's figures."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


overview = figures = propose = request_contact = owner_answer = withdraw = _todo
contact_answer = _todo
