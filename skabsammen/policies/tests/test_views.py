"""The pages: the public register and "Fra politik til handling", the staff's pages, and the
policy sections on an idea's and a committee's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.initiatives.models import PartnerRole, Status
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.policies import selectors
from skabsammen.policies.models import Policy, PolicyInitiative
from skabsammen.themes.models import Assignment, RunStatus, Theme, ThemeRun

from .factories import PolicyFactory, link

pytestmark = pytest.mark.django_db

LIST = reverse("policies:list")
CREATE = reverse("policies:create")


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(**overrides) -> dict:
    return {
        "title": "Sundhedspolitik",
        "kind": "policy",
        "adopted_on": "22-06-2020",
        "summary": "Gode rammer for et sundt liv.",
        "goals": "Færre er ensomme.\n\n- Flere bevæger sig.",
        "link": "https://gentofte.dk/sundhed",
        **overrides,
    }


class TestPublicPages:
    def test_the_list_shows_active_policies_with_their_public_ideas(self, client):
        policy = PolicyFactory(title="Klimaplan 2030")
        PolicyFactory(title="Gammel plan", is_active=False)
        link(policy, InitiativeFactory())
        link(policy, InitiativeFactory(status=Status.UNDERWAY))
        link(policy, InitiativeFactory(is_public=False))
        html = page(client.get(LIST))
        assert "Klimaplan 2030" in html and "Gammel plan" not in html
        assert "2 idéer fra borgere" in html
        assert "1 af dem afprøves, er i gang eller er gennemført" in html
        assert reverse("policies:create") not in html

    def test_the_policy_page_shows_goals_ideas_bodies_and_roles(self, client):
        body = BodyFactory(name="Grønt Råd")
        policy = PolicyFactory(title="Klimaplan 2030", goals=["Mere natur i byen."])
        policy.bodies.add(body)
        trying = InitiativeFactory(title="Reparationscafé", status=Status.TRIAL)
        PartnerRole.objects.create(
            initiative=trying, kind="premises", description="Biblioteket lægger lokale til."
        )
        talking = InitiativeFactory(title="Fælleshave", status=Status.IN_DIALOGUE)
        link(policy, trying)
        link(policy, talking)
        html = page(client.get(policy.get_absolute_url()))
        assert "Fra politik til handling" in html and "Mere natur i byen." in html
        citizens = html[
            html.index('id="citizens-heading"') : html.index('id="municipality-heading"')
        ]
        municipality = html[
            html.index('id="municipality-heading"') : html.index('id="themes-heading"')
        ]
        assert "Reparationscafé" in citizens and "Fælleshave" in citizens
        assert "Grønt Råd" in municipality and "Reparationscafé" in municipality
        assert "Biblioteket lægger lokale til." in municipality
        assert (
            "Fælleshave" not in municipality
        )  # still in dialogue: not yet the municipality's part
        assert "Temaer" in html
        assert html.count('class="back-link"') == 1 and f'href="{LIST}"' in html

    def test_public_pages_show_public_ideas_only(self, client, client_for, citizen):
        policy = PolicyFactory()
        link(policy, InitiativeFactory(title="Åben idé", status=Status.UNDERWAY))
        private = InitiativeFactory(title="Lukket idé", is_public=False, status=Status.UNDERWAY)
        link(policy, private)
        for viewer in (client, client_for(citizen)):
            html = page(viewer.get(policy.get_absolute_url()))
            assert "Åben idé" in html and "Lukket idé" not in html
        # Its owner and the staff may see it, marked as private.
        owner_html = page(client_for(private.owners.get()).get(policy.get_absolute_url()))
        assert "Lukket idé" in owner_html and "Privat" in owner_html
        assert "Lukket idé" in page(client_for(StaffFactory()).get(policy.get_absolute_url()))

    def test_an_inactive_policy_is_for_staff_only(self, client, client_for, citizen, staff):
        policy = PolicyFactory(is_active=False)
        assert client.get(policy.get_absolute_url()).status_code == 404
        assert client_for(citizen).get(policy.get_absolute_url()).status_code == 404
        assert "Politikken er inaktiv" in page(client_for(staff).get(policy.get_absolute_url()))
        assert policy.title in page(client_for(staff).get(LIST))

    @pytest.mark.parametrize("ideas", [1, 30])
    def test_the_policy_page_makes_a_fixed_number_of_queries(
        self, client, client_for, django_assert_max_num_queries, ideas
    ):
        policy = PolicyFactory()
        for n in range(ideas):
            idea = InitiativeFactory(status=Status.UNDERWAY if n % 2 else Status.IN_DIALOGUE)
            PartnerRole.objects.create(initiative=idea, kind="funding", description="Penge")
            link(policy, idea)
        for _ in range(3):
            policy.bodies.add(BodyFactory())
        run = ThemeRun.objects.create(status=RunStatus.DONE, finished_at=timezone.now())
        themes = [Theme.objects.create(run=run, number=n, words=[f"ord{n}"]) for n in range(3)]
        for n, link_ in enumerate(policy.initiative_links.all()):
            entry = stream_entry(link_.initiative)
            Assignment.objects.create(run=run, input=entry, theme=themes[n % 3])
        with django_assert_max_num_queries(10):
            page(client.get(policy.get_absolute_url()))
        with django_assert_max_num_queries(3):
            page(client.get(LIST))
        staff = client_for(StaffFactory())
        with django_assert_max_num_queries(13):
            page(staff.get(policy.get_absolute_url()))

    def test_many_ideas_are_cut_and_counted(self, client, settings, monkeypatch):
        monkeypatch.setattr(selectors, "IDEAS_SHOWN", 2)
        policy = PolicyFactory()
        for _ in range(5):
            link(policy, InitiativeFactory())
        html = page(client.get(policy.get_absolute_url()))
        assert "Og 3 idéer mere." in html

    def test_markup_is_shown_as_text(self, client):
        policy = PolicyFactory(title="<script>alert(1)</script>", goals=["<b>mål</b>"])
        html = page(client.get(policy.get_absolute_url()))
        assert "<script>alert(1)" not in html and "&lt;b&gt;mål&lt;/b&gt;" in html


class TestStaffPages:
    def test_staff_register_a_policy(self, client_for, staff):
        body = BodyFactory()
        response = client_for(staff).post(CREATE, form_data(bodies=[body.pk]))
        policy = Policy.objects.get()
        assert response.status_code == 302 and response["Location"] == policy.get_absolute_url()
        assert policy.goals == ["Færre er ensomme.", "Flere bevæger sig."]
        assert list(policy.bodies.all()) == [body]

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"title": ""}, "Giv politikken en titel."),
            ({"adopted_on": "01-01-2999"}, "Vedtagelsesdatoen kan ikke ligge i fremtiden."),
            ({"adopted_on": "i går"}, "Skriv datoen som dd-mm-åååå"),
            ({"link": "javascript:alert(1)"}, "begynder med http:// eller https://"),
        ],
    )
    def test_bad_input_is_explained_in_danish_and_nothing_is_saved(
        self, client_for, staff, change, message
    ):
        response = client_for(staff).post(CREATE, form_data(**change))
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Policy.objects.exists()

    def test_staff_edit_and_deactivate(self, client_for, staff, client):
        policy = PolicyFactory(title="Sundhedspolitik")
        client = client_for(staff)
        edit = reverse("policies:edit", args=[policy.slug])
        html = page(client.get(edit))
        assert 'value="Sundhedspolitik"' in html and 'class="back-link"' in html
        response = client.post(edit, form_data(title="Sundheds- og trivselspolitik"))
        assert response.status_code == 302
        policy.refresh_from_db()
        assert policy.title == "Sundheds- og trivselspolitik"
        bad = client.post(edit, form_data(title="   "))
        assert bad.status_code == 400 and "Giv politikken en titel." in bad.content.decode()
        policy.refresh_from_db()
        assert policy.title == "Sundheds- og trivselspolitik"
        client.post(reverse("policies:set_active", args=[policy.slug]), {"active": "0"})
        policy.refresh_from_db()
        assert not policy.is_active

    def test_who_may_open_the_staff_pages(self, client, client_for, citizen, staff):
        policy = PolicyFactory()
        urls = [CREATE, reverse("policies:edit", args=[policy.slug])]
        for url in urls:
            assert client.get(url).status_code == 302  # to sign in
            assert client_for(citizen).get(url).status_code == 403
            assert client_for(staff).get(url).status_code == 200
        setter = reverse("policies:set_active", args=[policy.slug])
        assert client_for(citizen).post(setter, {"active": "0"}).status_code == 403
        assert client_for(staff).get(setter).status_code == 405
        assert Policy.objects.get().is_active
        assert CREATE in page(client_for(staff).get(LIST))


class TestOtherPages:
    def test_citizens_see_the_policies_on_the_idea_page(self, client):
        idea = InitiativeFactory()
        link(PolicyFactory(title="Klimaplan 2030"), idea)
        link(PolicyFactory(title="Gammel plan", is_active=False), idea)
        html = page(client.get(idea.get_absolute_url()))
        assert "Klimaplan 2030" in html and "Gammel plan" not in html
        assert reverse("policies:initiative_link", args=[idea.pk]) not in html

    def test_staff_link_and_unlink_from_the_idea_page(self, client_for):
        idea = InitiativeFactory(status=Status.IN_DIALOGUE)
        policy = PolicyFactory(title="Sundhedspolitik")
        client = client_for(idea.contact_person)
        action = reverse("policies:initiative_link", args=[idea.pk])
        assert action in page(client.get(idea.get_absolute_url()))
        response = client.post(action, {"policy": policy.pk}, follow=True)
        assert response.redirect_chain[-1][0] == idea.get_absolute_url()
        assert "Idéen er knyttet til Sundhedspolitik." in page(response)
        assert PolicyInitiative.objects.get().linked_by == idea.contact_person
        again = client.post(action, {"policy": policy.pk}, follow=True)
        assert "Idéen er allerede knyttet til Sundhedspolitik." in page(again)
        empty = client.post(action, {}, follow=True)
        assert "Vælg den politik, idéen arbejder under." in page(empty)
        client.post(reverse("policies:initiative_unlink", args=[idea.pk, policy.pk]))
        assert not PolicyInitiative.objects.exists()

    def test_citizens_cannot_link(self, client, client_for):
        idea, policy = InitiativeFactory(), PolicyFactory()
        action = reverse("policies:initiative_link", args=[idea.pk])
        assert client_for(idea.owners.get()).post(action, {"policy": policy.pk}).status_code == 403
        assert client.post(action, {"policy": policy.pk}).status_code == 302
        assert not PolicyInitiative.objects.exists()

    def test_staff_cannot_link_an_idea_that_does_not_exist(self, client_for, staff):
        action = reverse("policies:initiative_link", args=[999_999])
        assert client_for(staff).post(action, {"policy": PolicyFactory().pk}).status_code == 404

    def test_the_committee_page_lists_its_policies(self, client):
        body = BodyFactory()
        PolicyFactory(title="Klimaplan 2030").bodies.add(body)
        PolicyFactory(title="Gammel plan", is_active=False).bodies.add(body)
        html = page(client.get(body.get_absolute_url()))
        assert "Klimaplan 2030" in html and "Gammel plan" not in html


class TestThemes:
    """The policy page names the published themes its public ideas fall in."""

    def test_the_themes_of_the_public_ideas_most_ideas_first(self, client):
        policy = PolicyFactory()
        ideas = [InitiativeFactory() for _ in range(3)]
        private = InitiativeFactory(is_public=False)
        for idea in [*ideas, private]:
            link(policy, idea)
        run = ThemeRun.objects.create(status=RunStatus.DONE, finished_at=timezone.now())
        green = Theme.objects.create(run=run, number=0, words=["skov", "natur"], size=9)
        play = Theme.objects.create(run=run, number=1, words=["legeplads"], name="Leg", size=5)
        merged = Theme.objects.create(run=run, number=2, words=["træer"], size=2, merged_into=green)
        hidden = Theme.objects.create(run=run, number=3, words=["skjult"], size=2, hidden=True)
        for idea, theme in zip([*ideas, private], [merged, green, play, hidden], strict=True):
            Assignment.objects.create(run=run, input=stream_entry(idea), theme=theme)
        themes = selectors.themes_touching(policy)
        assert [(t.label, t.count) for t in themes] == [("skov, natur", 2), ("Leg", 1)]
        html = page(client.get(policy.get_absolute_url()))
        assert "skov, natur (2 idéer)" in html and "Leg (1 idé)" in html
        assert "skjult" not in html  # the private idea's hidden theme

    def test_no_themes_before_a_run(self, client):
        policy = PolicyFactory()
        link(policy, InitiativeFactory())
        assert selectors.themes_touching(policy) == []
        assert "Her vises de temaer" in page(client.get(policy.get_absolute_url()))


def stream_entry(idea) -> CitizenInput:
    return CitizenInput.objects.update_or_create(
        source="initiative", key=str(idea.pk), defaults={"text": idea.title}
    )[0]
