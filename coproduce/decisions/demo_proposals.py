"""Demo proposals and backing for `seed_demo`: one open and one closed proposal on the Day
Services Panel, and a leader's backing of the panel and of a piece of work. Kept here so
seed_demo needs one line for it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.decisions import backing as backings
from coproduce.decisions import proposals
from coproduce.decisions.models import Backing, Proposal
from coproduce.initiatives.models import Initiative
from coproduce.panels.models import Panel
from coproduce.people.demo import person_with_login
from coproduce.people.models import Person


@transaction.atomic
def load_demo_proposals(council: Organisation) -> bool:
    """An open proposal (June answered by phone, through Alice; Bob has not answered yet),
    a closed one that passed (recorded as a decision by the panel), Dana's backing of the
    panel (one kept) and of the garden. Skipped if the panel has any proposal.

    Side effects: everything the domain functions it calls save and log.
    """
    panel = Panel.objects.filter(organisation=council, slug="day-services").first()
    if panel is None or Proposal.objects.filter(panel=panel).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    bob = person_with_login(council, "bob@example.org")
    dana = person_with_login(council, "dana@example.org")
    june = Person.objects.get(organisation=council, name="June Adeyemi")
    now = timezone.now()
    today = timezone.localdate()

    past = proposals.open_proposal(
        panel,
        actor=alice,
        title="Hold panel meetings at the library, not the town hall",
        detail="The library has a lift, a quiet room and a bus stop outside.",
        closes_at=now + datetime.timedelta(hours=1),
    )
    bob_login = User.objects.get(email="bob@example.org")
    proposals.answer_proposal(
        past, bob, actor=bob_login, answer="agree", reason="Easier to get to."
    )
    proposals.answer_proposal(past, june, actor=alice, answer="agree", how_told="by phone")
    decision = proposals.close_proposal(past, actor=alice)
    closed = now - datetime.timedelta(days=12)
    Proposal.objects.filter(pk=past.pk).update(closes_at=closed, closed_at=closed)
    decision.decided_on = timezone.localdate(closed)
    decision.save(update_fields=["decided_on"])

    day_services = Initiative.objects.filter(
        organisation=council, title="Change how day services work"
    ).first()
    open_ = proposals.open_proposal(
        panel,
        actor=alice,
        title="Open the day centre on one Saturday a month",
        detail="Staff would work one Saturday and take a weekday off. The bus does not run "
        "on Saturday afternoons, so the day would end at 2pm.",
        closes_at=now + datetime.timedelta(days=9),
        initiative=day_services,
    )
    proposals.answer_proposal(
        open_, june, actor=alice, answer="object", reason="I cannot get there without the bus.",
        how_told="by phone",
    )  # fmt: skip

    backings.record_backing(
        actor=alice,
        sponsor=dana,
        sponsor_role=panel.backed_by_role or "Director of Adult Social Care",
        backed_on=today - datetime.timedelta(days=60),
        commitment="To answer every recommendation from the panel in writing within 4 weeks.",
        due_on=today + datetime.timedelta(days=30),
        panel=panel,
    )
    kept = backings.record_backing(
        actor=alice,
        sponsor=dana,
        sponsor_role="Director of Adult Social Care",
        backed_on=today - datetime.timedelta(days=90),
        commitment="To come to one panel meeting each season and hear members directly.",
        due_on=today - datetime.timedelta(days=20),
        panel=panel,
    )
    backings.record_backing_kept(
        kept, actor=alice, kept="kept", kept_note="Dana came to the September meeting."
    )
    work = Initiative.objects.filter(
        organisation=council, title="Make the garden easy to use"
    ).first()
    if work is not None:
        backings.record_backing(
            actor=alice,
            sponsor=dana,
            sponsor_role="Director of Adult Social Care",
            backed_on=today - datetime.timedelta(days=40),
            commitment="To find the money for the garden changes people choose, up to £5,000.",
            due_on=today + datetime.timedelta(days=50),
            initiative=work,
        )
    return Backing.objects.filter(organisation=council).exists()
