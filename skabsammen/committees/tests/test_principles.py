"""The principles as a living document: drafts, comments (kvalificering), adoption, and
the principles shown without numbers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skabsammen.committees import demo, services
from skabsammen.committees.models import PrinciplesDocument, VersionStatus
from skabsammen.common.permissions import Forbidden
from skabsammen.municipality import demo as municipality_demo

from .factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(secretariat):
    body = BodyFactory(name="Opgaveudvalget Vi Skaber Sammen", slug="vi-skaber-sammen")
    document = services.principles_document_create(
        actor=secretariat, body=body, title="Principper for hvordan vi skaber sammen"
    )
    services.principles_draft_save(
        actor=secretariat,
        document=document,
        introduction="Gentofte Kommune vil fortsætte bevægelsen.",
        principles=[("Lytter først", "Vi lytter."), ("Bygger bro", "Vi kobler.")],
    )
    return document


def test_members_and_citizens_comment_on_the_draft(document, citizen, staff):
    principle = document.versions.get().principles.get(title="Lytter først")
    services.principle_comment_add(actor=citizen, principle=principle, text="Godt formuleret.")
    services.principle_comment_add(actor=staff, principle=principle, text="Enig.")
    assert principle.comments.count() == 2
    with pytest.raises(ValidationError):
        services.principle_comment_add(actor=citizen, principle=principle, text="  ")


def test_adopting_closes_comments_and_the_next_draft_is_a_copy(document, secretariat, citizen):
    draft = document.versions.get()
    with pytest.raises(Forbidden):
        services.principles_version_adopt(actor=citizen, version=draft)
    services.principles_version_adopt(actor=secretariat, version=draft)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED and not draft.comments_open
    principle = draft.principles.first()
    with pytest.raises(ValidationError) as error:
        services.principle_comment_add(actor=citizen, principle=principle, text="For sent?")
    assert error.value.code == "closed"
    second = services.principles_draft_from(actor=secretariat, document=document)
    assert second.number == 2
    assert [p.title for p in second.principles.all()] == ["Lytter først", "Bygger bro"]
    services.principles_version_adopt(actor=secretariat, version=second)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.SUPERSEDED


def test_a_draft_keeps_comments_when_a_principle_is_reworded(document, secretariat, citizen):
    version = document.versions.get()
    listen, bridge = version.principles.all()
    services.principle_comment_add(actor=citizen, principle=bridge, text="Husk foreningerne.")
    services.principles_draft_save(
        actor=secretariat,
        document=document,
        introduction="",
        principles=[
            (bridge.pk, "Bygger broer", "Vi kobler borgere og foreninger."),
            (None, "Ny", "Tekst."),
        ],
    )
    assert [p.title for p in version.principles.all()] == ["Bygger broer", "Ny"]
    assert version.principles.get(title="Bygger broer").comments.get().text == "Husk foreningerne."
    assert not version.principles.filter(pk=listen.pk).exists()  # no comments: taken out
    with pytest.raises(ValidationError) as error:  # it has comments: it stays
        services.principles_draft_save(
            actor=secretariat, document=document, introduction="", principles=[("Ny", "Tekst.")]
        )
    assert error.value.code == "has_comments"
    with pytest.raises(ValidationError) as error:
        services.principles_draft_save(
            actor=secretariat, document=document, introduction="", principles=[("Titel", "")]
        )
    assert error.value.code == "incomplete_principle"


def test_the_page_shows_the_principles_without_numbers(client, client_for, citizen):
    demo.load(municipality_demo.load())
    document = PrinciplesDocument.objects.get()
    html = client.get(document.get_absolute_url()).content.decode()
    for title in ("Lytter først", "Bygger bro", "Sikrer fremdrift", "Dialog i øjenhøjde",
                  "Fastholder virkelysten", "Skaber engagerende rammer"):  # fmt: skip
        assert title in html
        assert f"1. {title}" not in html and f"6. {title}" not in html
    assert "<ol" not in html.split("<h1>")[1].split("</main>")[0]
    assert "Log ind for at kommentere" in html

    principle = document.versions.get().principles.get(title="Bygger bro")
    url = reverse(
        "committees:principle_comment", args=[document.body.slug, document.slug, principle.pk]
    )
    response = client_for(citizen).post(url, {f"p{principle.pk}-text": "Også til erhvervslivet."})
    assert response.status_code == 302
    assert "Også til erhvervslivet." in client.get(document.get_absolute_url()).content.decode()
    empty = client_for(citizen).post(url, {f"p{principle.pk}-text": ""})
    assert empty.status_code == 400 and "Skriv din kommentar" in empty.content.decode()
    assert client.post(url, {f"p{principle.pk}-text": "Anonym"}).status_code == 302  # to sign in
    assert principle.comments.count() == 1


def test_the_secretariat_edits_and_adopts_through_the_pages(client_for, secretariat, document):
    manager = client_for(secretariat)
    edit = reverse("committees:principles_edit", args=[document.body.slug, document.slug])
    response = manager.post(
        edit,
        {
            "introduction": "Ny indledning.",
            "id_0": document.versions.get().principles.get(title="Lytter først").pk,
            "title_0": "Lytter først",
            "text_0": "Vi lytter altid først.",
            "title_1": "",
            "text_1": "",
        },
    )
    assert response.status_code == 302
    version = document.versions.get()
    assert [p.title for p in version.principles.all()] == ["Lytter først"]
    adopt = reverse("committees:principles_adopt", args=[document.body.slug, document.slug])
    assert manager.post(adopt).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED


def test_a_second_document_by_the_same_name_is_refused(document, secretariat):
    with pytest.raises(ValidationError) as error:
        services.principles_document_create(
            actor=secretariat, body=document.body, title=document.title
        )
    assert "title" in error.value.message_dict
