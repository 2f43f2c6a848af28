"""Strengths and relationships: what a member brings (with consent, shared only if they say
so, hidden when they take it back), each new member's induction, and time to get to know
each other."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEntry, Role
from coproduce.panels import induction
from coproduce.panels.domain import agreement
from coproduce.panels.domain import strengths as domain
from coproduce.panels.models import AgreementPoint, InductionTick, PanelMember, Strengths
from coproduce.payments.models import PaymentPreference
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    PanelMemberFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def bob_person(org, bob):
    return bob.people.get(organisation=org)


@pytest.fixture
def carol(org, panel):
    """Another member of bob's panel, with a login."""
    user = UserFactory(email="carol@example.org", name="Carol Singh")
    MembershipFactory(organisation=org, user=user, role=Role.MEMBER)
    person = PersonFactory(organisation=org, user=user, name="Carol Singh", email=user.email)
    PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))
    return user


@pytest.fixture
def june(org, panel):
    """A member with no login: she tells staff by phone."""
    person = PersonFactory(organisation=org, name="June Patel")
    PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))
    return person


def bob_says(bob, bob_person, *, share: bool) -> Strengths:
    return domain.save_strengths(
        bob_person, actor=bob, skills="Fixing bikes", to_learn="Chairing a meeting", share=share
    )


# The domain


def test_saving_is_consenting_and_sharing_is_separate(bob, bob_person):
    strengths = bob_says(bob, bob_person, share=False)
    assert strengths.consent_at is not None
    assert strengths.shared_at is None
    assert strengths.recorded_by is None
    entry = AuditEntry.objects.get(action="panels.strengths.saved")
    assert entry.data == {"fields": ["skills", "to_learn"], "shared": False}  # never the words


def test_an_empty_answer_is_refused(bob, bob_person):
    with pytest.raises(ValidationError) as error:
        domain.save_strengths(bob_person, actor=bob, skills="  ")
    assert error.value.code == "empty"
    assert Strengths.objects.count() == 0


def test_staff_record_for_someone_without_a_login_with_how_they_told_us(org, alice, june):
    strengths = domain.save_strengths(
        june, actor=alice, interests="Gardening", how_told="by phone", share=True
    )
    assert strengths.recorded_by == alice.people.get(organisation=org)
    assert strengths.how_told == "by phone"
    assert AuditEntry.objects.filter(action="panels.strengths.recorded").count() == 1


def test_staff_cannot_write_over_the_answers_of_someone_who_can_log_in(alice, bob_person):
    with pytest.raises(ValidationError) as error:
        domain.save_strengths(bob_person, actor=alice, skills="Made up")
    assert error.value.code == "has_login"


def test_withdrawing_hides_it_from_staff_and_members(org, alice, bob, bob_person, carol, panel):
    bob_says(bob, bob_person, share=True)
    staff = alice.memberships.get(organisation=org)
    other = carol.memberships.get(organisation=org)
    assert [b.person for b in induction.strengths_on_panel(panel, staff)] == [bob_person]
    assert [b.person for b in induction.strengths_on_panel(panel, other)] == [bob_person]

    assert domain.withdraw_strengths(bob_person, actor=bob) is True

    assert induction.strengths_on_panel(panel, staff) == []
    assert induction.strengths_on_panel(panel, other) == []
    kept = Strengths.objects.get(person=bob_person)
    assert (kept.skills, kept.consent_at, kept.shared_at) == ("Fixing bikes", None, None)
    assert domain.withdraw_strengths(bob_person, actor=bob) is False


def test_other_members_see_it_only_when_shared(org, alice, bob, bob_person, carol, panel):
    bob_says(bob, bob_person, share=False)
    other = carol.memberships.get(organisation=org)
    staff = alice.memberships.get(organisation=org)
    assert induction.strengths_on_panel(panel, other) == []
    assert [b.person for b in induction.strengths_on_panel(panel, staff)] == [bob_person]
    own = bob.memberships.get(organisation=org)
    assert [b.person for b in induction.strengths_on_panel(panel, own)] == [bob_person]


# Induction


def test_agreement_and_payment_steps_come_from_the_records(org, alice, bob_person, panel):
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    steps = {s.step: s.done for s in induction.induction_for(member).steps}
    assert steps == dict.fromkeys(steps, False)

    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    agreement.agree_to_version(version, bob_person, actor=bob_person.user)
    PaymentPreference.objects.create(organisation=org, person=bob_person, choice="voucher")

    states = {s.step: (s.done, s.how) for s in induction.induction_for(member).steps}
    assert states == {
        "welcome": (False, ""),
        "contact_met": (False, ""),
        "agreement_read": (True, "They agreed to version 1."),
        "payment_set_up": (True, "They told us how they want to be paid."),
        "training_offered": (False, ""),
    }


def test_a_new_agreement_version_means_reading_it_again(alice, bob_person, panel):
    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    first = agreement.publish_agreement_version(panel, actor=alice)
    agreement.agree_to_version(first, bob_person, actor=bob_person.user)
    agreement.publish_agreement_version(panel, actor=alice)
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    done = {s.step: s.done for s in induction.induction_for(member).steps}
    assert done["agreement_read"] is False


def test_staff_tick_a_step_with_the_date_and_who(alice, bob_person, panel):
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    domain.tick_induction_step(member, "welcome", done_on=datetime.date(2026, 4, 2), actor=alice)
    welcome = next(s for s in induction.induction_for(member).steps if s.step == "welcome")
    assert (welcome.done, welcome.how) == (True, "Ticked by Alice Okafor on 2 April 2026")


@pytest.mark.parametrize(
    ("step", "done_on", "code"),
    [
        ("agreement_read", datetime.date(2026, 4, 2), "step"),  # read from the records
        ("payment_set_up", datetime.date(2026, 4, 2), "step"),
        ("nonsense", datetime.date(2026, 4, 2), "step"),
        ("welcome", datetime.date(2026, 3, 31), "before_start"),
    ],
)
def test_a_tick_is_refused(alice, bob_person, panel, step, done_on, code):
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    with pytest.raises(ValidationError) as error:
        domain.tick_induction_step(member, step, done_on=done_on, actor=alice)
    assert error.value.code == code
    assert InductionTick.objects.count() == 0


def test_a_tick_in_the_future_is_refused(alice, bob_person, panel):
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        domain.tick_induction_step(member, "welcome", done_on=tomorrow, actor=alice)
    assert error.value.code == "future"


def test_untick(alice, bob_person, panel):
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    domain.tick_induction_step(member, "welcome", done_on=datetime.date(2026, 4, 2), actor=alice)
    assert domain.untick_induction_step(member, "welcome", actor=alice) is True
    assert domain.untick_induction_step(member, "welcome", actor=alice) is False
    assert InductionTick.objects.count() == 0


# Pages


def test_bob_tells_us_what_he_brings_on_his_page(client, bob, bob_person, panel):
    client.force_login(bob)
    url = f"/o/riverside/panels/{panel.pk}/me/strengths/"
    page = client.get(url).content.decode()
    assert "What are you good at?" in page
    assert "The other people on your panels can see it too" in page

    refused = client.post(url, {"skills": "Fixing bikes"})
    assert "Tick the box to say we can keep this." in refused.content.decode()
    assert Strengths.objects.count() == 0

    response = client.post(url, {"skills": "Fixing bikes", "consent": "on"})
    assert response.status_code == 302
    me = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "Fixing bikes" in me
    assert "Only you and the staff who run the panel can see this." in me

    client.post(url, {"action": "withdraw"})
    assert Strengths.objects.get(person=bob_person).consent_at is None
    assert "Fixing bikes" not in client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()


def test_the_panel_page_shows_what_members_bring_to_whom_may_see_it(
    client, alice, bob, bob_person, carol, panel
):
    bob_says(bob, bob_person, share=False)
    url = f"/o/riverside/panels/{panel.pk}/"
    client.force_login(carol)
    assert "Fixing bikes" not in client.get(url).content.decode()
    client.force_login(alice)
    assert "Fixing bikes" in client.get(url).content.decode()
    bob_says(bob, bob_person, share=True)
    client.force_login(carol)
    assert "Fixing bikes" in client.get(url).content.decode()
    assert "Fixing bikes" in client.get(f"{url}me/").content.decode()


def test_staff_write_it_down_for_june(client, alice, june, panel):
    member = PanelMember.objects.get(panel=panel, person=june)
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/members/{member.pk}/strengths/"
    response = client.post(
        url,
        {"action": "record", "interests": "Gardening", "consent": "on", "how_told": "by phone"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Gardening" in page
    assert "by phone" in page


def test_staff_see_who_is_still_getting_started_and_tick(client, alice, bob_person, panel):
    client.force_login(alice)
    detail = client.get(f"/o/riverside/panels/{panel.pk}/").content.decode()
    assert "New members getting started" in detail
    assert "Bob Hughes: still to do:" in detail
    member = PanelMember.objects.get(panel=panel, person=bob_person)
    url = f"/o/riverside/panels/{panel.pk}/induction/{member.pk}/tick/"
    client.post(url, {"step": "welcome", "done_on": "2026-04-02"})
    assert InductionTick.objects.get(member=member).ticked_by == alice
    page = client.get(f"/o/riverside/panels/{panel.pk}/induction/").content.decode()
    assert "Ticked by Alice Okafor on 2 April 2026" in page


def test_bob_sees_getting_started_on_his_page(client, bob, panel):
    client.force_login(bob)
    page = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "Getting started" in page
    assert "Meet your named contact" in page


def test_time_to_get_to_know_each_other_shows_on_the_panel_page(client, alice, bob, panel):
    meeting = MeetingFactory(
        panel=panel, starts_at=timezone.now() + datetime.timedelta(days=5), title="June meeting"
    )
    client.force_login(alice)
    client.post(
        f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/agenda/new/",
        {"title": "Pairs: three things about you", "minutes": "20", "is_getting_to_know": "on"},
    )
    client.force_login(bob)
    page = client.get(f"/o/riverside/panels/{panel.pk}/").content.decode()
    assert "Pairs: three things about you" in page
