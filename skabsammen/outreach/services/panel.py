"""The volunteers' draw: the residents who said yes to the citizens' assembly form the
pool of a fair lottery (skabsammen.lotteries); the drawn become members of the
campaign's body, and everyone in the pool is told by e-mail.

Each pool member is keyed "outreach.answer:<answer id>". The draw must be made before
the campaign closes: closing deletes the volunteers' names and contact details.
"""

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skabsammen.accounts.models import AgeBand
from skabsammen.audit.services import audit_record
from skabsammen.committees.models import Body, Education, Gender, MemberGroup
from skabsammen.committees.services import membership_add
from skabsammen.common.permissions import require
from skabsammen.lotteries.categories import CATEGORIES, category_names
from skabsammen.mail.services import email_queue

from ..models import Answer, Campaign, CampaignStatus
from .closing import PANEL_DRAWN, PANEL_PREFIX


def volunteers(campaign: Campaign):
    return (
        Answer.objects.filter(campaign=campaign, wants_assembly=True)
        .select_related("invitation__person")
        .order_by("created_at", "id")
    )


def _household(answer: Answer) -> str:
    """A keyed hash of the register's household, so that the draw can keep one per home
    without holding the address (keyed: addresses are few enough to guess)."""
    person = answer.invitation.person if answer.invitation_id else None
    if person is None or not person.household:
        return f"answer-{answer.pk}"
    key = settings.SECRET_KEY.encode()
    text = f"{answer.campaign_id}|{person.household}".encode()
    return hmac.new(key, text, hashlib.sha256).hexdigest()[:32]


def panel_pool(campaign: Campaign):
    """The pool members and the categories to draw by (education only if anyone gave it)."""
    from skabsammen.lotteries.services import PoolMember

    answers = list(volunteers(campaign))
    chosen = [c for c in CATEGORIES if c != "education" or any(a.education for a in answers)]
    names = category_names()
    with translation.override(settings.LANGUAGE_CODE):
        not_given = _("Not given")
        labels = {
            "gender": dict(Gender.choices),
            "age_band": dict(AgeBand.choices),
            "education": dict(Education.choices),
        }
        pool = [
            PoolMember(
                key=f"{PANEL_PREFIX}:{answer.pk}",
                name=answer.name,
                email=answer.email,
                features={
                    names[c]: str(
                        labels.get(c, {}).get(getattr(answer, c), getattr(answer, c)) or not_given
                    )
                    for c in chosen
                },
                household=_household(answer),
            )
            for answer in answers
        ]
    return pool, [names[c] for c in chosen]


def refuse_unless_drawable(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(
            _("The campaign is closed and the volunteers' contact details are deleted."),
            code="closed",
        )
    if campaign.body_id is None:
        raise ValidationError(
            _("The campaign names no citizens' assembly or committee to draw for."),
            code="no_body",
        )


@transaction.atomic
def panel_draw_prepare(*, actor, campaign: Campaign, k: int):
    """Freeze the volunteers as the pool of a draw for the campaign's body."""
    from skabsammen.lotteries.services import draw_prepare

    require("outreach.manage", actor)
    campaign = (
        Campaign.objects.select_for_update(of=("self",)).select_related("body").get(pk=campaign.pk)
    )
    refuse_unless_drawable(campaign)
    pool, categories = panel_pool(campaign)
    if not pool:
        raise ValidationError(
            _("No one has said yes to the citizens' assembly yet."), code="empty_pool"
        )
    draw = draw_prepare(
        actor=actor,
        purpose=_("Citizens' panel for %(body)s, drawn among the volunteers of “%(campaign)s”")
        % {"body": campaign.body.name, "campaign": campaign.title},
        pool=pool,
        categories=categories,
        k=k,
        body=campaign.body,
        household_rule=True,
    )
    audit_record(
        actor=actor, action="outreach.panel_prepare", obj=campaign, draw=draw.pk, pool=len(pool)
    )
    return draw


def _start(body: Body) -> date:
    return max(timezone.localdate(), body.period_start or timezone.localdate())


def panel_selected(draw, selected, not_selected) -> None:
    """When the draw is stored: make the drawn members of the body; tell everyone.

    Runs in the transaction that stores the draw; a ValidationError stores nothing.
    """
    ids = {int(entry.key.split(":", 1)[1]) for entry in [*selected, *not_selected]}
    # Lock the campaigns, as closing does: no one is made a member or written to with
    # contact details that a closing running at the same time deletes.
    campaign_ids = set(Answer.objects.filter(pk__in=ids).values_list("campaign_id", flat=True))
    campaigns = {
        c.pk: c
        for c in Campaign.objects.select_for_update(of=("self",))
        .select_related("body")
        .filter(pk__in=campaign_ids)
        .order_by("pk")
    }
    answers = {a.pk: a for a in Answer.objects.filter(pk__in=ids)}
    for answer in answers.values():
        answer.campaign = campaigns[answer.campaign_id]
    if len(answers) != len(ids) or any(
        c.status == CampaignStatus.CLOSED for c in campaigns.values()
    ):
        raise ValidationError(
            _(
                "The campaign has closed since the draw was prepared, and the volunteers' "
                "contact details are deleted. No one has been made a member."
            ),
            code="closed",
        )
    for entry in selected:
        answer = answers[int(entry.key.split(":", 1)[1])]
        body = draw.body or answer.campaign.body
        _make_member(answer, body)
        _tell(answer, body, kind="outreach_panel_selected")
    for entry in not_selected:
        answer = answers[int(entry.key.split(":", 1)[1])]
        _tell(answer, draw.body or answer.campaign.body, kind="outreach_panel_not_selected")
    for campaign in campaigns.values():
        audit_record(
            actor=None,
            action=PANEL_DRAWN,
            obj=campaign,
            draw=draw.pk,
            selected=len(selected),
            not_selected=len(not_selected),
        )


def _make_member(answer: Answer, body: Body) -> None:
    """Give the drawn volunteer a seat; one who already holds it (by name) keeps it."""
    try:
        with transaction.atomic():
            membership_add(
                actor=None,
                body=body,
                name=answer.name,
                email=answer.email,
                group=MemberGroup.CITIZEN,
                starts_on=_start(body),
                ends_on=body.period_end,
            )
    except ValidationError as error:
        if getattr(error, "code", None) != "overlapping_membership":
            raise


def _tell(answer: Answer, body: Body, *, kind: str) -> None:
    if not answer.email:
        return  # a volunteer who gave only a phone number is called by the secretariat
    email_queue(
        to=answer.email,
        kind=kind,
        context={
            "name": answer.name,
            "body": body,
            "url": settings.SITE_URL + body.get_absolute_url(),
        },
    )


def register_handler() -> None:
    from skabsammen.lotteries.services import register_selection_handler

    register_selection_handler(PANEL_PREFIX, panel_selected)
