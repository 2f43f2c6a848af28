from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.payments import domain, queries
from coproduce.payments.models import Claim, ClaimEvent, PaymentPreference, Rate, Status
from tests.factories import ClaimFactory, RateFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_create_claim_copies_the_rate_in_force(draft, rates):
    assert (draft.rate_id, draft.rate_amount_pence, draft.rate_unit, draft.rate_source) == (
        rates["preparation"].pk,
        2000,
        "hour",
        "Our payment policy, January 2026",
    )
    assert draft.fee_pence == 4000
    assert draft.status == Status.DRAFT
    assert list(ClaimEvent.objects.filter(claim=draft).values_list("to_status", flat=True)) == [
        "draft"
    ]


def test_new_rate_never_changes_a_claim_already_made(org, draft, rates, dana):
    new = domain.add_rate(
        org,
        actor=dana,
        activity_type="preparation",
        unit="hour",
        amount_pence=2200,
        valid_from=datetime.date(2026, 6, 1),
        source="NIHR rates, 16 December 2025",
    )
    draft.refresh_from_db()
    assert (draft.rate_amount_pence, draft.fee_pence, draft.rate_source) == (
        2000,
        4000,
        "Our payment policy, January 2026",
    )
    old = Rate.objects.get(pk=rates["preparation"].pk)
    assert old.valid_to == datetime.date(2026, 5, 31)
    assert queries.rate_on(org, "preparation", datetime.date(2026, 5, 31)) == old
    assert queries.rate_on(org, "preparation", datetime.date(2026, 6, 1)) == new


def test_deleting_a_rate_keeps_the_claims_copy(draft, rates):
    rates["preparation"].delete()
    draft.refresh_from_db()
    assert (draft.rate_id, draft.fee_pence, draft.rate_amount_pence) == (None, 4000, 2000)


def test_add_rate_refuses_a_start_on_or_before_the_newest(org, rates, dana):
    with pytest.raises(ValidationError) as error:
        domain.add_rate(
            org,
            actor=dana,
            activity_type="meeting",
            unit="hour",
            amount_pence=3000,
            valid_from=datetime.date(2026, 1, 1),
            source="Typo",
        )
    assert list(error.value.message_dict) == ["valid_from"]


def test_fee_rounds_half_a_penny_up(bob_person, org, alice):
    RateFactory(organisation=org, activity_type="workshop", amount_pence=1385)
    claim = domain.create_claim(
        bob_person,
        actor=alice,
        activity_type="workshop",
        activity_date=datetime.date(2026, 3, 3),
        quantity=Decimal("1.5"),
    )
    assert claim.fee_pence == 2078  # 1385 x 1.5 = 2077.5


def test_create_claim_without_a_rate_says_so(bob_person, alice):
    with pytest.raises(ValidationError) as error:
        domain.create_claim(
            bob_person,
            actor=alice,
            activity_type="interview_panel",
            activity_date=datetime.date(2026, 3, 3),
            quantity=1,
        )
    assert error.value.message_dict == {
        "activity_type": [
            "We do not have a rate for this kind of activity on that date. Ask the person who "
            "looks after payments."
        ]
    }


def test_claim_for_a_meeting_not_attended_is_refused(bob_person, meeting, rates, alice):
    from tests.payments.conftest import attend

    attend(meeting, bob_person, status="apologies")
    with pytest.raises(ValidationError) as error:
        domain.create_claim(
            bob_person, actor=alice, activity_type="meeting", quantity=1, meeting_id=meeting.pk
        )
    assert list(error.value.message_dict) == ["meeting"]
    assert Claim.objects.count() == 0


def test_claim_for_a_meeting_attended_takes_its_date_and_panel(bob_person, bob_came, rates, bob):
    claim = domain.create_claim(
        bob_person, actor=bob, activity_type="meeting", meeting_id=bob_came.meeting_id
    )
    meeting = bob_came.meeting
    assert (claim.activity_date, claim.panel_id, claim.quantity, claim.fee_pence) == (
        timezone.localdate(meeting.starts_at),
        meeting.panel_id,
        Decimal("1.50"),
        3750,
    )
    assert (claim.source_attendance_id, claim.description) == (bob_came.pk, "Planning the summer")


def test_claim_from_attendance_twice_makes_one_claim(org, bob_came, rates, bob):
    first, created = domain.create_claim_from_attendance(org, bob_came.pk, actor=bob)
    again, created_again = domain.create_claim_from_attendance(org, bob_came.pk, actor=bob)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Claim.objects.count() == 1


def test_claim_from_attendance_for_staff_capacity_is_refused(org, meeting, alice_person, rates):
    from tests.payments.conftest import attend

    row = attend(meeting, alice_person, capacity="learnt")
    with pytest.raises(ValidationError) as error:
        domain.create_claim_from_attendance(org, row.pk, actor=None)
    assert error.value.messages == [
        "This person came to the meeting as staff. Staff are not paid by claim."
    ]


def test_withdrawn_meeting_claim_can_be_made_again(org, bob_came, rates, bob):
    first, _ = domain.create_claim_from_attendance(org, bob_came.pk, actor=bob)
    domain.withdraw_claim(first, actor=bob)
    second, created = domain.create_claim_from_attendance(org, bob_came.pk, actor=bob)
    assert (created, second.pk != first.pk) == (True, True)


def test_database_refuses_two_live_claims_for_one_attendance(bob_person):
    ClaimFactory(person=bob_person, source_attendance_id=99)
    with pytest.raises(IntegrityError):
        ClaimFactory(person=bob_person, source_attendance_id=99)


def test_mileage_is_miles_times_the_organisations_rate(draft, bob):
    line = domain.add_expense(draft, actor=bob, category="mileage", miles=Decimal("12.5"))
    draft.refresh_from_db()
    assert (line.amount_pence, line.pence_per_mile, draft.expenses_pence) == (563, 45, 563)


def test_mileage_rate_change_keeps_old_lines(draft, org, bob, dana):
    line = domain.add_expense(draft, actor=bob, category="mileage", miles=Decimal("10"))
    settings = queries.settings_for(org)
    domain.update_payment_settings(settings, actor=dana, pence_per_mile=50)
    line.refresh_from_db()
    assert (line.amount_pence, line.pence_per_mile) == (450, 45)


def test_expenses_total_follows_lines(draft, bob):
    parking = domain.add_expense(draft, actor=bob, category="parking", amount_pence=350)
    domain.add_expense(
        draft,
        actor=bob,
        category="public_transport",
        amount_pence=420,
        receipt=SimpleUploadedFile("ticket.png", PNG, "image/png"),
    )
    draft.refresh_from_db()
    assert (draft.expenses_pence, draft.total_pence) == (770, 4770)
    domain.remove_expense(parking, actor=bob)
    draft.refresh_from_db()
    assert draft.expenses_pence == 420


def test_meals_over_the_limit_are_refused(draft, bob):
    with pytest.raises(ValidationError) as error:
        domain.add_expense(draft, actor=bob, category="meals", amount_pence=1001)
    assert error.value.message_dict["amount"][0].startswith("We pay up to £10.00 for this.")


def test_no_expense_on_a_sent_claim(draft, bob):
    domain.submit_claim(draft, actor=bob)
    with pytest.raises(ValidationError):
        domain.add_expense(draft, actor=bob, category="parking", amount_pence=100)


def test_full_journey_with_roles_and_dates(draft, bob, alice, dana):
    domain.add_expense(draft, actor=bob, category="parking", amount_pence=300)
    assert domain.submit_claim(draft, actor=bob).changed is True
    assert domain.query_claim(draft, actor=alice, message="Which car park?").changed is True
    assert domain.submit_claim(draft, actor=bob).changed is True
    assert domain.approve_claim(draft, actor=alice).changed is True
    outcome = domain.pay_claim(
        draft, actor=dana, reference="BACS-0042", paid_on=datetime.date(2026, 5, 20)
    )
    claim = outcome.claim
    assert (claim.status, claim.approved_by, claim.paid_by, claim.payment_reference) == (
        "paid",
        alice,
        dana,
        "BACS-0042",
    )
    assert (claim.payable_fee_pence, claim.total_pence) == (4000, 4300)
    assert list(claim.events.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "queried"),
        ("queried", "submitted"),
        ("submitted", "approved"),
        ("approved", "paid"),
    ]
    assert claim.events.get(to_status="queried").message == "Which car park?"


def test_approve_and_pay_twice_changes_nothing_the_second_time(draft, bob, alice, dana):
    domain.submit_claim(draft, actor=bob)
    first = domain.approve_claim(draft, actor=alice)
    second = domain.approve_claim(draft, actor=dana)
    assert (first.changed, second.changed, second.claim.approved_by) == (True, False, alice)
    domain.pay_claim(draft, actor=dana, reference="A1", paid_on=datetime.date(2026, 5, 20))
    again = domain.pay_claim(draft, actor=dana, reference="B2", paid_on=datetime.date(2026, 6, 1))
    assert (again.changed, again.claim.payment_reference, again.claim.paid_on) == (
        False,
        "A1",
        datetime.date(2026, 5, 20),
    )
    actions = list(
        AuditEntry.objects.filter(action__in=["payments.claim.approved", "payments.claim.paid"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["payments.claim.approved", "payments.claim.paid"]


def test_steps_out_of_order_are_refused(draft, alice, dana):
    with pytest.raises(ValidationError) as error:
        domain.approve_claim(draft, actor=alice)
    assert error.value.messages == ["You cannot agree this claim: it is not sent yet."]
    with pytest.raises(ValidationError):
        domain.pay_claim(draft, actor=dana, reference="X", paid_on=datetime.date(2026, 5, 20))


# Every status change goes through set_claim_status: what each move accepts, finds already
# done ("same"), or refuses, from each status.
MOVES_FROM = {
    Status.SUBMITTED: {"draft": "changed", "queried": "changed", "submitted": "same"},
    Status.APPROVED: {"submitted": "changed", "approved": "same", "paid": "same"},
    Status.QUERIED: {"submitted": "changed", "queried": "same"},
    Status.PAID: {"approved": "changed", "paid": "same"},
    Status.WITHDRAWN: {
        "draft": "changed",
        "submitted": "changed",
        "queried": "changed",
        "withdrawn": "same",
    },
}


@pytest.mark.parametrize("target", list(MOVES_FROM))
def test_set_claim_status_allows_only_its_moves(draft, dana, target):
    seen = {}
    for start in Status.values:
        Claim.objects.filter(pk=draft.pk).update(
            status=start,
            approved_at=timezone.now(),
            payable_fee_pence=4000,
            paid_at=timezone.now(),
            paid_on=datetime.date(2026, 5, 20),
            payment_reference="BACS-1",
        )  # the fields the database asks of an agreed or paid claim
        try:
            outcome = domain.set_claim_status(draft, target, actor=dana)
        except ValidationError:
            seen[start] = "refused"
        else:
            seen[start] = "changed" if outcome.changed else "same"
            assert Claim.objects.get(pk=draft.pk).status == (target if outcome.changed else start)
    assert seen == {start: MOVES_FROM[target].get(start, "refused") for start in Status.values}
    logged = AuditEntry.objects.filter(action__startswith="payments.claim.").exclude(
        action="payments.claim.created"
    )
    changed = list(seen.values()).count("changed")
    assert list(logged.values_list("action", flat=True)) == [f"payments.claim.{target}"] * changed
    assert ClaimEvent.objects.filter(claim=draft, to_status=target).count() == changed


def test_nobody_approves_their_own_claim(org, rates, alice, alice_person):
    claim = domain.create_claim(
        alice_person,
        actor=alice,
        activity_type="meeting",
        activity_date=datetime.date(2026, 5, 5),
        quantity=1,
    )
    domain.submit_claim(claim, actor=alice)
    with pytest.raises(ValidationError) as error:
        domain.approve_claim(claim, actor=alice)
    assert error.value.messages == [
        "You cannot agree or pay your own claim. Ask someone else in the team."
    ]


def test_whoever_entered_or_sent_a_claim_cannot_agree_it(rates, bob_person, alice, dana):
    """Separation of duties: alice enters Bob's claim and sends it; dana agrees it."""
    claim = domain.create_claim(
        bob_person,
        actor=alice,
        activity_type="meeting",
        activity_date=datetime.date(2026, 5, 5),
        quantity=1,
    )
    domain.submit_claim(claim, actor=alice)
    with pytest.raises(ValidationError) as error:
        domain.approve_claim(claim, actor=alice)
    assert error.value.messages == [
        "You entered or sent this claim, so someone else must agree it. "
        "Two people look at every claim, to keep the money safe."
    ]
    assert domain.approve_claim(claim, actor=dana).changed is True


def test_whoever_only_sent_a_claim_cannot_agree_it(draft, bob, alice, dana):
    domain.query_claim(
        Claim.objects.get(pk=domain.submit_claim(draft, actor=bob).claim.pk),
        actor=dana,
        message="Which report?",
    )
    domain.submit_claim(draft, actor=alice)  # alice sent it again for Bob
    with pytest.raises(ValidationError, match="someone else must agree it"):
        domain.approve_claim(draft, actor=alice)
    assert Claim.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_a_claim_cannot_be_marked_paid_on_a_date_after_today(draft, bob, alice, dana):
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        domain.pay_claim(draft, actor=dana, reference="BACS-9", paid_on=tomorrow)
    assert error.value.message_dict == {
        "paid_on": [
            "The date it was paid cannot be after today. Mark it paid once the money has gone."
        ]
    }
    assert Claim.objects.get(pk=draft.pk).status == Status.APPROVED
    assert domain.pay_claim(
        draft, actor=dana, reference="BACS-9", paid_on=timezone.localdate()
    ).changed


def test_approval_copies_the_preference_in_force(draft, bob, bob_person, alice):
    domain.set_payment_preference(bob_person, actor=bob, choice="voucher")
    domain.set_payment_preference(
        bob_person, actor=bob, choice="lower_amount", lower_amount_pence=1500
    )
    domain.submit_claim(draft, actor=bob)
    claim = domain.approve_claim(draft, actor=alice).claim
    domain.set_payment_preference(bob_person, actor=bob, choice="no_payment")
    claim.refresh_from_db()
    assert (claim.payment_method, claim.payable_fee_pence, claim.fee_pence) == (
        "lower_amount",
        1500,
        4000,
    )
    assert PaymentPreference.objects.filter(person=bob_person).count() == 3


def test_no_payment_still_pays_expenses(draft, bob, bob_person, alice):
    domain.set_payment_preference(bob_person, actor=bob, choice="no_payment")
    domain.add_expense(draft, actor=bob, category="carer", amount_pence=3600)
    domain.submit_claim(draft, actor=bob)
    claim = domain.approve_claim(draft, actor=alice).claim
    assert (claim.payable_fee_pence, claim.total_pence) == (0, 3600)


def test_limit_warning_counts_fees_in_the_same_week(bob_person, rates, bob, alice):
    domain.set_payment_preference(
        bob_person, actor=bob, choice="bank_transfer", limit_pence=7000, limit_period="week"
    )
    monday = datetime.date(2026, 5, 4)
    earlier = domain.create_claim(
        bob_person, actor=bob, activity_type="meeting", activity_date=monday, quantity=2
    )
    domain.add_expense(earlier, actor=bob, category="parking", amount_pence=5000)
    domain.submit_claim(earlier, actor=bob)
    friday = domain.create_claim(
        bob_person,
        actor=bob,
        activity_type="meeting",
        activity_date=monday + datetime.timedelta(days=4),
        quantity=Decimal("0.5"),
    )
    preference = queries.preference_for(bob_person)
    assert queries.limit_warning(friday, preference) is None  # £50 + £12.50 is under £70
    friday = domain.update_claim(friday, actor=bob, quantity=Decimal("1"), description="")
    warning = queries.limit_warning(friday, preference)
    assert warning is not None
    assert (warning.others_pence, warning.this_pence, warning.starts_on, warning.ends_on) == (
        5000,
        2500,
        monday,
        datetime.date(2026, 5, 10),
    )
    next_week = domain.create_claim(
        bob_person,
        actor=bob,
        activity_type="meeting",
        activity_date=monday + datetime.timedelta(days=7),
        quantity=2,
    )
    assert queries.limit_warning(next_week, preference) is None
    assert domain.submit_claim(friday, actor=bob).changed is True  # warned, never blocked
