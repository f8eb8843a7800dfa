"""The shared layout (base.html), the front page, the accessibility statement and DKFDS forms."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from skabsammen.common.context_processors import main_menu

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("skabsammen.common.tests.urls_for_layout"),
]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
FOCUSABLE = re.compile(r"<(a\s[^>]*href|button|select|textarea|input(?![^>]*type=\"hidden\"))")


class Element:
    def __init__(self, tag, attrs, parents):
        self.tag, self.attrs, self.parents, self.text = tag, dict(attrs), parents, ""

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()


class Page(HTMLParser):
    """Every element of a page with its attributes, ancestors and text."""

    def __init__(self, html):
        super().__init__()
        self.elements, self._open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop().tag != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    def by_id(self, element_id):
        (element,) = [e for e in self.elements if e.attrs.get("id") == element_id]
        return element

    def all(self, tag, **attrs):
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def get(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["home", "accessibility"])
def test_public_page_has_the_layout(client, settings, name):
    settings.MUNICIPALITY_NAME = "Testrup Kommune"
    html = get(client, reverse(name))
    page = Page(html)

    body = html[html.index("<body") :]
    first_focusable = FOCUSABLE.search(body).start()
    assert body[first_focusable:].startswith('<a class="skipnav" href="#main-content">')
    assert page.by_id("main-content").tag == "main"
    assert "Testrup Kommune" in page.all("header")[0].text
    assert page.all("title")[0].text.endswith(" – Skab Sammen – Testrup Kommune")

    with translation.override("da"):
        label = gettext("Accessibility statement")
    (footer,) = page.all("footer")
    links = [e for e in page.all("a", href=reverse("accessibility")) if footer in e.parents]
    assert [link.text for link in links] == [label]


@pytest.mark.parametrize("path", ["/was", "/was/"])
def test_was_redirects_permanently_to_the_statement(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == reverse("accessibility")


def test_statement_has_its_date_and_the_enforcement_body(client):
    html = get(client, reverse("accessibility"))
    assert "26. november 2026" in html
    assert "Digitaliseringsstyrelsen" in html


def test_danish_is_the_default_language(client):
    assert '<html lang="da">' in get(client, reverse("home"))


def test_language_switch_turns_the_site_english(client):
    page = Page(get(client, reverse("accessibility")))
    (form, *_) = page.all("form", action=reverse("set_language"))
    fields = [e for e in page.elements if form in e.parents]
    assert any(
        e.attrs.get("name") == "next" and e.attrs["value"] == reverse("accessibility")
        for e in fields
    )
    assert any(e.tag == "button" and e.attrs.get("value") == "en" for e in fields)

    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE=""
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert '<html lang="en">' in get(client, reverse("home"))


def test_signed_out_header_offers_sign_in(client):
    page = Page(get(client, reverse("home")))
    (header,) = page.all("header")
    sign_in = [e for e in page.all("a") if e.attrs["href"].startswith(reverse("accounts:sign_in"))]
    assert sign_in and all(header in link.parents for link in sign_in)
    assert not page.all("form", action=reverse("accounts:sign_out"))


def test_signed_in_header_shows_the_name_and_a_sign_out_form(client_for, citizen):
    page = Page(get(client_for(citizen), reverse("home")))
    assert "Anna" in page.all("header")[0].text
    (form, *_) = page.all("form", action=reverse("accounts:sign_out"))
    assert form.attrs["method"] == "post"
    inside = [e for e in page.elements if form in e.parents]
    assert any(e.attrs.get("name") == "csrfmiddlewaretoken" for e in inside)
    assert any(e.tag == "button" and e.attrs.get("type") == "submit" for e in inside)


def test_current_menu_item_is_marked(client):
    page = Page(get(client, reverse("home")))
    current = page.all("a", aria_current="page")
    assert current and {a.attrs["href"] for a in current} == {reverse("home")}


def urls_in_menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return [item.url for item in main_menu(request)]


PUBLIC = [
    "/",
    "/initiativer/",
    "/initiativer/ny/",
    "/udvalg/",
    "/politikker/",
    "/broer/organisationer/",
    "/lodtraekninger/",
]


def test_menu_grows_with_the_role(settings, citizen, staff, administrator):
    settings.EMAIL_OUTBOX = True
    assert urls_in_menu(AnonymousUser()) == PUBLIC
    assert urls_in_menu(citizen) == [*PUBLIC, "/initiativer/mine/"]
    assert urls_in_menu(staff) == [
        *PUBLIC,
        "/initiativer/mine/",
        "/initiativer/medarbejder/",
        "/temaer/",
        "/broer/",
        "/udbakke/",
    ]
    assert urls_in_menu(administrator)[-1] == "/revisionslog/"

    settings.EMAIL_OUTBOX = False
    assert "/udbakke/" not in urls_in_menu(staff)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/initiativer/", "/initiativer/"),
        ("/initiativer/42/", "/initiativer/"),
        ("/initiativer/ny/", "/initiativer/ny/"),
        ("/tilgaengelighedserklaering/", None),
    ],
)
def test_one_menu_item_is_current_by_longest_prefix(path, current):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    marked = [item.url for item in main_menu(request) if item.is_current]
    assert marked == ([current] if current else [])


class IdeaForm(forms.Form):
    title = forms.CharField(label="Title", help_text="A few words.")
    description = forms.CharField(label="Description", widget=forms.Textarea, max_length=20)
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("a", "Nature"), ("b", "Culture")],
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.ChoiceField(
        label="Channel", choices=[("mail", "E-mail"), ("phone", "Phone")], widget=forms.RadioSelect
    )
    district = forms.ChoiceField(
        label="District", choices=[("", "Choose"), ("1", "North")], required=False
    )
    consent = forms.BooleanField(label="Consent")

    def clean(self):
        raise forms.ValidationError("The idea cannot be shared twice.")


def render_invalid_form():
    with translation.override("en"):
        form = IdeaForm(data={"description": "x" * 21, "district": "9"})
        assert not form.is_valid()
        return Page(str(form))


def test_form_with_errors_starts_with_an_error_summary():
    page = render_invalid_form()
    (summary,) = [e for e in page.elements if e.attrs.get("data-module") == "error-summary"]
    assert "alert-error" in summary.classes
    assert "The idea cannot be shared twice." in summary.text
    links = [e.attrs["href"] for e in page.all("a") if summary in e.parents]
    assert links == [
        "#id_title",
        "#id_description",
        "#id_topics_0",
        "#id_channel_0",
        "#id_district",
        "#id_consent",
    ]
    assert page.elements.index(summary) < page.elements.index(page.by_id("id_title"))


@pytest.mark.parametrize("field", ["title", "description", "district", "consent"])
def test_field_error_is_in_its_form_group_and_described_by(field):
    page = render_invalid_form()
    control = page.by_id(f"id_{field}")
    error = page.by_id(f"id_{field}_error")
    assert control.attrs["aria-invalid"] == "true"
    assert f"id_{field}_error" in control.attrs["aria-describedby"].split()
    (group,) = [p for p in control.parents if "form-group" in p.classes]
    assert "form-error" in group.classes
    assert group in error.parents
    assert "form-error-message" in error.classes
    assert error.text.startswith("Error:")


@pytest.mark.parametrize(("field", "kind"), [("topics", "checkbox"), ("channel", "radio")])
def test_choices_are_a_dkfds_group_in_a_fieldset(field, kind):
    page = render_invalid_form()
    first = page.by_id(f"id_{field}_0")
    assert f"form-{kind}" in first.classes
    (fieldset,) = [p for p in first.parents if p.tag == "fieldset"]
    assert f"id_{field}_error" in fieldset.attrs["aria-describedby"].split()
    assert page.by_id(f"id_{field}_error") and fieldset in page.by_id(f"id_{field}_error").parents
    (legend,) = [e for e in page.all("legend") if fieldset in e.parents]
    assert legend.text.startswith(field.capitalize())
    assert [p for p in first.parents if f"form-group-{kind}" in p.classes]
    assert page.all("label", **{"for": f"id_{field}_0"})


def test_text_controls_have_dkfds_classes_hint_and_required_mark():
    page = render_invalid_form()
    title = page.by_id("id_title")
    assert "form-input" in title.classes
    assert "required" in title.attrs
    assert title.attrs["aria-describedby"] == "id_title_helptext id_title_error"
    assert page.by_id("id_title_helptext").text == "A few words."
    (label,) = page.all("label", **{"for": "id_title"})
    assert "required" in label.text
    assert "form-select" in page.by_id("id_district").classes
    (district_label,) = page.all("label", **{"for": "id_district"})
    assert "required" not in district_label.text


def test_textarea_shows_a_character_limit_instead_of_cutting_text():
    page = render_invalid_form()
    textarea = page.by_id("id_description")
    assert "maxlength" not in textarea.attrs
    assert "id_description_limit" in textarea.attrs["aria-describedby"].split()
    assert "20" in page.by_id("id_description_limit").text
    (group,) = [p for p in textarea.parents if "form-group" in p.classes]
    assert "form-limit" in group.classes
    assert group.attrs["data-maxlength"] == "20"


def test_messages_are_dkfds_alerts():
    messages = [
        Message(constants.SUCCESS, "Your idea is shared."),
        Message(constants.ERROR, "Something went wrong."),
    ]
    page = Page(render_to_string("includes/messages.html", {"messages": messages}))
    success, error = [e for e in page.elements if "alert" in e.classes]
    assert "alert-success" in success.classes and "role" not in success.attrs
    assert "alert-error" in error.classes and error.attrs["role"] == "alert"
    assert "Something went wrong." in error.text


def test_pagination_keeps_the_query_string():
    page_obj = Paginator(range(100), 10).page(5)
    request = RequestFactory().get("/initiativer/?q=have&page=5")
    page = Page(render_to_string("includes/pagination.html", {"page_obj": page_obj}, request))
    hrefs = [a.attrs["href"] for a in page.all("a")]
    assert "?q=have&page=4" in hrefs
    assert "?q=have&page=10" in hrefs
    (current,) = page.all("a", aria_current="page")
    assert current.text == "5"
    numbers = [a.text for a in page.all("a") if "pagination-number" in a.parents[-1].classes]
    assert numbers == ["1", "4", "5", "6", "10"]


def test_pagination_takes_a_given_query_string():
    page_obj = Paginator(range(30), 10).page(1)
    html = render_to_string(
        "includes/pagination.html", {"page_obj": page_obj, "query": "status=open"}
    )
    assert 'href="?status=open&amp;page=2"' in html


def test_no_pagination_for_a_single_page():
    page_obj = Paginator(range(5), 10).page(1)
    request = RequestFactory().get("/")
    assert not render_to_string("includes/pagination.html", {"page_obj": page_obj}, request).strip()


def test_pagination_links_a_handful_of_pages_however_many_there_are(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/initiativer/", {"status": "underway", "page": "2000"})
    page = Paginator(range(100_000), 20).get_page(2000)
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    numbers = (1, 1999, 2000, 2001, 5000)
    for number in numbers:
        assert f">{number}</a>" in html
    assert html.count('class="pagination-item pagination-number"') == len(numbers)
    assert html.count("pagination-overflow") == 2
    assert "status=underway&amp;page=2001" in html
