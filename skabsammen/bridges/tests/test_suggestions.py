"""Suggestions for an idea, from stored vectors, topics and districts (synthetic vectors)."""

import pytest
from django.utils import translation

from skabsammen.bridges.models import Dismissal, SuggestionKind
from skabsammen.bridges.suggestions import similar_public_initiatives, suggestions_for
from skabsammen.initiatives.models import Ownership, Status
from skabsammen.initiatives.tests.factories import InitiativeFactory
from skabsammen.municipality.tests.factories import DistrictFactory, TopicFactory

from .factories import ContactFactory, OrganisationFactory
from .suggestion_helpers import (  # noqa: F401 (fixtures)
    _suggestion_settings,
    direction,
    near,
    store_idea_vector,
    store_organisation_vector,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def danish():
    with translation.override("da"):
        yield


def idea(vector=None, **fields):
    initiative = InitiativeFactory(**fields)
    if vector is not None:
        store_idea_vector(initiative, vector)
    return initiative


def organisation(vector=None, **fields):
    found = OrganisationFactory(**fields)
    if vector is not None:
        store_organisation_vector(found, vector)
    return found


def ids(found):
    return [s.target_id for s in found]


def test_similar_texts_first_and_the_reason_in_danish_words(danish):
    nature = TopicFactory(name="Natur")
    ordrup = DistrictFactory(name="Ordrup")
    base = direction(1)
    mine = idea(
        base,
        title="Skoven skal passes",
        description="Vi samler affald i skoven med frivillige.",
        district=ordrup,
    )
    mine.topics.set([nature])
    alike = idea(
        near(base, 0.4, 1),
        title="Ryd op i skov",
        description="Frivillige fjerner affald hver søndag.",
        district=ordrup,
    )
    alike.topics.set([nature])
    other = idea(direction(2), title="Bump på vejen")

    found = suggestions_for(mine).similar_initiatives

    assert ids(found)[0] == alike.pk and mine.pk not in ids(found)
    assert found[0].reason == (
        "Samme emne: Natur; samme bydel: Ordrup; lignende ord: skoven, affald, frivillige"
    )
    assert 0 < found[-1].score < found[0].score <= 1
    assert other.pk in ids(found)


def test_topic_and_district_order_equally_similar_ideas(danish):
    nature, ordrup = TopicFactory(name="Natur"), DistrictFactory(name="Ordrup")
    base = direction(1)
    mine = idea(base, district=ordrup)
    mine.topics.set([nature])
    plain = idea(near(base, 0.5, 1))
    same_district = idea(near(base, 0.5, 1), district=ordrup)
    same_topic = idea(near(base, 0.5, 1))
    same_topic.topics.set([nature])
    found = suggestions_for(mine).similar_initiatives
    assert ids(found) == [same_topic.pk, same_district.pk, plain.pk]


def test_organisations_serving_the_district_rank_first_and_contacts_name_their_organisation(
    danish,
):
    ordrup, vangede = DistrictFactory(name="Ordrup"), DistrictFactory(name="Vangede")
    base = direction(1)
    mine = idea(base, district=ordrup)
    text = near(base, 0.5, 1)
    elsewhere = organisation(text, name="Vangede Spejderne", districts=[vangede])
    everywhere = organisation(text, name="Kommunens Naturafdeling")
    local = organisation(text, name="Ordrup Naturforening", districts=[ordrup])
    contact = ContactFactory(organisation=local, role="Formand")

    found = suggestions_for(mine)

    assert ids(found.organisations) == [local.pk, everywhere.pk, elsewhere.pk]
    assert found.organisations[0].reason.startswith("Arbejder i Ordrup")
    assert found.organisations[1].reason.startswith("Arbejder i hele kommunen")
    assert found.contacts[0].target_id == contact.pk
    assert found.contacts[0].reason.startswith("Hos Ordrup Naturforening")
    assert found.contacts[0].organisation == "Ordrup Naturforening"


def test_a_contacts_own_topic_lifts_it_above_a_colleague(danish):
    nature = TopicFactory(name="Natur")
    base = direction(1)
    mine = idea(base)
    mine.topics.set([nature])
    association = organisation(near(base, 0.5, 1))
    colleague = ContactFactory(organisation=association)
    expert = ContactFactory(organisation=association, topics=[nature])
    found = suggestions_for(mine).contacts
    assert ids(found) == [expert.pk, colleague.pk]
    assert "samme emne: Natur" in found[0].reason


def test_withdrawn_ideas_inactive_organisations_and_contacts_are_never_suggested():
    base = direction(1)
    mine = idea(base)
    withdrawn = idea(near(base, 0.3, 1), status=Status.WITHDRAWN)
    kept = idea(near(base, 0.6, 2), status=Status.DECLINED)
    closed = organisation(near(base, 0.3, 3), is_active=False)
    ContactFactory(organisation=closed)
    active = organisation(near(base, 0.6, 4))
    gone = ContactFactory(organisation=active, is_active=False)
    here = ContactFactory(organisation=active)

    found = suggestions_for(mine)

    assert ids(found.similar_initiatives) == [kept.pk]
    assert withdrawn.pk not in ids(found.similar_initiatives)
    assert ids(found.organisations) == [active.pk]
    assert ids(found.contacts) == [here.pk] and gone.pk not in ids(found.contacts)


def test_dismissed_suggestions_never_come_back(staff):
    base = direction(1)
    mine = idea(base)
    other = idea(near(base, 0.3, 1))
    association = organisation(near(base, 0.3, 2))
    contact = ContactFactory(organisation=association)
    before = suggestions_for(mine)
    assert ids(before.similar_initiatives) == [other.pk]
    for kind, target in (
        (SuggestionKind.INITIATIVE, other.pk),
        (SuggestionKind.ORGANISATION, association.pk),
        (SuggestionKind.CONTACT, contact.pk),
    ):
        Dismissal.objects.create(initiative=mine, kind=kind, target_id=target, by=staff)
    after = suggestions_for(mine)
    assert after.similar_initiatives == after.organisations == after.contacts == []
    # Only for that idea: another idea still gets them.
    third = idea(near(base, 0.3, 3))
    assert other.pk in ids(suggestions_for(third).similar_initiatives)


def test_private_ideas_are_suggested_to_staff_marked_private():
    base = direction(1)
    mine = idea(base)
    private = idea(near(base, 0.3, 1), is_public=False)
    found = suggestions_for(mine).similar_initiatives
    assert ids(found) == [private.pk] and found[0].is_private


def test_similar_public_ideas_only_public_active_or_realised_and_never_the_owners_own(citizen):
    base = direction(1)
    mine = idea(base, owner=citizen)
    own_other = idea(near(base, 0.2, 1), owner=citizen)
    private = idea(near(base, 0.2, 2), is_public=False)
    paused = idea(near(base, 0.2, 3), status=Status.PAUSED)
    declined = idea(near(base, 0.2, 4), status=Status.DECLINED)
    withdrawn = idea(near(base, 0.2, 5), status=Status.WITHDRAWN)
    realised = idea(near(base, 0.5, 6), status=Status.REALISED)
    underway = idea(near(base, 0.6, 7), status=Status.UNDERWAY)
    co_owned = idea(near(base, 0.2, 8))
    Ownership.objects.create(initiative=co_owned, user=citizen)

    found = similar_public_initiatives(mine)

    assert ids(found) == [realised.pk, underway.pk]
    for excluded in (own_other, private, paused, declined, withdrawn, co_owned, mine):
        assert excluded.pk not in ids(found)
    assert all(s.kind == SuggestionKind.INITIATIVE and not s.is_private for s in found)


def test_the_citizens_list_names_no_contact_and_no_owner():
    base = direction(1)
    mine = idea(base, description="Vi vil plante træer i parken sammen med naboerne.")
    other = idea(near(base, 0.3, 1), description="Flere træer i parken, siger Jens Hansen.")
    association = organisation(near(base, 0.1, 2))
    contact = ContactFactory(organisation=association, name="Hanne Skov", email="hanne@x.dk")
    owner = other.owners.get()
    found = similar_public_initiatives(mine)
    assert ids(found) == [other.pk]
    shown = " ".join(f"{s.title} {s.reason} {s.organisation}" for s in found)
    for private in (contact.name, contact.email, owner.email, contact.role, "Hansen"):
        assert private not in shown


def test_without_the_ideas_vector_topics_and_district_rank_alone():
    nature, ordrup = TopicFactory(name="Natur"), DistrictFactory(name="Ordrup")
    mine = idea(None, district=ordrup)
    mine.topics.set([nature])
    topical = idea(direction(2))
    topical.topics.set([nature])
    local = idea(direction(3), district=ordrup)
    idea(direction(4))
    found = suggestions_for(mine)
    assert found.pending
    assert ids(found.similar_initiatives) == [topical.pk, local.pk]


def test_changes_of_topics_district_and_status_are_seen_at_once():
    """The per-process arrays are not forgotten between these calls."""
    nature, ordrup = TopicFactory(name="Natur"), DistrictFactory(name="Ordrup")
    base = direction(1)
    mine = idea(base, district=ordrup)
    mine.topics.set([nature])
    first = idea(near(base, 0.5, 1))
    second = idea(near(base, 0.5, 1))
    assert ids(suggestions_for(mine).similar_initiatives) == [first.pk, second.pk]

    second.topics.set([nature])
    assert ids(suggestions_for(mine).similar_initiatives) == [second.pk, first.pk]
    first.district = ordrup
    first.save()
    second.topics.clear()
    assert ids(suggestions_for(mine).similar_initiatives) == [first.pk, second.pk]
    first.status = Status.WITHDRAWN
    first.save()
    assert ids(suggestions_for(mine).similar_initiatives) == [second.pk]

    association = organisation(near(base, 0.5, 2))
    assert ids(suggestions_for(mine).organisations) == [association.pk]
    association.is_active = False
    association.save()
    assert suggestions_for(mine).organisations == []
