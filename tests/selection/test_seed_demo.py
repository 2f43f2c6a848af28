"""The demo has one finished, drawn LEXIMIN selection on the Home Care Panel, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coproduce.accounts.models import User
from coproduce.panels.models import Application, PanelQuestion
from coproduce.selection import adapter, domain
from coproduce.selection.models import SelectionRun


def test_seed_demo_loads_a_drawn_selection_once(db, client):
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    run = SelectionRun.objects.get()
    assert run.panel.slug == "home-care"
    assert run.state == SelectionRun.State.DRAWN
    assert run.provenance["algorithm"] == "leximin"
    assert run.provenance["seed"] == 2026
    question = PanelQuestion.objects.get(panel=run.panel)
    assert run.categories == ["sex", "disability", "area", question.key]
    assert Application.objects.filter(panel=run.panel).count() == 24
    assert len(run.pool) == 24
    assert sum(1 for v in run.pool.values() if v["area"] == "not_given") == 3
    assert sum(run.probabilities.values()) == pytest.approx(6)
    assert run.min_probability > 0
    problem, _issues = domain.problem_for(run)
    problem = adapter.Problem(run.pool, problem.quotas, run.seats)
    assert all(adapter.meets_quotas(panel, problem) for panel in run.distribution["panels"])
    assert adapter.meets_quotas([str(pid) for pid in run.drawn], problem)
    # The pages show it, with real content.
    client.force_login(User.objects.get(email="alice@example.org"))
    base = f"/o/{run.organisation.slug}/panels/{run.panel_id}/selection/{run.pk}/"
    page = client.get(base).content.decode()
    assert "<h2>Everyone's chance</h2>" in page
    assert "North Riverside" in page
    assert "What support do you get at home now?" in page
    assert client.get(f"{base}explained/").status_code == 200
