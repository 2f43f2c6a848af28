"""The coordinator's flow through the domain and the pages, on small pools."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.panels.domain.equality import record_equality_answers
from coproduce.panels.models import Application, ApplicationStatusChange, PanelMember, Status
from coproduce.selection import adapter, domain
from coproduce.selection.models import SelectionRun
from tests.factories import ApplicationFactory, PanelFactory, PanelMemberFactory, PersonFactory
from tests.selection.matrix import selection_records

DISABLED = {"disability_condition": "yes", "disability_reduced": "a_lot"}
NOT_DISABLED = {"disability_condition": "no"}


@pytest.fixture
def panel(org, alice):
    return PanelFactory(organisation=org, places=4, named_contact=alice.people.get())


def applicants(panel, *, disabled=3, not_disabled=7, no_consent=2):
    """Applicants with equality answers; the first `disabled` are women and disabled."""
    apps = []
    for i in range(disabled + not_disabled + no_consent):
        app = ApplicationFactory(panel=panel, organisation=panel.organisation)
        if i < disabled + not_disabled:
            answers = {"sex": "female" if i % 2 == 0 else "male"}
            answers.update(DISABLED if i < disabled else NOT_DISABLED)
            record_equality_answers(app, answers, selection_consent=True)
        else:
            record_equality_answers(app, {"sex": "female", **DISABLED}, selection_consent=False)
        apps.append(app)
    return apps


def set_ranges(run, actor, **ranges):
    quotas = {c: {v: dict(q) for v, q in values.items()} for c, values in run.quotas.items()}
    for key, (low, high) in ranges.items():
        category, value = key.split("__")
        quotas[category][value].update({"min": low, "max": high})
    return domain.set_quotas(run, quotas, actor=actor)


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Start a run and let the (immediate) task backend run it, as after a real commit."""

    def go(run, actor):
        with django_capture_on_commit_callbacks(execute=True):
            domain.start_selection(run, actor=actor)
        run.refresh_from_db()
        return run

    return go


def problem_of(run):
    problem, _issues = domain.problem_for(run)
    return adapter.Problem(run.pool, problem.quotas, run.seats)


def test_selection_runs_draws_and_tells_people(
    panel, alice, start, django_capture_on_commit_callbacks
):
    apps = applicants(panel)
    run = domain.create_run(panel, actor=alice, seats=4, categories=["disability", "sex"], seed=3)
    set_ranges(run, alice, disability__disabled=(2, 3), disability__not_given=(0, 1))
    start(run, alice)
    assert run.state == SelectionRun.State.DONE
    assert run.provenance["algorithm"] == "leximin"
    assert run.provenance["library_version"] == "0.12.15"
    # The applicants without consent count as "not given", never with their answers.
    no_consent = {str(a.pk) for a in apps[10:]}
    assert all(
        run.pool[pid] == {"disability": "not_given", "sex": "not_given"} for pid in no_consent
    )
    problem = problem_of(run)
    assert all(adapter.meets_quotas(p, problem) for p in run.distribution["panels"])
    assert sum(run.probabilities.values()) == pytest.approx(4)
    # Each disabled applicant: 2 or 3 of 3 seats go to them.
    assert min(run.probabilities[str(a.pk)] for a in apps[:3]) >= 2 / 3 - 1e-6

    domain.draw_panel(run, actor=alice)
    run.refresh_from_db()
    assert run.state == SelectionRun.State.DRAWN
    assert len(run.drawn) == 4
    assert run.draw["method"] == "private"
    assert run.drawn_by == alice

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_drawn(run, actor=alice)
    statuses = dict(Application.objects.filter(panel=panel).values_list("pk", "status"))
    assert sorted(pk for pk, s in statuses.items() if s == Status.OFFERED) == sorted(run.drawn)
    assert sum(1 for s in statuses.values() if s == Status.WAITING_LIST) == 8
    waiting = ApplicationStatusChange.objects.filter(to_status=Status.WAITING_LIST).first()
    assert "You were not chosen this time. This is not about you" in waiting.message
    assert "/chance/" in waiting.message
    assert len(mail.outbox) == 12
    actions = list(
        AuditEntry.objects.filter(action__startswith="selection.").values_list("action", flat=True)
    )
    assert sorted(set(actions)) == [
        "selection.panel.drawn",
        "selection.people.told",
        "selection.quotas.set",
        "selection.run.created",
        "selection.run.finished",
        "selection.run.started",
    ]


def test_bad_input_is_refused_before_any_solver(panel, alice, monkeypatch):
    applicants(panel, disabled=1, not_disabled=3, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=6, categories=["disability"])
    set_ranges(run, alice, disability__disabled=(2, 3))
    monkeypatch.setattr(adapter, "find_distribution", lambda *a, **k: pytest.fail("solver ran"))
    with pytest.raises(ValidationError) as caught:
        domain.start_selection(run, actor=alice)
    assert caught.value.messages == [
        "You asked for 6 people but only 4 have applied. Choose 4 or fewer, or find more "
        "applicants.",
        "You asked for at least 2 people in the group Disabled (Disability), but only 1 "
        "applicant is in it.",
    ]
    run.refresh_from_db()
    assert run.state == SelectionRun.State.DRAFT


def test_clashing_targets_suggest_the_smallest_change_and_it_can_be_used(panel, alice, start):
    applicants(panel, disabled=3, not_disabled=7, no_consent=0)  # disabled: 2 women, 1 man
    run = domain.create_run(panel, actor=alice, seats=4, categories=["disability", "sex"])
    set_ranges(run, alice, disability__disabled=(3, 3), sex__female=(0, 1))
    start(run, alice)
    assert run.state == SelectionRun.State.INFEASIBLE
    assert run.drawn == []
    assert run.suggestion == [
        {"category": "sex", "value": "female", "bound": "max", "old": 1, "new": 2}
    ]
    domain.apply_suggestion(run, actor=alice)
    run.refresh_from_db()
    assert run.quotas["sex"]["female"]["max"] == 2
    assert run.state == SelectionRun.State.DRAFT
    start(run, alice)
    assert run.state == SelectionRun.State.DONE


def test_limits_stop_the_suggestion(panel, alice, start):
    applicants(panel, disabled=3, not_disabled=7, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=4, categories=["disability", "sex"])
    quotas = run.quotas
    quotas["disability"]["disabled"].update({"min": 3, "max": 3, "floor": 3})
    quotas["sex"]["female"].update({"min": 0, "max": 1, "ceiling": 1})
    domain.set_quotas(run, quotas, actor=alice)
    start(run, alice)
    assert run.state == SelectionRun.State.INFEASIBLE
    assert run.suggestion == []
    assert not run.suggestion_within_limits


def test_top_up_keeps_members_and_meets_the_reduced_ranges(panel, alice, start):
    apps = applicants(panel, disabled=4, not_disabled=8, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=4, categories=["disability"], seed=8)
    set_ranges(run, alice, disability__disabled=(2, 2), disability__not_disabled=(2, 2))
    start(run, alice)
    domain.draw_panel(run, actor=alice)
    run.refresh_from_db()
    # Everyone drawn joins; then one disabled member leaves.
    members = []
    for app in Application.objects.filter(pk__in=run.drawn):
        app.status = Status.ACCEPTED
        app.save()
        members.append(
            PanelMemberFactory(
                panel=panel,
                organisation=panel.organisation,
                person=PersonFactory(organisation=panel.organisation),
                application=app,
            )
        )
    leaver = next(m for m in members if run.pool[str(m.application_id)]["disability"] == "disabled")
    leaver.ended_on = datetime.date(2026, 6, 1)
    leaver.save()
    assert domain.vacancies(panel) == 1

    top_up = domain.start_top_up(panel, actor=alice, seats=1, seed=9)
    assert top_up.continuing_members == 3
    assert top_up.continuing["disability"] == {
        "disabled": 1,
        "not_disabled": 2,
        "no_answer": 0,
        "not_given": 0,
    }
    assert top_up.quotas["disability"]["disabled"]["min"] == 2  # whole-panel ranges kept
    start(top_up, alice)
    assert top_up.state == SelectionRun.State.DONE
    staying = {str(m.application_id) for m in members if m.ended_on is None}
    assert not staying & set(top_up.pool)  # members keep their places; not drawn again
    domain.draw_panel(top_up, actor=alice)
    top_up.refresh_from_db()
    panel_now = [*staying, *map(str, top_up.drawn)]
    everyone = {**run.pool, **top_up.pool}
    assert sum(1 for pid in panel_now if everyone[pid]["disability"] == "disabled") == 2
    assert len(panel_now) == 4
    assert {str(a.pk) for a in apps} >= set(panel_now)


def test_public_draw_with_dice_is_recorded(panel, alice, start):
    applicants(panel, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=4, categories=["disability"])
    start(run, alice)
    domain.make_lottery(run, lines=100, actor=alice)
    run.refresh_from_db()
    assert len(run.lottery) == 100
    with pytest.raises(ValidationError):
        domain.record_dice_draw(run, reading="7", procedure="x", actor=alice)
    domain.record_dice_draw(
        run, reading="07", procedure="Open meeting, red die first.", actor=alice
    )
    run.refresh_from_db()
    assert run.draw["line"] == 7
    assert run.draw["panel"] == run.lottery[6]
    assert run.drawn == [int(p) for p in run.distribution["panels"][run.lottery[6]]]


def test_the_list_is_published_with_its_sha256_and_the_draw_record_keeps_it(
    client_as, panel, alice, start
):
    applicants(panel, no_consent=0)
    run = start(domain.create_run(panel, actor=alice, seats=4, categories=["disability"]), alice)
    domain.make_lottery(run, lines=100, actor=alice)
    run.refresh_from_db()
    client = client_as(alice)
    url = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/{run.pk}/lottery/"
    response = client.get(url + "?download=1")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="selection-{run.pk}-list.txt"'
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == (
        f"Coproduce selection {run.pk}: 100 lines, one panel each, by application number."
    )
    first = sorted(int(p) for p in run.distribution["panels"][run.lottery[0]])
    assert lines[1] == "1: " + ", ".join(str(p) for p in first)
    assert len(lines) == 101
    sha = hashlib.sha256(response.content).hexdigest()
    assert f'<code class="fingerprint">{sha}</code>' in client.get(url).content.decode()
    domain.record_dice_draw(run, reading="07", procedure="Open meeting.", actor=alice)
    run.refresh_from_db()
    assert run.draw["list_sha256"] == sha
    page = client.get(url.replace("lottery/", "")).content.decode()
    assert f"The list published before the draw has the fingerprint (SHA-256) {sha}." in page


def test_pages_walk_through_the_flow(client_as, panel, alice, django_capture_on_commit_callbacks):
    apps = applicants(panel)
    client = client_as(alice)
    base = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/"
    assert client.get(base).status_code == 200
    response = client.post(
        f"{base}new/", {"seats": 4, "categories": ["disability"], "algorithm": "leximin"}
    )
    run = SelectionRun.objects.get()
    assert response.url == f"{base}{run.pk}/ranges/"
    page = client.get(response.url).content.decode()
    assert "Who applied, and their rough chance" in page
    assert "2 applicants did not agree" in page
    data = {
        f"disability__{v}__{b}": q[b]
        for v, q in run.quotas["disability"].items()
        for b in ("min", "max", "floor", "ceiling")
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}{run.pk}/ranges/", {**data, "action": "run"})
    assert response.url == f"{base}{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "Everyone's chance" in page
    assert "The mix, before and after" in page
    client.post(f"{base}{run.pk}/do/", {"action": "draw"})
    client.post(f"{base}{run.pk}/do/", {"action": "invite"})
    run.refresh_from_db()
    assert run.state == SelectionRun.State.INVITED
    assert "In plain English" in client.get(f"{base}{run.pk}/explained/").content.decode()
    # The applicant sees their own chance with their private link.
    app = apps[0]
    page = client.get(reverse("selection_chance", args=[app.token])).content.decode()
    assert "Your chance of being chosen was" in page


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"seats": 13, "categories": ["disability"]},
            "seats",
            "You asked for 13 people but only 12 have applied. Choose 12 or fewer, or find "
            "more applicants.",
        ),
        ({"seats": 0, "categories": ["disability"]}, "seats", "Choose at least 1 place to fill."),
        (
            {"seats": 4, "categories": ["disability", "carer"]},
            "categories",
            "Nobody in the pool has told us their Carer, so it cannot help choose a mix. Take "
            "this category out.",
        ),
    ],
)
def test_new_selection_refuses_in_plain_words_beside_the_field(
    client_as, panel, alice, posted, field, message
):
    applicants(panel)  # 12 applicants; nobody said whether they are a carer
    base = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/"
    response = client_as(alice).post(f"{base}new/", {**posted, "algorithm": "leximin"})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'value="{posted["seats"]}"' in page  # what they typed is kept
    assert not SelectionRun.objects.exists()


@pytest.mark.parametrize(("relaxation", "shown"), [(2e-6, True), (1e-9, False)])
def test_a_relaxation_above_1e_8_is_shown_to_the_coordinator(
    client_as, panel, alice, relaxation, shown
):
    app = ApplicationFactory(panel=panel, organisation=panel.organisation)
    run = selection_records(panel.organisation, {"alice": alice}, panel, app)["selection_run"]
    run.provenance["settings"] = {"largest_relaxation": relaxation}
    run.save(update_fields=["provenance"])
    base = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/"
    page = client_as(alice).get(f"{base}{run.pk}/").content.decode()
    notice = (
        "To finish, the computer had to lower some chances by a very small amount: up to "
        "2.0e-06 (a chance of 1 means certain)."
    )
    assert (notice in page) is shown
    assert ("The chances are very slightly off" in page) is shown


@pytest.mark.parametrize("algorithm", ["leximin", "maximin"])
def test_a_seeded_selection_repeats_and_a_changed_record_is_caught(panel, alice, start, algorithm):
    applicants(panel)
    run = domain.create_run(
        panel, actor=alice, seats=4, categories=["disability"], algorithm=algorithm, seed=5
    )
    run = start(run, alice)
    domain.draw_panel(run, actor=alice)
    run.refresh_from_db()
    out = StringIO()
    call_command("repeat_selection", run.pk, stdout=out)
    assert out.getvalue().splitlines() == [
        "The lottery is the same: every panel, with the same chance.",
        "The draw is the same.",
    ]
    run.distribution["weights"][0] += 1e-6
    run.save(update_fields=["distribution"])
    out = StringIO()
    with pytest.raises(CommandError, match=r"The repeat did not match what was recorded\."):
        call_command("repeat_selection", run.pk, stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "The lottery is DIFFERENT (largest difference in a panel's chance: 1.0e-06)."
    )


def test_only_a_seeded_selection_can_be_repeated(panel, alice, start):
    applicants(panel)
    run = start(domain.create_run(panel, actor=alice, seats=4, categories=["disability"]), alice)
    with pytest.raises(CommandError, match=r"Only a selection with a number \(a seed\)"):
        call_command("repeat_selection", run.pk, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_selection_runs_through_the_real_worker(settings, org, alice):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    panel = PanelFactory(organisation=org, places=3, named_contact=alice.people.get())
    applicants(panel, disabled=2, not_disabled=4, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=3, categories=["disability"])
    domain.start_selection(run, actor=alice)  # no test transaction: enqueued at once
    run.refresh_from_db()
    assert run.state == SelectionRun.State.QUEUED  # stored, not yet run
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    run.refresh_from_db()
    assert run.state == SelectionRun.State.DONE
    assert run.progress == 100
    assert PanelMember.objects.count() == 0


def test_a_run_the_worker_never_takes_says_so_after_a_while(client_as, panel, alice):
    applicants(panel, disabled=2, not_disabled=4, no_consent=0)
    run = domain.create_run(panel, actor=alice, seats=3, categories=["disability"])
    domain.start_selection(run, actor=alice)  # in the test transaction: never enqueued
    run.refresh_from_db()
    assert run.state == SelectionRun.State.QUEUED
    assert run.queued_at is not None
    progress = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/{run.pk}/progress/"
    client = client_as(alice)
    page = client.get(progress).content.decode()
    assert "Waiting to start" in page
    assert "should have started by now" not in page
    SelectionRun.objects.filter(pk=run.pk).update(
        queued_at=run.queued_at - datetime.timedelta(minutes=3)
    )
    page = client.get(progress).content.decode()
    assert "This should have started by now." in page
    assert 'hx-trigger="every 2s"' in page  # still watching: it moves on once a worker runs


def test_a_question_sent_with_an_unknown_button_keeps_what_was_typed(client_as, panel, alice):
    url = reverse("selection_questions", kwargs={"org": panel.organisation.slug, "pk": panel.pk})
    typed = {"action": "²", "text": "Which <day> suits you?", "options": "Monday\nFriday"}
    response = client_as(alice).post(url, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not tell what to do. Please press the button again." in page
    assert 'value="Which &lt;day&gt; suits you?"' in page
    assert ">\nMonday\nFriday</textarea>" in page
    assert not panel.extra_questions.exists()
