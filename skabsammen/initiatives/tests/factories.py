from datetime import timedelta

import factory
from django.utils import timezone

from skabsammen.accounts.tests.factories import StaffFactory, UserFactory
from skabsammen.initiatives.models import (
    ACTIVE_STATUSES,
    Initiative,
    Message,
    Ownership,
    Status,
    TimelineEvent,
)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An idea in any status. Statuses past `received` come with what they imply:
    a contact person and a first reply (listen first), a next step if active."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Idé nummer {n}")
    description = "Vi vil gerne lave en fælles have i kvarteret, hvor naboer kan mødes."
    status = Status.RECEIVED
    is_public = True

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Ownership.objects.create(initiative=self, user=extracted or UserFactory())

    @factory.post_generation
    def implied(self, create, extracted, **kwargs):
        if not create:
            return
        fields = []
        if self.status != Status.RECEIVED and self.contact_person_id is None:
            self.contact_person = StaffFactory()
            self.contact_assigned_at = self.submitted_at
            fields += ["contact_person", "contact_assigned_at"]
        if self.status != Status.RECEIVED and self.first_reply_at is None:
            self.first_reply_at = self.submitted_at + timedelta(hours=2)
            fields.append("first_reply_at")
        if self.status in ACTIVE_STATUSES and self.status != Status.RECEIVED and not self.next_step:
            self.next_step = "Vi mødes og taler om idéen"
            self.next_step_due = timezone.localdate() + timedelta(days=14)
            fields += ["next_step", "next_step_due"]
        if (
            self.status in (Status.PAUSED, Status.WITHDRAWN, Status.REALISED)
            and not self.resume_status
        ):
            self.resume_status = Status.IN_DIALOGUE
            fields.append("resume_status")
        if self.status == Status.DECLINED and not self.decline_reason:
            self.decline_reason = "Det ligger uden for kommunens opgaver."
            self.decline_referral = "Kontakt Grundejerforeningen."
            fields += ["decline_reason", "decline_referral"]
        if fields:
            self.save(update_fields=fields)
        TimelineEvent.objects.create(
            initiative=self, kind=TimelineEvent.Kind.SUBMITTED, status=Status.RECEIVED
        )


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    text = "Tak for din idé. Hvornår kan vi mødes?"


def edit_initiative(initiative, **changes):
    """Its owner's edit through the service, every other field as it is."""
    from skabsammen.initiatives import services

    fields = {
        "title": initiative.title,
        "description": initiative.description,
        "help_wanted": list(initiative.help_wanted),
        "topics": list(initiative.topics.all()),
        "district": initiative.district,
        "place": initiative.place,
        "is_public": initiative.is_public,
    }
    return services.initiative_edit(
        actor=initiative.owners.get(), initiative=initiative, **{**fields, **changes}
    )
