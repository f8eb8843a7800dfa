"""The rules of the register: who may change it, what is refused (in Danish), and that a
refused change changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.common.permissions import Forbidden
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.policies import services
from skabsammen.policies.models import Policy, PolicyInitiative, PolicyKind

from .factories import PolicyFactory, link

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Klimaplan 2030",
    "kind": PolicyKind.STRATEGY,
    "adopted_on": date(2021, 2, 22),
    "summary": "Sammen nedbringer vi udledningen.",
    "goals": ["70 % lavere udledning i 2030.", "  ", "Mere natur."],
    "link": "https://gentofte.dk/klimaplan",
}


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


class TestCreate:
    def test_staff_register_a_policy_and_it_is_audited(self, staff):
        body = BodyFactory(name="Grønt Råd")
        policy = services.policy_create(actor=staff, bodies=[body], **GOOD)
        assert policy.slug == "klimaplan-2030" and policy.is_active
        assert policy.goals == ["70 % lavere udledning i 2030.", "Mere natur."]
        assert list(policy.bodies.all()) == [body]
        event = AuditEvent.objects.get(action="policy.create")
        assert event.actor == staff and event.object_id == str(policy.pk)

    def test_the_same_title_gets_its_own_address(self, staff):
        first = services.policy_create(actor=staff, **GOOD)
        second = services.policy_create(actor=staff, **GOOD)
        assert first.slug != second.slug
        assert services.policy_create(actor=staff, **GOOD | {"title": "Ny"}).slug == "ny-2"

    @pytest.mark.parametrize("who", ["citizen", "anonymous", "nobody"])
    def test_only_staff_may(self, who, citizen):
        from django.contrib.auth.models import AnonymousUser

        actor = {"citizen": citizen, "anonymous": AnonymousUser(), "nobody": None}[who]
        with pytest.raises(Forbidden):
            services.policy_create(actor=actor, **GOOD)
        assert not Policy.objects.exists() and not AuditEvent.objects.exists()

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"title": "   "}, "title", "Giv politikken en titel."),
            ({"title": "x" * 201}, "title", "Titlen må højst være 200 tegn."),
            ({"adopted_on": None}, "adopted_on", "Skriv datoen, hvor politikken blev vedtaget."),
            (
                {"adopted_on": timezone.localdate() + timedelta(days=1)},
                "adopted_on",
                "Vedtagelsesdatoen kan ikke ligge i fremtiden.",
            ),
            ({"kind": "plan"}, "kind", "Vælg, om det er en politik eller en strategi."),
            ({"link": "ftp://gentofte.dk/plan"}, "link", "begynder med http:// eller https://"),
            ({"link": "javascript:alert(1)"}, "link", "begynder med http:// eller https://"),
            ({"link": "gentofte.dk"}, "link", "begynder med http:// eller https://"),
            ({"goals": ["x" * 301]}, "goals", "Mål nr. 1 må højst være 300 tegn."),
            ({"goals": ["mål"] * 31}, "goals", "Skriv højst 30 mål."),
        ],
    )
    def test_bad_input_is_refused_in_danish_and_nothing_is_saved(
        self, staff, change, field, message
    ):
        with pytest.raises(ValidationError) as refused:
            services.policy_create(actor=staff, **GOOD | change)
        assert any(message in m for m in messages_of(refused.value)[field])
        assert not Policy.objects.exists() and not AuditEvent.objects.exists()

    def test_adopted_today_is_fine(self, staff):
        services.policy_create(actor=staff, **GOOD | {"adopted_on": timezone.localdate()})


class TestUpdate:
    def test_the_address_stays_when_the_title_changes(self, staff):
        policy = PolicyFactory(slug="sundhedspolitik")
        services.policy_update(actor=staff, policy=policy, **GOOD | {"title": "Ny titel"})
        policy.refresh_from_db()
        assert policy.title == "Ny titel" and policy.slug == "sundhedspolitik"

    def test_a_refused_update_changes_nothing(self, staff):
        policy = PolicyFactory(title="Sundhedspolitik", link="https://gentofte.dk/")
        with pytest.raises(ValidationError):
            services.policy_update(
                actor=staff, policy=policy, **GOOD | {"title": "Ny", "link": "www.gentofte"}
            )
        policy.refresh_from_db()
        assert policy.title == "Sundhedspolitik" and policy.link == "https://gentofte.dk/"

    def test_citizens_may_not(self, citizen):
        policy = PolicyFactory(title="Sundhedspolitik")
        with pytest.raises(Forbidden):
            services.policy_update(actor=citizen, policy=policy, **GOOD)
        policy.refresh_from_db()
        assert policy.title == "Sundhedspolitik"


class TestActive:
    def test_deactivate_and_bring_back(self, staff):
        policy = PolicyFactory()
        services.policy_set_active(actor=staff, policy=policy, active=False)
        assert not Policy.objects.get().is_active
        with pytest.raises(ValidationError, match="allerede inaktiv"):
            services.policy_set_active(actor=staff, policy=policy, active=False)
        services.policy_set_active(actor=staff, policy=policy, active=True)
        assert Policy.objects.get().is_active
        assert [e.action for e in AuditEvent.objects.order_by("id")] == [
            "policy.deactivate",
            "policy.activate",
        ]

    def test_citizens_may_not(self, citizen):
        policy = PolicyFactory()
        with pytest.raises(Forbidden):
            services.policy_set_active(actor=citizen, policy=policy, active=False)
        assert Policy.objects.get().is_active


class TestLinks:
    def test_staff_link_an_idea_and_who_and_when_is_recorded(self, staff):
        policy, idea = PolicyFactory(), InitiativeFactory()
        services.policy_link_initiative(actor=staff, policy=policy, initiative=idea)
        recorded = PolicyInitiative.objects.get()
        assert recorded.linked_by == staff and recorded.linked_at is not None
        assert list(idea.policies.all()) == [policy]

    def test_an_idea_is_linked_once(self, staff):
        policy, idea = PolicyFactory(title="Sundhedspolitik"), InitiativeFactory()
        link(policy, idea)
        with pytest.raises(ValidationError) as refused:
            services.policy_link_initiative(actor=staff, policy=policy, initiative=idea)
        assert refused.value.message_dict["policy"] == [
            "Idéen er allerede knyttet til Sundhedspolitik."
        ]
        assert PolicyInitiative.objects.count() == 1

    def test_an_inactive_policy_takes_no_new_ideas(self, staff):
        policy = PolicyFactory(is_active=False)
        with pytest.raises(ValidationError, match="ikke længere aktiv"):
            services.policy_link_initiative(
                actor=staff, policy=policy, initiative=InitiativeFactory()
            )
        assert not PolicyInitiative.objects.exists()

    def test_citizens_even_owners_may_not_link_or_unlink(self):
        policy, idea = PolicyFactory(), InitiativeFactory()
        owner = idea.owners.get()
        with pytest.raises(Forbidden):
            services.policy_link_initiative(actor=owner, policy=policy, initiative=idea)
        link(policy, idea)
        with pytest.raises(Forbidden):
            services.policy_unlink_initiative(actor=owner, policy=policy, initiative=idea)
        assert PolicyInitiative.objects.count() == 1

    def test_unlink(self, staff):
        policy, idea = PolicyFactory(), InitiativeFactory()
        link(policy, idea)
        services.policy_unlink_initiative(actor=staff, policy=policy, initiative=idea)
        assert not PolicyInitiative.objects.exists()
        with pytest.raises(ValidationError, match="ikke knyttet"):
            services.policy_unlink_initiative(actor=staff, policy=policy, initiative=idea)
