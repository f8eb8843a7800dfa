"""Reads of the directory: the public part (active organisations, public fields only; never
a contact) and the staff's part (everything, contacts included). Pages and the API ask the
same questions here."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Contact, DirectoryImport, Organisation, normal_name


def _filtered(
    organisations: QuerySet, *, kind=None, topic=None, district=None, query: str = ""
) -> QuerySet:
    if kind:
        organisations = organisations.filter(kind=kind)
    if topic is not None:
        organisations = organisations.filter(topics=topic)
    if district is not None:
        # An organisation that names no district serves the whole municipality.
        organisations = organisations.filter(Q(districts=district) | Q(districts__isnull=True))
    words = normal_name(query or "").split()
    for word in words[:10]:
        organisations = organisations.filter(
            Q(normal_name__contains=word) | Q(description__icontains=word)
        )
    return organisations.distinct()


def public_organisations(*, kind=None, topic=None, district=None, query: str = "") -> QuerySet:
    """Active organisations for "Hvem kan hjælpe" and the API, by name."""
    return _filtered(
        Organisation.objects.active(), kind=kind, topic=topic, district=district, query=query
    ).prefetch_related("topics", "districts")


def public_organisation(pk: int) -> Organisation | None:
    return (
        Organisation.objects.active().prefetch_related("topics", "districts").filter(pk=pk).first()
    )


def staff_organisations(
    *, kind=None, topic=None, district=None, active: bool | None = None, query: str = ""
) -> QuerySet:
    """Every organisation for the staff's directory, with how many active contacts each has."""
    organisations = Organisation.objects.all()
    if active is not None:
        organisations = organisations.filter(is_active=active)
    organisations = _filtered(organisations, kind=kind, topic=topic, district=district, query=query)
    # Counted in a subquery: the filters above may join the same tables.
    return (
        Organisation.objects.filter(pk__in=organisations.values("pk"))
        .annotate(active_contacts=Count("contacts", filter=Q(contacts__is_active=True)))
        .prefetch_related("topics", "districts")
        .order_by("name", "id")
    )


def organisation_for_staff(pk: int) -> Organisation | None:
    """The organisation with its contacts (active first) and their topics and districts."""
    contacts = Contact.objects.prefetch_related("topics", "districts").order_by(
        "-is_active", "name", "id"
    )
    return (
        Organisation.objects.select_related("department")
        .prefetch_related("topics", "districts", Prefetch("contacts", queryset=contacts))
        .filter(pk=pk)
        .first()
    )


def recent_imports(limit: int = 10) -> list[DirectoryImport]:
    return list(DirectoryImport.objects.select_related("uploaded_by").defer("rows")[:limit])
