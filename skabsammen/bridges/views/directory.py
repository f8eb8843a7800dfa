"""The directory: public list and page, staff upkeep, an organisation's own update link."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


directory = organisation = staff_directory = organisation_create = _todo
organisation_detail = organisation_edit = contact_create = contact_edit = _todo
update_link = self_update = _todo
