"""/api/v1/organisations: the public part of the directory ("Hvem kan hjælpe").

Active organisations only, and only what the public page shows: never a contact (a
person), never the update link. The register number is included: an association's number
in the municipality's register and a CVR number are public registers' data.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from skabsammen.api.base import OptionalApiToken
from skabsammen.municipality.models import District, Topic

from . import selectors_directory as selectors
from .models import Organisation, OrganisationKind

router = Router(tags=["bridges"])
PAGE_SIZE_MAX = 100


class DirectoryOrganisationOut(Schema):
    id: int
    url: str
    name: str
    kind: str
    kind_label: str
    description: str
    website: str
    email: str
    phone: str
    register_id: str
    topics: list[str]
    districts: list[str] = Field(description="District slugs; empty: the whole municipality")
    updated_at: datetime


class DirectoryPage(Schema):
    count: int
    items: list[DirectoryOrganisationOut]


class DirectoryFilters(Schema):
    kind: str | None = Field(default=None, description="department, institution, association, …")
    topic: str | None = Field(default=None, description="Topic slug")
    district: str | None = Field(default=None, description="District slug")
    q: str | None = Field(default=None, description="Search words", max_length=200)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=PAGE_SIZE_MAX)


def _out(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "url": settings.SITE_URL + reverse("bridges:organisation", args=[organisation.pk]),
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": str(OrganisationKind(organisation.kind).label),
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "register_id": organisation.register_id,
        "topics": [topic.slug for topic in organisation.topics.all()],
        "districts": [district.slug for district in organisation.districts.all()],
        "updated_at": organisation.updated_at,
    }


def _invalid_filter(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_filter")


def _by_slug(model, slug: str | None, message: str):
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise _invalid_filter(message)
    return found


@router.get(
    "/organisations",
    response=DirectoryPage,
    auth=OptionalApiToken(),
    summary="The public directory: active organisations, by name",
)
def list_organisations(request, filters: Query[DirectoryFilters]):
    """Organisations that can help with citizens' ideas; filter by kind, topic, district
    (slugs) and search words. No people: contacts are never public."""
    given = (filters.q, filters.kind, filters.topic, filters.district)
    if any("\x00" in value for value in given if value):  # PostgreSQL takes no NUL
        raise _invalid_filter(_("A filter contains a character that is not allowed."))
    if filters.kind and filters.kind not in OrganisationKind.values:
        raise _invalid_filter(_("Unknown kind: %(kind)s") % {"kind": filters.kind})
    topic = _by_slug(Topic, filters.topic, _("Unknown topic: %(slugs)s") % {"slugs": filters.topic})
    district = _by_slug(
        District, filters.district, _("Unknown district: %(slug)s") % {"slug": filters.district}
    )
    organisations = selectors.public_organisations(
        kind=filters.kind, topic=topic, district=district, query=filters.q or ""
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "count": organisations.count(),
        "items": [_out(o) for o in organisations[start : start + filters.page_size]],
    }


@router.get(
    "/organisations/{int:organisation_id}",
    response=DirectoryOrganisationOut,
    auth=OptionalApiToken(),
    summary="One organisation in the public directory",
)
def get_organisation(request, organisation_id: int):
    found = selectors.public_organisation(organisation_id)
    if found is None:
        raise Http404
    return _out(found)
