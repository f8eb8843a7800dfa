"""The campaign pages (campaigns, results, panel) and the answer pages (answers)."""

from django.shortcuts import get_object_or_404

from ..models import Campaign


def campaign_or_404(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("body"), pk=pk)
