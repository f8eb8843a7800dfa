"""The pages: what each person sees and can do, with bounded query counts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.initiatives.models import Initiative, Message, Status
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import InitiativeFactory, MessageFactory, edit_initiative

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:list")
TOMORROW = timezone.localdate() + timedelta(days=1)


def page(response) -> str:
    return response.content.decode()


class TestList:
    def test_anonymous_visitors_see_public_ideas_only(self, client):
        public = InitiativeFactory(title="Offentlig have")
        InitiativeFactory(title="Hemmelig plan", is_public=False)
        html = page(client.get(LIST))
        assert public.title in html and "Hemmelig plan" not in html

    def test_owners_see_their_own_private_ideas_too(self, client_for):
        private = InitiativeFactory(title="Min private idé", is_public=False)
        InitiativeFactory(title="Andens private idé", is_public=False)
        html = page(client_for(private.owners.get()).get(LIST))
        assert "Min private idé" in html and "Andens private idé" not in html

    def test_filters_and_search(self, client):
        klima, vangede = TopicFactory(slug="klima", name="Klima"), DistrictFactory(slug="vangede")
        wanted = InitiativeFactory(
            title="Solceller på taget", status=Status.UNDERWAY, district=vangede
        )
        wanted.topics.add(klima)
        InitiativeFactory(title="Solceller andetsteds", status=Status.UNDERWAY)
        InitiativeFactory(
            title="Bænk ved søen", status=Status.UNDERWAY, district=vangede
        ).topics.add(klima)
        html = page(
            client.get(
                LIST,
                {"status": "underway", "topic": "klima", "district": "vangede", "q": "solceller"},
            )
        )
        assert "Solceller på taget" in html
        assert "Solceller andetsteds" not in html and "Bænk ved søen" not in html

    def test_an_unknown_filter_is_explained_and_left_out(self, client):
        InitiativeFactory(title="Have")
        response = client.get(LIST, {"status": "approved"})
        assert response.status_code == 200
        assert "Et filter blev ikke forstået" in page(response)
        assert "Have" in page(response)

    def test_the_list_is_paged(self, client):
        InitiativeFactory.create_batch(25)
        first, second = client.get(LIST), client.get(LIST, {"page": 2})
        assert page(first).count('class="initiative-item"') == 20
        assert page(second).count('class="initiative-item"') == 5

    @pytest.mark.parametrize("amount", [5, 60])
    def test_query_count_does_not_grow_with_the_data(
        self, client, client_for, django_assert_max_num_queries, amount
    ):
        topic = TopicFactory()
        for _ in range(amount):
            InitiativeFactory(status=Status.UNDERWAY, district=DistrictFactory()).topics.add(topic)
        citizen = client_for(UserFactory())
        with django_assert_max_num_queries(10):
            assert client.get(LIST).status_code == 200
        with django_assert_max_num_queries(10):
            assert citizen.get(LIST, {"q": "Idé", "topic": topic.slug}).status_code == 200


class TestDetail:
    def test_everyone_sees_status_contact_person_next_step_and_timeline(self, client):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        html = page(client.get(initiative.get_absolute_url()))
        assert "I gang" in html
        assert initiative.contact_person.name in html
        assert initiative.next_step in html
        assert "Tidslinje" in html and "Idé modtaget" in html

    def test_a_no_is_shown_in_plain_words_with_where_to_turn(self, client):
        initiative = InitiativeFactory(status=Status.DECLINED)
        html = page(client.get(initiative.get_absolute_url()))
        assert initiative.decline_reason in html and initiative.decline_referral in html

    def test_a_private_idea_is_404_for_others(self, client, client_for):
        initiative = InitiativeFactory(is_public=False)
        assert client.get(initiative.get_absolute_url()).status_code == 404
        assert client_for(UserFactory()).get(initiative.get_absolute_url()).status_code == 404
        assert client_for(StaffFactory()).get(initiative.get_absolute_url()).status_code == 200

    def test_the_dialogue_is_for_owners_and_staff_and_notes_for_staff(self, client, client_for):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        MessageFactory(initiative=initiative, author=initiative.contact_person, text="Velkommen")
        MessageFactory(
            initiative=initiative,
            author=initiative.contact_person,
            text="Hemmelig note",
            internal=True,
        )
        assert "Velkommen" not in page(client.get(initiative.get_absolute_url()))
        owner_view = page(client_for(initiative.owners.get()).get(initiative.get_absolute_url()))
        assert "Velkommen" in owner_view and "Hemmelig note" not in owner_view
        staff_view = page(client_for(StaffFactory()).get(initiative.get_absolute_url()))
        assert "Hemmelig note" in staff_view

    def test_markup_in_text_is_shown_as_text(self, client):
        initiative = InitiativeFactory(
            title='<img src=x onerror="alert(1)">', description="<script>alert(2)</script>"
        )
        html = page(client.get(initiative.get_absolute_url()))
        assert "<script>alert(2)" not in html and 'onerror="alert(1)"' not in html
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html

    def test_query_count_is_bounded(self, client_for, django_assert_max_num_queries):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        for _ in range(15):
            MessageFactory(initiative=initiative, author=initiative.contact_person)
        client = client_for(initiative.contact_person)
        with django_assert_max_num_queries(16):
            assert client.get(initiative.get_absolute_url()).status_code == 200


class TestSubmitting:
    def data(self, **overrides):
        return {
            "title": "Fælleshave",
            "description": "Vi dyrker grøntsager.",
            "is_public": "true",
            **overrides,
        }

    def test_a_signed_in_citizen_submits_and_lands_on_the_idea(self, client_for, citizen):
        response = client_for(citizen).post(
            reverse("initiatives:create"), self.data(help_wanted=["premises", "permits"])
        )
        initiative = Initiative.objects.get()
        assert response["Location"] == initiative.get_absolute_url()
        assert initiative.help_wanted == ["premises", "permits"]

    @pytest.mark.parametrize(("field", "value"), [("topics", "9" * 30), ("district", "²")])
    def test_a_choice_that_cannot_be_one_is_refused_not_an_error(self, client, field, value):
        data = self.data(name="Ole", email="ole@example.dk", **{field: value})
        response = client.post(reverse("initiatives:create"), data)
        assert response.status_code == 400
        assert not Initiative.objects.exists()

    def test_without_an_account_the_email_must_be_confirmed_first(self, client):
        response = client.post(
            reverse("initiatives:create"), self.data(name="Ole", email="ole@example.dk")
        )
        assert response["Location"] == reverse("initiatives:confirm_sent")
        assert not Initiative.objects.exists()
        assert "ole@example.dk" in page(client.get(response["Location"]))

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("title", "", "Giv din idé en titel."),
            ("title", "x" * 121, "højst have 120 tegn"),
            ("description", "", "Beskriv din idé."),
            ("email", "ikke-en-adresse", "Skriv en e-mailadresse som navn@eksempel.dk."),
        ],
    )
    def test_bad_input_gets_a_danish_message_and_changes_nothing(
        self, client, field, value, message
    ):
        data = self.data(name="Ole", email="ole@example.dk")
        data[field] = value
        response = client.post(reverse("initiatives:create"), data)
        assert response.status_code == 400
        assert message in page(response)
        assert not Initiative.objects.exists() and not Email.objects.exists()


class TestStaffPages:
    def test_assign_then_first_reply_with_next_step(self, client_for, staff):
        initiative = InitiativeFactory()
        client = client_for(staff)
        client.post(
            reverse("initiatives:assign", args=[initiative.pk]), {"contact_person": staff.pk}
        )
        response = client.post(
            reverse("initiatives:message", args=[initiative.pk]),
            {
                "text": "Tak for din idé.",
                "next_step": "Vi mødes",
                "next_step_due": TOMORROW.isoformat(),
            },
        )
        assert response.status_code == 302
        initiative.refresh_from_db()
        assert initiative.contact_person == staff and initiative.status == Status.IN_DIALOGUE

    def test_the_first_reply_without_next_step_is_refused_with_a_message(self, client_for, staff):
        initiative = InitiativeFactory(contact_person=staff)
        response = client_for(staff).post(
            reverse("initiatives:message", args=[initiative.pk]), {"text": "Hej"}
        )
        assert response.status_code == 400
        assert "Skriv næste skridt" in page(response)
        assert not Message.objects.exists()

    def test_checking_the_language_shows_lix_and_sends_nothing(self, client_for):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        response = client_for(initiative.contact_person).post(
            reverse("initiatives:message", args=[initiative.pk]),
            {"text": "I henhold til reglerne bedes du fremsende ansøgningen.", "preview": "1"},
        )
        html = page(response)
        assert "LIX" in html and "i henhold til" in html.lower()
        assert not Message.objects.exists()

    def test_the_live_readability_check(self, client, client_for, staff):
        url = reverse("initiatives:readability")
        response = client_for(staff).post(
            url, {"text": "Såfremt du ønsker det, kan vi mødes."}, HTTP_HX_REQUEST="true"
        )
        assert "LIX" in page(response) and "hvis" in page(response)
        assert "<html" not in page(response)  # only the partial
        assert client_for(UserFactory()).post(url, {"text": "x"}).status_code == 403

    def test_a_long_hard_text_gets_a_warning(self, client_for, staff):
        hard = (
            "Kommunalbestyrelsens beslutningsgrundlag vedrørende projektorganiseringen "
            "forudsætter tværforvaltningsmæssig koordinering af implementeringsaktiviteterne. "
        ) * 3
        html = page(client_for(staff).post(reverse("initiatives:readability"), {"text": hard}))
        assert "svær at læse" in html

    def test_decline_without_reason_on_the_page(self, client_for):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        response = client_for(initiative.contact_person).post(
            reverse("initiatives:transition", args=[initiative.pk]), {"status": "declined"}
        )
        assert response.status_code == 400
        assert "Skriv, hvorfor kommunen ikke deltager." in page(response)
        initiative.refresh_from_db()
        assert initiative.status == Status.IN_DIALOGUE

    def test_only_the_contact_person_opens_the_status_page(self, client_for, staff):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        url = reverse("initiatives:transition", args=[initiative.pk])
        assert client_for(initiative.contact_person).get(url).status_code == 200
        assert client_for(staff).get(url).status_code == 403
        assert client_for(initiative.owners.get()).get(url).status_code == 403

    def test_staff_cannot_edit_the_citizens_text(self, client_for):
        initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
        url = reverse("initiatives:edit", args=[initiative.pk])
        client = client_for(initiative.contact_person)
        assert client.get(url).status_code == 403
        client.post(url, {"title": "Kommunens version", "description": "x", "is_public": "true"})
        initiative.refresh_from_db()
        assert initiative.title != "Kommunens version"

    def test_partner_roles_through_the_page(self, client_for):
        initiative = InitiativeFactory(status=Status.UNDERWAY)
        client = client_for(initiative.contact_person)
        client.post(
            reverse("initiatives:partner_role_create", args=[initiative.pk]),
            {"kind": "premises", "description": "Lokale på biblioteket"},
        )
        role = initiative.partner_roles.get()
        assert "Lokale på biblioteket" in page(client.get(initiative.get_absolute_url()))
        client.post(reverse("initiatives:partner_role_delete", args=[initiative.pk, role.pk]))
        assert not initiative.partner_roles.exists()

    def test_register_on_behalf_of_a_citizen(self, client_for, staff):
        response = client_for(staff).post(
            reverse("initiatives:register"),
            {
                "citizen_name": "Inger",
                "citizen_email": "inger@example.dk",
                "channel": "library",
                "title": "Fortællecafé",
                "description": "Vi fortæller historier.",
                "is_public": "true",
            },
        )
        initiative = Initiative.objects.get()
        assert response["Location"] == initiative.get_absolute_url()
        assert initiative.channel == "library" and initiative.contact_person == staff


class TestOwnerPages:
    def test_the_owner_pauses_and_resumes(self, client_for):
        initiative = InitiativeFactory(status=Status.TRIAL)
        client = client_for(initiative.owners.get())
        url = reverse("initiatives:owner_transition", args=[initiative.pk])
        client.post(url, {"status": "paused"})
        initiative.refresh_from_db()
        assert initiative.status == Status.PAUSED
        assert "Genoptag idéen" in page(client.get(initiative.get_absolute_url()))
        client.post(url, {"status": "trial"})
        initiative.refresh_from_db()
        assert initiative.status == Status.TRIAL

    def test_staff_cannot_use_the_owners_buttons(self, client_for):
        initiative = InitiativeFactory(status=Status.TRIAL)
        response = client_for(initiative.contact_person).post(
            reverse("initiatives:owner_transition", args=[initiative.pk]), {"status": "withdrawn"}
        )
        assert response.status_code == 403
        initiative.refresh_from_db()
        assert initiative.status == Status.TRIAL

    def test_the_owner_edits_the_idea(self, client_for):
        initiative = InitiativeFactory()
        client = client_for(initiative.owners.get())
        client.post(
            reverse("initiatives:edit", args=[initiative.pk]),
            {"title": "Bedre titel", "description": "Ny tekst", "is_public": "false"},
        )
        initiative.refresh_from_db()
        assert (initiative.title, initiative.is_public) == ("Bedre titel", False)

    def test_my_ideas(self, client, client_for):
        initiative = InitiativeFactory(title="Min idé")
        InitiativeFactory(title="En andens idé")
        html = page(client_for(initiative.owners.get()).get(reverse("initiatives:mine")))
        assert "Min idé" in html and "En andens idé" not in html
        assert client.get(reverse("initiatives:mine")).status_code == 302


class TestDashboard:
    def test_staff_see_overdue_unassigned_mine_and_figures(self, client_for, staff):
        InitiativeFactory(
            title="Uden kontaktperson", submitted_at=timezone.now() - timedelta(days=20)
        )
        InitiativeFactory(title="Min idé", status=Status.UNDERWAY, contact_person=staff)
        response = client_for(staff).get(reverse("initiatives:dashboard"))
        html = page(response)
        assert "Uden kontaktperson" in html and "Min idé" in html
        assert "<svg" in html and "<table" in html  # the chart and its data table

    def test_citizens_cannot_see_it(self, client, client_for, citizen):
        assert client_for(citizen).get(reverse("initiatives:dashboard")).status_code == 403
        assert client.get(reverse("initiatives:dashboard")).status_code == 302

    def test_query_count_is_bounded(self, client_for, staff, django_assert_max_num_queries):
        for _ in range(40):
            InitiativeFactory(status=Status.UNDERWAY, contact_person=staff)
        client = client_for(staff)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("initiatives:dashboard")).status_code == 200


def test_staff_who_are_not_the_contact_person_write_internal_notes(client_for, staff):
    initiative = InitiativeFactory(status=Status.IN_DIALOGUE)
    client = client_for(staff)
    assert 'name="internal"' not in page(client.get(initiative.get_absolute_url()))
    client.post(
        reverse("initiatives:message", args=[initiative.pk]), {"text": "Ring til vejafdelingen"}
    )
    message = Message.objects.get()
    assert message.internal and message.author == staff
    assert not Email.objects.filter(to=initiative.owners.get().email).exists()


def test_a_bad_filter_leaves_the_good_ones_in_place(client):
    InitiativeFactory(title="I gang her", status=Status.UNDERWAY)
    InitiativeFactory(title="Modtaget der", status=Status.RECEIVED)
    html = page(client.get(LIST, {"status": "underway", "topic": "findes-ikke"}))
    assert "I gang her" in html and "Modtaget der" not in html


def test_messages_and_timeline_follow_the_readers_language(client_for):
    initiative = InitiativeFactory(status=Status.TRIAL, channel="library")
    initiative.timeline.filter(kind="submitted").update(code="library")
    owner = client_for(initiative.owners.get())
    owner.post(reverse("set_language"), {"language": "en"})
    response = owner.post(
        reverse("initiatives:owner_transition", args=[initiative.pk]),
        {"status": "paused"},
        follow=True,
    )
    html = page(response)
    assert "Your idea is paused." in html and "At the library" in html
    danish = page(client_for(initiative.owners.get()).get(initiative.get_absolute_url()))
    assert "På biblioteket" in danish


def test_the_readability_check_reads_at_most_one_message(client_for, staff):
    response = client_for(staff).post(
        reverse("initiatives:readability"), {"text": "kr. " * 200_000}
    )
    assert response.status_code == 200
    assert "(1250 ord" in page(response)  # 5,000 characters of "kr. "


def test_registering_with_a_rate_limit_answers_429(client_for, staff, settings):
    settings.INVITATIONS_PER_HOUR = 0
    response = client_for(staff).post(
        reverse("initiatives:register"),
        {
            "citizen_name": "Inger",
            "citizen_email": "inger@example.dk",
            "channel": "library",
            "title": "Fortællecafé",
            "description": "Historier.",
            "is_public": "true",
        },
    )
    assert response.status_code == 429
    assert not Initiative.objects.exists()


def test_the_list_shows_a_change_at_once_although_cards_are_cached(client):
    from skabsammen.initiatives import services

    initiative = InitiativeFactory(title="Gammel titel", status=Status.IN_DIALOGUE)
    assert ">I dialog</span>" in page(client.get(LIST))
    services.initiative_transition(
        actor=initiative.contact_person,
        initiative=initiative,
        status=Status.UNDERWAY,
        next_step="Vi går i gang",
        next_step_due=TOMORROW,
    )
    html = page(client.get(LIST))
    assert ">I gang</span>" in html and ">I dialog</span>" not in html
    edit_initiative(initiative, title="Ny titel")
    html = page(client.get(LIST))
    assert "Ny titel" in html and "Gammel titel" not in html
    client.post(reverse("set_language"), {"language": "en"})
    assert ">Underway</span>" in page(client.get(LIST))


def test_search_finds_danish_word_forms_and_uses_the_index_on_postgresql(client):
    from django.db import connection

    InitiativeFactory(title="Fælleshaver i Vangede", description="Vi dyrker grøntsager.")
    InitiativeFactory(title="Bænk ved søen", description="En bænk.")
    html = page(client.get(LIST, {"q": "fælleshave"}))
    assert "Fælleshaver i Vangede" in html and "Bænk ved søen" not in html
    if connection.vendor == "postgresql":
        from skabsammen.initiatives.selectors import initiative_list

        # Stemming: "grøntsag" finds "grøntsager".
        assert initiative_list(user=AnonymousUser(), query="grøntsag").count() == 1
        with connection.cursor() as cursor:
            # Only a bitmap scan is left, and only the GIN index can serve "@@".
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        # As staff there is no other condition: the search alone picks the index.
        plan = initiative_list(user=StaffFactory(), query="grøntsag").explain()
        assert "initiative_search_document" in plan


def test_the_count_of_a_list_follows_every_change_without_counting_each_time(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skabsammen.initiatives import services

    def count(**filters) -> int:
        return client.get("/api/v1/initiatives", filters).json()["count"]

    first = InitiativeFactory(status=Status.IN_DIALOGUE)
    InitiativeFactory(status=Status.IN_DIALOGUE)
    assert count() == 2
    with CaptureQueriesContext(connection) as queries:
        assert count() == 2
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)

    InitiativeFactory(status=Status.IN_DIALOGUE)
    assert count() == 3
    assert count(status="underway") == 0
    services.initiative_transition(
        actor=first.contact_person,
        initiative=first,
        status=Status.UNDERWAY,
        next_step="Vi går i gang",
        next_step_due=TOMORROW,
    )
    assert count(status="underway") == 1
    assert count(status="in_dialogue") == 2
    edit_initiative(first, is_public=False)
    assert count() == 2
