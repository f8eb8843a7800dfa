"""The directory: the public "Hvem kan hjælpe" (organisations only, never people), the
staff's catalogue with contacts, and the page an organisation updates itself through its
own link (no account)."""

import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from skabsammen.common.forms import apply_errors, error_status
from skabsammen.common.permissions import rule_required

from .. import selectors_directory as selectors
from ..forms import (
    ContactForm,
    DirectoryFilterForm,
    OrganisationForm,
    OwnContactFormSet,
    PublicFieldsForm,
    StaffDirectoryFilterForm,
    UpdateLinkForm,
)
from ..models import Contact, Organisation
from ..services import directory as services

PAGE_SIZE = 20
STAFF_PAGE_SIZE = 25


# Public: "Hvem kan hjælpe" ---------------------------------------------------------------


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    organisations = selectors.public_organisations(**form.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bridges/directory.html",
        {
            "form": form,
            "page_obj": page,
            "can_manage": rules.test_rule("bridges.manage_directory", request.user),
        },
    )


def organisation(request, pk: int):
    found = selectors.public_organisation(pk)
    if found is None:
        raise Http404
    return render(
        request,
        "bridges/organisation.html",
        {
            "organisation": found,
            "can_manage": rules.test_rule("bridges.manage_directory", request.user),
        },
    )


# Staff: the catalogue --------------------------------------------------------------------


@rule_required("bridges.manage_directory")
def staff_directory(request):
    form = StaffDirectoryFilterForm(request.GET or None)
    organisations = selectors.staff_organisations(**form.filters())
    page = Paginator(organisations, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bridges/directory_staff.html", {"form": form, "page_obj": page})


def _save(form, call):
    if form.is_valid():
        try:
            return call(form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
    return None


@rule_required("bridges.manage_directory")
def organisation_create(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        created = _save(form, lambda data: services.organisation_create(actor=request.user, **data))
        if created is not None:
            messages.success(request, _("%(name)s is in the directory.") % {"name": created.name})
            return redirect("bridges:organisation_detail", pk=created.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(request, "bridges/organisation_form.html", {"form": form}, status=status)


@rule_required("bridges.manage_directory")
def organisation_edit(request, pk: int):
    found = selectors.organisation_for_staff(pk)
    if found is None:
        raise Http404
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        saved = _save(
            form,
            lambda data: services.organisation_update(
                actor=request.user, organisation=found, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("bridges:organisation_detail", pk=found.pk)
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(found))
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "bridges/organisation_form.html",
        {"form": form, "organisation": found},
        status=status,
    )


@rule_required("bridges.manage_directory")
def organisation_detail(request, pk: int):
    found = selectors.organisation_for_staff(pk)
    if found is None:
        raise Http404
    return render(
        request,
        "bridges/organisation_detail.html",
        {
            "organisation": found,
            "contacts": list(found.contacts.all()),
            "link": services.update_link_state(found),
            "link_form": UpdateLinkForm(organisation=found),
            "link_days": settings.BRIDGES_UPDATE_LINK_DAYS,
        },
    )


@rule_required("bridges.manage_directory")
def contact_create(request, pk: int):
    found = get_object_or_404(Organisation, pk=pk)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        created = _save(
            form,
            lambda data: services.contact_create(actor=request.user, organisation=found, **data),
        )
        if created is not None:
            messages.success(request, _("%(name)s is added.") % {"name": created.name})
            return redirect("bridges:organisation_detail", pk=found.pk)
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "bridges/contact_form.html",
        {"form": form, "organisation": found},
        status=status,
    )


@rule_required("bridges.manage_directory")
def contact_edit(request, pk: int):
    contact = get_object_or_404(
        Contact.objects.select_related("organisation").prefetch_related("topics", "districts"),
        pk=pk,
    )
    if request.method == "POST":
        form = ContactForm(request.POST)
        saved = _save(
            form,
            lambda data: services.contact_update(actor=request.user, contact=contact, **data),
        )
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect("bridges:organisation_detail", pk=contact.organisation_id)
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact))
    status = error_status(form) if request.method == "POST" else 200
    return render(
        request,
        "bridges/contact_form.html",
        {"form": form, "organisation": contact.organisation, "contact": contact},
        status=status,
    )


@require_POST
@rule_required("bridges.manage_directory")
def update_link(request, pk: int):
    """Send a new update link (the old one stops working), or revoke the link."""
    found = get_object_or_404(Organisation, pk=pk)
    url = reverse("bridges:organisation_detail", args=[found.pk])
    try:
        if request.POST.get("revoke"):
            services.update_link_revoke(actor=request.user, organisation=found)
            messages.success(request, _("The update link no longer works."))
            return redirect(url)
        form = UpdateLinkForm(request.POST, organisation=found)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(url)
        to = services.update_link_send(
            actor=request.user, organisation=found, contact=form.cleaned_data["contact"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    messages.success(
        request,
        _("The update link has been sent to %(email)s. An earlier link no longer works.")
        % {"email": to},
    )
    return redirect(url)


# The organisation's own link -------------------------------------------------------------


def _link_refused(request, expired: bool):
    return render(
        request,
        "bridges/self_update_refused.html",
        {"expired": expired},
        status=410 if expired else 404,
    )


@never_cache
def self_update(request, token: str):
    try:
        found = services.organisation_by_update_token(token)
    except services.UpdateLinkInvalid as invalid:
        return _link_refused(request, invalid.expired)
    contacts = list(found.contacts.filter(is_active=True).order_by("name", "id"))
    if request.method == "GET" and request.GET.get("gemt"):
        return render(
            request,
            "bridges/self_update_done.html",
            {
                "organisation": Organisation.objects.prefetch_related("topics", "districts").get(
                    pk=found.pk
                ),
                "contacts": contacts,
                "token": token,
            },
        )
    initial_contacts = [
        {"id": c.pk, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
        for c in contacts
    ]
    posted = request.POST if request.method == "POST" else None
    form = PublicFieldsForm(posted, initial=PublicFieldsForm.initial_for(found))
    formset = OwnContactFormSet(posted, initial=initial_contacts, prefix="kontakter")
    if posted is not None and form.is_valid() and formset.is_valid():
        try:
            services.organisation_self_update(
                token=token, contacts=formset.contact_changes(), **form.service_kwargs()
            )
        except services.UpdateLinkInvalid as invalid:
            return _link_refused(request, invalid.expired)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("bridges:self_update", args=[token]) + "?gemt=1")
    status = 400 if posted is not None else 200
    return render(
        request,
        "bridges/self_update.html",
        {"organisation": found, "form": form, "formset": formset},
        status=status,
    )
