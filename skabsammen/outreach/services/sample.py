"""Draw the campaign's sample from its register and make one invitation per person drawn.

The draw is `skabsammen.sortition.stratified_sample`: proportional to the register in
each stratum (the combinations of the chosen attributes), at most one per household if
asked, from an announced seed. The same register, design and seed give the same sample;
the record (seed, the inputs' SHA-256, the allocation per stratum) is kept on the
campaign so that anyone can check it.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skabsammen.audit.services import audit_record
from skabsammen.common.permissions import require
from skabsammen.sortition import SortitionError, stratified_sample

from ..models import Campaign, CampaignStatus, Channel, Invitation

ATTRIBUTES = {
    "district": gettext_lazy("District"),
    "age_band": gettext_lazy("Age band"),
    "gender": gettext_lazy("Gender"),
}
# A personal code: no 0/O, 1/I/L, so that a code read from a letter is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
SEED_MAX = 100


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def unique_codes(count: int) -> list[str]:
    """`count` new codes used by no invitation yet (31⁸ ≈ 8.5·10¹¹ make clashes rare)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = sorted({new_code() for _ in range(count - len(codes))} - codes)
        taken: set[str] = set()
        for start in range(0, len(wanted), 900):  # stay under SQLite's variable limit
            chunk = wanted[start : start + 900]
            taken |= set(Invitation.objects.filter(code__in=chunk).values_list("code", flat=True))
        codes.update(code for code in wanted if code not in taken)
    return list(codes)


def format_code(code: str) -> str:
    """The code as printed in a letter: ABCD-EFGH (the answer page ignores the dash)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def _clean(campaign: Campaign, *, size, strata, seed) -> tuple[list[str], str]:
    errors = {}
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(
            _("The sample has already been drawn. A campaign is drawn only once."),
            code="already_drawn",
        )
    if not campaign.register_rows:
        raise ValidationError(
            _("Import the register extract before drawing the sample."), code="no_register"
        )
    if size is None or size < 1:
        errors["size"] = ValidationError(_("The sample must have at least 1 person."), "size")
    elif size > campaign.register_rows:
        errors["size"] = ValidationError(
            _(
                "The sample cannot be larger than the register: it has %(rows)d people, "
                "and you asked for %(size)d."
            )
            % {"rows": campaign.register_rows, "size": size},
            "size",
        )
    unknown = [s for s in strata if s not in ATTRIBUTES]
    if unknown:
        errors["strata"] = ValidationError(_("Choose the strata from the list."), "strata")
    seed = (seed or "").strip()
    if not seed:
        errors["seed"] = ValidationError(
            _("Give the seed: announce it before the draw, so that anyone can check it."),
            "seed",
        )
    elif len(seed) > SEED_MAX:
        errors["seed"] = ValidationError(
            _("The seed can be at most %(max)d characters.") % {"max": SEED_MAX}, "seed"
        )
    if errors:
        raise ValidationError(errors)
    return [a for a in ATTRIBUTES if a in strata], seed


@transaction.atomic
def sample_draw(
    *,
    actor,
    campaign: Campaign,
    size: int,
    strata: list[str],
    seed: str,
    one_per_household: bool = True,
) -> Campaign:
    """Draw the sample and make its invitations; refuse a second draw."""
    require("outreach.manage", actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    strata, seed = _clean(campaign, size=size, strata=strata, seed=seed)
    people = list(
        campaign.register.order_by("row").values_list(
            "pk", "district", "age_band", "gender", "household", "email"
        )
    )
    if one_per_household:
        households = len({p[4] for p in people})
        if size > households:
            raise ValidationError(
                {
                    "size": ValidationError(
                        _(
                            "With at most one person per household the sample can have at "
                            "most %(households)d people: that is how many households the "
                            "register has."
                        )
                        % {"households": households},
                        "size",
                    )
                }
            )
    columns = {
        "district": [p[1] for p in people],
        "age_band": [p[2] for p in people],
        "gender": [p[3] for p in people],
        "household": [p[4] for p in people],
    }
    # Without strata or households the sampler still needs a column to count people by.
    attributes = strata or ([] if one_per_household else ["all"])
    columns["all"] = [""] * len(people)
    try:
        drawn = stratified_sample(
            columns, attributes, size, seed, household="household" if one_per_household else None
        )
    except SortitionError as error:
        raise ValidationError(str(error), code="sortition") from error
    rows = drawn.rows.tolist()
    codes = unique_codes(len(rows))
    invitations = []
    for index, code in zip(rows, codes, strict=True):
        pk, district, band, gender, _household, email = people[index]
        invitations.append(
            Invitation(
                campaign=campaign,
                person_id=pk,
                channel=Channel.EMAIL if email else Channel.LETTER,
                token=secrets.token_urlsafe(24),
                code=code,
                district=district,
                age_band=band,
                gender=gender,
            )
        )
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    record = drawn.as_json()
    del record["rows"]  # the invitations name the people; the register goes at closing
    campaign.sample_size = size
    campaign.strata = strata
    campaign.one_per_household = one_per_household
    campaign.seed = str(drawn.record["seed"])
    campaign.sample_record = record
    campaign.status = CampaignStatus.SAMPLED
    campaign.sampled_at = timezone.now()
    campaign.save(
        update_fields=[
            "sample_size",
            "strata",
            "one_per_household",
            "seed",
            "sample_record",
            "status",
            "sampled_at",
        ]
    )
    audit_record(
        actor=actor,
        action="outreach.sample_draw",
        obj=campaign,
        size=size,
        strata=strata,
        seed=campaign.seed,
        one_per_household=one_per_household,
        inputs_sha256=drawn.record["inputs_sha256"],
    )
    return campaign
