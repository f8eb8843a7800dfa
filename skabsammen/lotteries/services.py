"""Preparing and running draws. Other apps call these with a pool of their own people.

How another app draws people (the committees app draws task committee members this way)::

    from skabsammen.lotteries.services import PoolMember, draw_prepare, draw_run

    draw = draw_prepare(
        actor=user,
        purpose="Borgerpanel om trafik",
        pool=[PoolMember(key="outreach.answer:7", name="…", email="…",
                         features={"Køn": "Kvinde", "Alder": "25–34"}, household="…")],
        categories=["Køn", "Alder"],
        k=12,
    )  # quotas=None proposes quotas that mirror the pool; draw_set_quotas changes them
    draw_run(actor=user, draw=draw, seed="17 42 3")  # a task draws; the page shows progress

and, once, at start-up (an AppConfig.ready)::

    register_selection_handler("outreach.answer", handle_drawn)

`handle_drawn(draw, entries_selected, entries_not_selected)` is called with the draw's
entries whose key starts with "outreach.answer:", in the transaction that stores the
result. If it raises a ValidationError, nothing is stored and the draw fails with its
message; any other error fails it too (as a technical error) and is raised again.

Bad input raises a ValidationError with a Danish message per argument ("purpose",
"categories", "pool", "k", "algorithm", "quotas", "seed") and changes nothing; quotas
no panel can meet are refused with the conflicting quotas and the smallest relaxation.
A citizen or staff member as `actor` gets Forbidden; `actor=None` is the system.

The fairness protocol: the pool, the quotas and k are frozen and their SHA-256 is public
on the draw's page (with the anonymised inputs to download) before the seed is entered.
The seed is entered when the draw is run, e.g. numbers chosen in public at a meeting.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require
from skabsammen.sortition import Quota, SortitionError, select
from skabsammen.sortition.record import normalise_seed

from . import inputs
from .models import (
    HOUSEHOLD_COLUMN,
    PURPOSE_MAX,
    ROW_COLUMN,
    SEED_MAX,
    Algorithm,
    Draw,
    DrawEntry,
    DrawStatus,
)
from .selectors import entry_rows

logger = logging.getLogger(__name__)

CATEGORY_MAX = 60
VALUE_MAX = 100
KEY_MAX = 100

Handler = Callable[[Draw, list[DrawEntry], list[DrawEntry]], None]
_handlers: dict[str, Handler] = {}


@dataclass(frozen=True)
class PoolMember:
    """One person in a pool. `key` says where she came from ("committees.application:12");
    `name` and `email` stay private; `household` (any text) is shown only as a number."""

    key: str
    name: str
    email: str
    features: dict[str, str] = field(default_factory=dict)
    household: str = ""


def register_selection_handler(prefix: str, handler: Handler) -> None:
    """Call `handler(draw, selected, not_selected)` for entries keyed "<prefix>:…"."""
    _handlers[prefix] = handler


def _require(actor) -> None:
    if actor is not None:
        require("lotteries.manage", actor)


def _error(field_name: str | None, message: str, code: str) -> ValidationError:
    if field_name is None:
        return ValidationError(message, code=code)
    return ValidationError({field_name: ValidationError(message, code=code)})


def _clean_categories(categories: Sequence[str]) -> list[str]:
    cleaned = [c.strip() for c in categories]
    if not cleaned:
        raise _error("categories", _("Choose at least one category."), "no_categories")
    for name in cleaned:
        if not name or len(name) > CATEGORY_MAX or ";" in name:
            raise _error(
                "categories",
                _("A category needs a name of at most %(max)d characters, without “;”.")
                % {"max": CATEGORY_MAX},
                "bad_category",
            )
        if name.casefold() in (ROW_COLUMN, HOUSEHOLD_COLUMN):
            raise _error(
                "categories",
                _("“%(name)s” cannot be a category: the name is used by the downloads.")
                % {"name": name},
                "reserved_category",
            )
    if len({c.casefold() for c in cleaned}) != len(cleaned):
        raise _error("categories", _("A category is named twice."), "duplicate_category")
    return cleaned


def _clean_pool(pool: Sequence[PoolMember], categories: list[str]) -> None:
    if not pool:
        raise _error("pool", _("There is no one to draw from."), "empty_pool")
    keys = [member.key for member in pool]
    if len(set(keys)) != len(keys):
        raise _error("pool", _("The same person is in the pool twice."), "duplicate_key")
    for row, member in enumerate(pool):
        if ":" not in member.key or len(member.key) > KEY_MAX:
            raise _error("pool", _("Every person needs a key like “app.model:id”."), "bad_key")
        for category in categories:
            value = str(member.features.get(category, "")).strip()
            if not value:
                raise _error(
                    "pool",
                    _("The person in row %(row)d has no value for “%(category)s”.")
                    % {"row": row, "category": category},
                    "missing_value",
                )
            if len(value) > VALUE_MAX:
                raise _error(
                    "pool",
                    _("The value of “%(category)s” in row %(row)d is too long.")
                    % {"row": row, "category": category},
                    "too_long",
                )


def _clean_k(k: int, pool_size: int) -> int:
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise _error("k", _("Draw at least one person."), "k_too_small")
    if k > pool_size:
        raise _error(
            "k",
            _("You cannot draw %(k)d people: the pool has only %(pool)d. Draw %(pool)d or fewer.")
            % {"k": k, "pool": pool_size},
            "k_larger_than_pool",
        )
    return k


def _clean_algorithm(algorithm: str) -> str:
    if algorithm not in Algorithm.values:
        raise _error(
            "algorithm",
            _("Unknown method “%(name)s”: choose leximin or legacy.") % {"name": algorithm},
            "unknown_algorithm",
        )
    return algorithm


def _fix_inputs(draw: Draw, rows: list[dict], quotas: list[Quota]) -> None:
    """Check the inputs and record their SHA-256 on `draw` (not saved): or say why not."""
    try:
        draw.inputs_sha256 = inputs.inputs_digest(rows, quotas, draw.k, draw.household_column)
    except SortitionError as error:
        raise _error("quotas", str(error), "infeasible") from error
    draw.quotas = [[q.category, q.value, q.min, q.max] for q in quotas]
    draw.inputs_fixed_at = timezone.now()


@transaction.atomic
def draw_prepare(
    *,
    actor,
    purpose: str,
    pool: list[PoolMember],
    categories: list[str],
    k: int,
    quotas: list[Quota] | None = None,
    body=None,
    household_rule: bool = False,
    algorithm: str = "leximin",
) -> Draw:
    """Freeze the pool and publish the inputs' SHA-256; the seed comes later (draw_run).

    Without quotas, propose ones that mirror the pool; they can be changed before the draw.
    """
    _require(actor)
    purpose = purpose.strip()
    if not purpose:
        raise _error("purpose", _("Say what the draw is for."), "required")
    if len(purpose) > PURPOSE_MAX:
        raise ValidationError({"purpose": too_long(_("The purpose"), PURPOSE_MAX)})
    categories = _clean_categories(categories)
    _clean_pool(pool, categories)
    k = _clean_k(k, len(pool))
    algorithm = _clean_algorithm(algorithm)
    draw = Draw(
        purpose=purpose,
        body=body,
        k=k,
        algorithm=algorithm,
        categories=categories,
        household_rule=household_rule,
        pool_size=len(pool),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    entries = [
        DrawEntry(
            row=row,
            key=member.key,
            name=member.name[:200],
            email=member.email,
            features={c: str(member.features[c]).strip() for c in categories},
            household=member.household.strip()[:200],
        )
        for row, member in enumerate(pool)
    ]
    rows = entry_rows(draw, entries)
    if quotas is None:
        try:
            quotas = inputs.proposed_quotas(categories, rows, k, draw.household_column)
        except SortitionError as error:
            raise _error("k", str(error), "infeasible") from error
    _fix_inputs(draw, rows, list(quotas))
    draw.save()
    for entry in entries:
        entry.draw = draw
    DrawEntry.objects.bulk_create(entries)
    audit_record(
        actor=actor,
        action="draw.prepare",
        obj=draw,
        pool=len(pool),
        k=k,
        inputs_sha256=draw.inputs_sha256,
    )
    return draw


def _locked(draw_id: int) -> Draw:
    return Draw.objects.select_for_update(of=("self",)).get(pk=draw_id)


def _refuse_unless_changeable(draw: Draw) -> None:
    if draw.status == DrawStatus.DRAWN:
        raise ValidationError(_("The draw has already been made."), code="already_drawn")
    if draw.status == DrawStatus.DRAWING:
        raise ValidationError(_("The draw is running now."), code="drawing")


@transaction.atomic
def draw_set_quotas(
    *, actor, draw: Draw, quotas: list[Quota], k: int | None = None, algorithm: str | None = None
) -> Draw:
    """Change the quotas (and k, the method) before the draw; the SHA-256 changes with them.

    Quotas no panel can meet are refused with the conflicting quotas and the smallest
    relaxation; nothing changes then.
    """
    _require(actor)
    draw = _locked(draw.pk)
    _refuse_unless_changeable(draw)
    if k is not None:
        draw.k = _clean_k(k, draw.pool_size)
    if algorithm is not None:
        draw.algorithm = _clean_algorithm(algorithm)
    entries = list(draw.entries.only("draw", "row", "features", "household").order_by("row"))
    _fix_inputs(draw, entry_rows(draw, entries), list(quotas))
    # A seed chosen for the old inputs (a failed draw's) must not be shown with the new
    # ones: the seed is always chosen after the inputs are locked.
    draw.seed, draw.seed_set_at, draw.run_by = "", None, None
    draw.status = DrawStatus.PREPARED
    draw.failure = ""
    draw.save(
        update_fields=[
            "k",
            "algorithm",
            "quotas",
            "inputs_sha256",
            "inputs_fixed_at",
            "seed",
            "seed_set_at",
            "run_by",
            "status",
            "failure",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor, action="draw.set_quotas", obj=draw, k=draw.k, inputs_sha256=draw.inputs_sha256
    )
    return draw


@transaction.atomic
def draw_run(*, actor, draw: Draw, seed: str) -> Draw:
    """Record the seed and start the draw in a task; the page shows when it is done."""
    _require(actor)
    draw = _locked(draw.pk)
    _refuse_unless_changeable(draw)
    seed = str(seed).strip()
    if len(seed) > SEED_MAX:
        raise ValidationError({"seed": too_long(_("The seed"), SEED_MAX)})
    try:
        normalise_seed(seed)
    except SortitionError:
        raise _error(
            "seed",
            _("Enter the seed: a number or a text that is made public at the draw."),
            "required",
        ) from None
    draw.seed = seed
    draw.seed_set_at = draw.drawing_started_at = timezone.now()
    draw.status = DrawStatus.DRAWING
    draw.failure = ""
    draw.run_by = actor if actor is not None and actor.is_authenticated else None
    draw.save(
        update_fields=[
            "seed",
            "seed_set_at",
            "drawing_started_at",
            "status",
            "failure",
            "run_by",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="draw.run", obj=draw, seed=seed)
    _enqueue(draw.pk)
    return draw


def _enqueue(draw_id: int) -> None:
    from .tasks import draw_execute  # tasks import services

    transaction.on_commit(lambda: draw_execute.enqueue(draw_id))


@transaction.atomic
def draw_resume(*, actor, draw: Draw) -> Draw:
    """Run a stalled draw again: same seed, same inputs, so the same result.

    A draw counts as stalled when it has run for longer than
    ``LOTTERY_DRAW_LEASE_SECONDS`` (its worker died, or no worker took the task). If the
    first task finishes after all, only the first result is stored: see ``_store``.
    """
    _require(actor)
    draw = _locked(draw.pk)
    if draw.status == DrawStatus.DRAWN:
        raise ValidationError(_("The draw has already been made."), code="already_drawn")
    if draw.status != DrawStatus.DRAWING:
        raise ValidationError(_("The draw is not running."), code="not_drawing")
    if not draw.is_stalled:
        at = timezone.localtime(draw.resumable_at)
        raise ValidationError(
            _("The draw may still be running. If it has not finished by %(time)s, run it again.")
            % {"time": at.strftime("%H:%M")},
            code="not_stalled",
        )
    draw.drawing_started_at = timezone.now()
    draw.save(update_fields=["drawing_started_at", "updated_at"])
    audit_record(actor=actor, action="draw.resume", obj=draw, seed=draw.seed)
    _enqueue(draw.pk)
    return draw


def draw_perform(*, draw_id: int) -> Draw:
    """Compute the lottery and draw (in a task): store the result, or why it failed.

    The long computation runs outside any transaction; storing the result and the
    handlers' work (appointments, e-mails) happen together or not at all. A draw that
    is no longer running, or no longer with the seed and inputs this task computed with
    (a task run twice, or one that finishes after the draw was run again), is left as
    it is; an unexpected error fails the draw and is raised again for the task's log.
    """
    draw = Draw.objects.get(pk=draw_id)
    if draw.status != DrawStatus.DRAWING:
        return draw
    try:
        result = _compute(draw)
        if result.record["inputs_sha256"] != draw.inputs_sha256:
            return _fail(draw, _("The inputs are not the ones published. Nothing has been drawn."))
        return _store(draw, result)
    except SortitionError as error:
        return _fail(draw, str(error))
    except ValidationError as error:
        return _fail(draw, " ".join(error.messages))
    except PermissionDenied as error:
        return _fail(draw, str(error))
    except Exception:
        logger.exception("Draw %s stopped", draw.pk)
        _fail(draw, _("The draw stopped because of a technical error. Try again."))
        raise


def _compute(draw: Draw):
    entries = list(draw.entries.only("draw", "row", "features", "household").order_by("row"))
    return select(
        entry_rows(draw, entries),
        draw.quota_list,
        draw.k,
        draw.algorithm,
        draw.seed,
        draw.household_column,
    )


def _still_running(computed: Draw) -> Draw | None:
    """Lock the draw; return it if it still waits for the attempt `computed` was read for.

    A task that finishes late (after a run again, or after the draw failed and was run
    with new quotas or a new seed) finds the draw drawn or changed, and leaves it.
    """
    draw = _locked(computed.pk)
    if draw.status != DrawStatus.DRAWING:
        return None
    if (draw.seed, draw.inputs_sha256) != (computed.seed, computed.inputs_sha256):
        return None
    return draw


def _fail(computed: Draw, message: str) -> Draw:
    with transaction.atomic():
        draw = _still_running(computed)
        if draw is None:
            return Draw.objects.get(pk=computed.pk)
        draw.status = DrawStatus.FAILED
        draw.failure = message
        draw.save(update_fields=["status", "failure", "updated_at"])
        audit_record(actor=None, action="draw.fail", obj=draw, failure=message)
    return draw


@transaction.atomic
def _store(computed: Draw, result) -> Draw:
    draw = _still_running(computed)
    if draw is None:
        return Draw.objects.get(pk=computed.pk)
    entries = list(draw.entries.order_by("row"))
    panel = set(result.panel)
    for entry in entries:
        entry.selected = entry.row in panel
        entry.probability = result.probabilities[entry.row]
    DrawEntry.objects.bulk_update(entries, ["selected", "probability"], batch_size=500)
    draw.result = result.as_json()
    draw.record = result.record
    draw.status = DrawStatus.DRAWN
    draw.drawn_at = timezone.now()
    draw.save(update_fields=["result", "record", "status", "drawn_at", "updated_at"])
    audit_record(
        actor=None, action="draw.store", obj=draw, panel=result.panel, seed=draw.result["seed"]
    )
    by_prefix: dict[str, list[DrawEntry]] = {}
    for entry in entries:
        by_prefix.setdefault(entry.prefix, []).append(entry)
    for prefix, group in by_prefix.items():
        if handler := _handlers.get(prefix):
            handler(draw, [e for e in group if e.selected], [e for e in group if not e.selected])
    return draw
