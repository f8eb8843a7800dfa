"""Preparing and running draws: the rules, bad input in Danish, and the handlers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.common.permissions import Forbidden
from skabsammen.lotteries import services
from skabsammen.lotteries.models import Draw, DrawEntry, DrawStatus
from skabsammen.sortition import Quota

from .factories import pool, prepared, quotas

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled():
    """Record the calls of a selection handler for keys "test.person:…"."""
    calls = []
    services.register_selection_handler(
        "test.person", lambda draw, drawn, rest: calls.append((draw, drawn, rest))
    )
    yield calls
    services._handlers.pop("test.person", None)


def test_prepare_freezes_the_pool_and_publishes_the_hash_before_the_seed(secretariat):
    draw = prepared(secretariat, n=12, k=4)
    assert draw.status == DrawStatus.PREPARED
    assert len(draw.inputs_sha256) == 64 and draw.inputs_fixed_at is not None
    assert draw.seed == "" and draw.seed_set_at is None
    assert draw.pool_size == 12
    entries = list(draw.entries.all())
    assert [e.row for e in entries] == list(range(12))
    assert entries[3].key == "test.person:3" and entries[3].features == {
        "Køn": "Mand",
        "Alder": "Ung",
    }
    assert AuditEvent.objects.filter(action="draw.prepare", object_id=str(draw.pk)).exists()


def test_without_quotas_the_proposal_mirrors_the_pool(secretariat):
    draw = prepared(secretariat, n=12, k=6, quotas=None)
    proposal = {(c, v): (lo, hi) for c, v, lo, hi in draw.quotas}
    # 6 women and 6 men in the pool: 3 of each on a panel of 6; 4 of each age: 2 each.
    assert proposal[("Køn", "Kvinde")] == (3, 3)
    assert proposal[("Alder", "Ældre")] == (2, 2)
    assert len(proposal) == 5


def test_the_draw_records_seed_result_and_chances_and_calls_the_handler(secretariat, run, handled):
    draw = prepared(secretariat)
    inputs_hash = draw.inputs_sha256
    draw = run(draw, secretariat, seed="17 42 3")
    assert draw.status == DrawStatus.DRAWN
    assert draw.seed == "17 42 3" and draw.seed_set_at >= draw.inputs_fixed_at
    assert draw.result["seed"] == "17 42 3"
    assert draw.record["inputs_sha256"] == inputs_hash == draw.inputs_sha256
    panel = draw.result["panel"]
    assert len(panel) == 4
    assert sorted(draw.entries.filter(selected=True).values_list("row", flat=True)) == sorted(panel)
    assert sum(draw.entries.values_list("probability", flat=True)) == pytest.approx(4)
    [(called, drawn, rest)] = handled
    assert called == draw
    assert sorted(e.row for e in drawn) == sorted(panel) and len(rest) == 8


def test_the_same_seed_gives_the_same_panel(secretariat, run):
    first = run(prepared(secretariat), secretariat, seed="2026")
    second = run(prepared(secretariat), secretariat, seed="2026")
    assert first.result["panel"] == second.result["panel"]
    assert first.inputs_sha256 == second.inputs_sha256


def test_k_larger_than_the_pool_is_refused_in_danish_and_nothing_is_made(secretariat):
    with pytest.raises(ValidationError) as error:
        prepared(secretariat, n=5, k=6, quotas=None)
    assert error.value.message_dict["k"] == [
        "Der kan ikke trækkes 6 personer: puljen har kun 5. Træk 5 eller færre."
    ]
    assert not Draw.objects.exists() and not DrawEntry.objects.exists()


def test_infeasible_quotas_name_the_conflict_and_the_smallest_relaxation(secretariat):
    impossible = [
        *quotas()[:2],
        Quota("Alder", "Ung", 3, 4),
        Quota("Alder", "Midt", 1, 4),
        Quota("Alder", "Ældre", 1, 4),
    ]
    with pytest.raises(ValidationError) as error:
        prepared(secretariat, quotas=impossible)
    [message] = error.value.message_dict["quotas"]
    assert "Kvoterne kan ikke opfyldes" in message
    assert "Minimumskvoterne for «Alder» giver tilsammen 5, mere end k=4." in message
    assert "Alder=Ung" in message and "Alder=Midt" in message  # the quotas in conflict
    assert "Den mindste lempelse" in message and "i alt 1" in message
    assert not Draw.objects.exists()


def test_infeasible_new_quotas_change_nothing(secretariat):
    draw = prepared(secretariat)
    before = (draw.quotas, draw.inputs_sha256, draw.k)
    with pytest.raises(ValidationError) as error:
        services.draw_set_quotas(
            actor=secretariat, draw=draw, quotas=[Quota("Køn", "Kvinde", 4, 4), *quotas()[1:]]
        )
    assert "Kvoterne kan ikke opfyldes" in error.value.messages[0]
    assert "Køn=Kvinde" in error.value.messages[0]
    draw.refresh_from_db()
    assert (draw.quotas, draw.inputs_sha256, draw.k) == before


def test_new_quotas_give_a_new_hash(secretariat):
    draw = prepared(secretariat)
    old = draw.inputs_sha256
    new_quotas = [Quota(q.category, q.value, q.min, q.max) for q in quotas()]
    new_quotas[2] = Quota("Alder", "Ung", 0, 4)
    draw = services.draw_set_quotas(actor=secretariat, draw=draw, quotas=new_quotas, k=4)
    assert draw.inputs_sha256 != old
    assert draw.quotas[2] == ["Alder", "Ung", 0, 4]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"algorithm": "random"},
            "algorithm",
            "Ukendt metode “random”: vælg leximin eller legacy.",
        ),
        ({"k": 0}, "k", "Der skal trækkes mindst én person."),
        ({"purpose": "  "}, "purpose", "Skriv, hvad lodtrækningen skal bruges til."),
        ({"categories": []}, "categories", "Vælg mindst én kategori."),
        ({"categories": ["Køn", "husstand"]}, "categories", None),
        ({"pool": []}, "pool", "Der er ingen at trække imellem."),
    ],
)
def test_bad_input_is_refused_in_danish(secretariat, kwargs, field, message):
    arguments = {
        "actor": secretariat,
        "purpose": "Panel",
        "pool": pool(6),
        "categories": ["Køn", "Alder"],
        "k": 2,
    } | kwargs
    with pytest.raises(ValidationError) as error:
        services.draw_prepare(**arguments)
    assert field in error.value.message_dict
    if message:
        assert error.value.message_dict[field] == [message]
    assert not Draw.objects.exists()


def test_a_missing_value_is_named_by_row(secretariat):
    members = pool(6)
    members[4] = services.PoolMember(key="test.person:4", name="X", email="", features={"Køn": ""})
    with pytest.raises(ValidationError) as error:
        services.draw_prepare(
            actor=secretariat, purpose="Panel", pool=members, categories=["Køn"], k=2
        )
    assert error.value.message_dict["pool"] == ["Personen i række 4 har ingen værdi for “Køn”."]


def test_the_seed_is_required_and_nothing_changes_without_it(secretariat):
    draw = prepared(secretariat)
    for seed in ("", "   "):
        with pytest.raises(ValidationError) as error:
            services.draw_run(actor=secretariat, draw=draw, seed=seed)
        assert "Skriv lodtrækningstallet" in error.value.message_dict["seed"][0]
    draw.refresh_from_db()
    assert draw.status == DrawStatus.PREPARED and draw.seed == ""


def test_a_draw_is_run_only_once(secretariat, run):
    draw = run(prepared(secretariat), secretariat)
    panel = draw.result["panel"]
    with pytest.raises(ValidationError) as error:
        services.draw_run(actor=secretariat, draw=draw, seed="99")
    assert error.value.messages == ["Lodtrækningen er allerede foretaget."]
    with pytest.raises(ValidationError):
        services.draw_set_quotas(actor=secretariat, draw=draw, quotas=quotas())
    services.draw_perform(draw_id=draw.pk)  # a task that runs twice changes nothing
    draw.refresh_from_db()
    assert draw.seed == "42" and draw.result["panel"] == panel


def test_a_running_draw_cannot_be_started_again(secretariat):
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="1")  # the task waits for the commit
    with pytest.raises(ValidationError) as error:
        services.draw_run(actor=secretariat, draw=draw, seed="2")
    assert error.value.messages == ["Lodtrækningen er i gang."]


def test_citizens_and_staff_may_not_prepare_or_run(citizen, staff, secretariat):
    for person in (citizen, staff):
        with pytest.raises(Forbidden):
            prepared(person)
    draw = prepared(secretariat)
    for person in (citizen, staff):
        with pytest.raises(Forbidden):
            services.draw_run(actor=person, draw=draw, seed="1")
        with pytest.raises(Forbidden):
            services.draw_set_quotas(actor=person, draw=draw, quotas=quotas())


def test_a_handler_that_refuses_fails_the_draw_and_stores_nothing(secretariat, run):
    def refuse(draw, drawn, rest):
        DrawEntry.objects.filter(draw=draw).update(name="changed")  # rolled back
        raise ValidationError("Udvalgets periode er slut; ingen kan udpeges.")

    services.register_selection_handler("test.person", refuse)
    try:
        draw = run(prepared(secretariat), secretariat)
    finally:
        services._handlers.pop("test.person", None)
    assert draw.status == DrawStatus.FAILED
    assert draw.failure == "Udvalgets periode er slut; ingen kan udpeges."
    assert draw.result == {} and not draw.entries.filter(selected=True).exists()
    assert not draw.entries.filter(name="changed").exists()
    # The secretariat may adjust the quotas and run it again, with a seed chosen after.
    draw = services.draw_set_quotas(actor=secretariat, draw=draw, quotas=quotas())
    assert draw.status == DrawStatus.PREPARED and draw.failure == ""
    assert draw.seed == "" and draw.seed_set_at is None
    draw = run(draw, secretariat, seed="43")
    assert draw.status == DrawStatus.DRAWN


def test_infeasibility_found_by_the_task_fails_the_draw_with_the_message(secretariat, run):
    draw = prepared(secretariat)
    # Quotas changed behind the services' back: the task still refuses, in Danish.
    Draw.objects.filter(pk=draw.pk).update(
        quotas=[["Køn", "Kvinde", 4, 4], ["Køn", "Mand", 2, 2], *draw.quotas[2:]]
    )
    draw = run(draw, secretariat)
    assert draw.status == DrawStatus.FAILED
    assert "Kvoterne kan ikke opfyldes" in draw.failure and "Køn=Kvinde" in draw.failure
    assert not draw.entries.filter(selected=True).exists()


def test_households_count_once(secretariat, run):
    draw = prepared(secretariat, n=12, k=4, household_rule=True)
    draw = run(draw, secretariat)
    drawn = draw.entries.filter(selected=True)
    assert len({e.household for e in drawn}) == 4
    assert draw.record["household_rule"] is True


def test_a_handler_that_crashes_fails_the_draw_and_a_retry_leaves_it(secretariat, run):
    def crash(draw, drawn, rest):
        DrawEntry.objects.filter(draw=draw).update(name="changed")  # rolled back
        raise RuntimeError("bug")

    services.register_selection_handler("test.person", crash)
    draw = prepared(secretariat)
    try:
        run(draw, secretariat)  # the task backend records the error
    finally:
        services._handlers.pop("test.person", None)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.FAILED
    assert draw.failure == "Lodtrækningen stoppede på grund af en teknisk fejl. Prøv igen."
    assert draw.result == {} and not draw.entries.filter(selected=True).exists()
    assert not draw.entries.filter(name="changed").exists()
    assert services.draw_perform(draw_id=draw.pk).status == DrawStatus.FAILED  # a retry
    assert run(draw, secretariat, seed="43").status == DrawStatus.DRAWN


def test_more_seats_than_households_is_refused_with_the_reason(secretariat):
    with pytest.raises(ValidationError) as error:
        prepared(secretariat, n=6, k=4, quotas=None, household_rule=True)  # 3 households
    [message] = error.value.message_dict["k"]
    assert "antallet af husstande i puljen (3)" in message
    assert not Draw.objects.exists()


def started_long_ago(draw, seconds: int):
    """The draw's task was queued `seconds` ago and has not finished (its worker died)."""
    Draw.objects.filter(pk=draw.pk).update(
        drawing_started_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_stalled_draw_runs_again_with_the_same_result(
    secretariat, run, handled, settings, django_capture_on_commit_callbacks
):
    settings.LOTTERY_DRAW_LEASE_SECONDS = 1800
    panel = run(prepared(secretariat), secretariat, seed="17").result["panel"]
    handled.clear()
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="17")  # the task is never run
    started_long_ago(draw, 1801)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWING and draw.is_stalled
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_resume(actor=secretariat, draw=draw)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and draw.seed == "17"
    assert draw.result["panel"] == panel and len(handled) == 1
    assert AuditEvent.objects.filter(action="draw.resume", object_id=str(draw.pk)).exists()


def test_a_draw_that_may_still_be_running_cannot_be_run_again_yet(secretariat, settings):
    settings.LOTTERY_DRAW_LEASE_SECONDS = 1800
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="17")
    started_long_ago(draw, 1790)
    with pytest.raises(ValidationError) as error:
        services.draw_resume(actor=secretariat, draw=draw)
    assert error.value.messages[0].startswith("Lodtrækningen kører måske stadig.")
    assert "kan du køre den igen" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.draw_resume(actor=secretariat, draw=prepared(secretariat))
    assert error.value.messages == ["Lodtrækningen er ikke i gang."]


def test_only_the_secretariat_may_run_a_stalled_draw_again(secretariat, citizen, staff):
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="17")
    started_long_ago(draw, 10**6)
    for person in (citizen, staff):
        with pytest.raises(Forbidden):
            services.draw_resume(actor=person, draw=draw)


def test_a_late_first_task_stores_nothing_twice(secretariat, handled, monkeypatch):
    """The first task computes while the run again stores: one result, one appointment."""
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="17")
    compute = services._compute

    def slow_compute(draw):
        result = compute(draw)
        monkeypatch.setattr(services, "_compute", compute)
        services.draw_perform(draw_id=draw.pk)  # the run again finishes first
        return result

    monkeypatch.setattr(services, "_compute", slow_compute)
    services.draw_perform(draw_id=draw.pk)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and len(handled) == 1
    assert AuditEvent.objects.filter(action="draw.store", object_id=str(draw.pk)).count() == 1


def test_a_late_task_of_an_earlier_seed_leaves_the_new_run_alone(secretariat, handled):
    draw = prepared(secretariat)
    services.draw_run(actor=secretariat, draw=draw, seed="17")
    computed = Draw.objects.get(pk=draw.pk)
    result = services._compute(computed)
    # Meanwhile the draw failed and was run again with new quotas and a new seed.
    Draw.objects.filter(pk=draw.pk).update(status=DrawStatus.FAILED)
    draw = services.draw_set_quotas(actor=secretariat, draw=draw, quotas=quotas())
    services.draw_run(actor=secretariat, draw=draw, seed="99")
    services._store(computed, result)
    services._fail(computed, "late")
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWING and draw.seed == "99" and draw.failure == ""
    assert handled == []
