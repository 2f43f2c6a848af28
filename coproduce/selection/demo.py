"""Demo fair selection for `seed_demo`: the Home Care Panel, 24 made-up applicants and a
finished, drawn LEXIMIN selection. Kept here so seed_demo needs one line."""

from __future__ import annotations

import random

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.panels import domain as panels
from coproduce.panels.domain.equality import record_equality_answers
from coproduce.panels.domain.questions import add_panel_question
from coproduce.panels.models import Panel
from coproduce.people.demo import person_with_login
from coproduce.selection import domain

SLUG = "home-care"
NAMES = [
    "Amira Said", "Ben Carter", "Chloe Evans", "Daniel Osei", "Ella Wright", "Farah Khan",
    "George Hill", "Hannah Lewis", "Imran Malik", "Jess Turner", "Kwame Mensah", "Lily Chen",
    "Martin Doyle", "Nadia Rahman", "Oliver Green", "Pat Murphy", "Rosa Silva", "Sanjay Mistry",
    "Tess Walker", "Uma Nair", "Victor Adams", "Wendy Brooks", "Yusuf Ibrahim", "Zoe Parker",
]  # fmt: skip
AREAS = ["North Riverside"] * 9 + ["Town Centre"] * 7 + ["Hillside"] * 5 + ["Lowfield"] * 3
SUPPORT = ["Visits from care workers", "A personal assistant I employ", "Family or friends only"]
NO_CONSENT = {4, 13, 21}  # answered the questions, but did not agree to their use in choosing
AGES = ["25_34", "35_44", "45_54", "55_64", "65_74", "75_84"]


@transaction.atomic
def load_demo_selection(council: Organisation) -> bool:
    """A published Home Care Panel with 24 applications, area and the panel's own question
    answered, equality answers (21 agreed to their use in choosing), and a selection of 6
    by LEXIMIN with a repeatable seed, drawn. Everyone is made up. Skipped if it exists.

    The selection is worked out here and now (a pool of 24 takes about a second), so the
    demo shows a result without waiting for the task worker; the task that
    `start_selection` queues then finds the work done and does nothing.
    Side effects: everything the domain functions it calls save, log and send.
    """
    if Panel.objects.filter(organisation=council, slug=SLUG).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    contact = person_with_login(council, "alice@example.org")
    panel = panels.create_panel(
        council,
        actor=alice,
        name="Home Care Panel",
        slug=SLUG,
        purpose="Help decide how home care works: visit times, who comes, and what they do.",
        influences="The new home care contract, and how visits are planned.",
        outside_control="How much money the council has for care.",
        decision_power="recommends",
        meeting_frequency="every six weeks, on a Thursday morning",
        hours_per_month=3,
        term_months=18,
        places=6,
        payment_offer="£15 an hour, including time to read papers, and travel.",
        training_offered="An introduction to how home care is bought and checked.",
        support_offered="A named contact, papers in the format you need, and a debrief.",
        named_contact=contact,
        deputy_contact=person_with_login(council, "dana@example.org"),
        backed_by=person_with_login(council, "dana@example.org"),
        backed_by_role="Head of Commissioning",
    )
    panels.publish_panel(panel, actor=alice)
    question = add_panel_question(
        panel,
        actor=alice,
        text="What support do you get at home now?",
        options=SUPPORT,
    )
    rng = random.Random(24)  # noqa: S311 -- made-up demo data, the same every time
    for i, name in enumerate(NAMES):
        first = name.split()[0].lower()
        application = panels.start_application(panel)
        panels.save_application_draft(
            application,
            name=name,
            email=f"{first}.demo@example.org",
            contact_channel="email",
            why_join="I get care at home and want it to work for people like me.",
            area=AREAS[i],
            extra_answers={str(question.pk): question.options[i % 3]["value"]},
        )
        panels.submit_application(application)
        disabled = i % 5 in (0, 2)
        answers = {
            "sex": "female" if i % 3 else "male",
            "disability_condition": "yes" if disabled else "no",
            "age_band": rng.choice(AGES),
            "carer": "yes" if i % 4 == 0 else "no",
        }
        if disabled:
            answers["disability_reduced"] = "a_lot" if i % 2 else "a_little"
        record_equality_answers(application, answers, selection_consent=i not in NO_CONSENT)
    categories = ["sex", "disability", "area", question.key]
    run = domain.create_run(panel, actor=alice, seats=6, categories=categories, seed=2026)
    ranges = {
        ("sex", "female"): (2, 4),
        ("sex", "male"): (2, 4),
        ("disability", "disabled"): (2, 4),
        ("area", "north-riverside"): (1, 3),
        ("area", "town-centre"): (1, 3),
        ("area", "hillside"): (1, 2),
        ("area", "lowfield"): (1, 2),
        **{(question.key, o["value"]): (1, 3) for o in question.options},
    }
    quotas = run.quotas
    for category, values in quotas.items():
        for value, quota in values.items():
            low, high = ranges.get((category, value), (0, 1 if value == "not_given" else 6))
            quota.update({"min": low, "max": high})
    domain.set_quotas(run, quotas, actor=alice)
    domain.start_selection(run, actor=alice)
    domain.run_selection(run)
    domain.draw_panel(run, actor=alice)
    return True
