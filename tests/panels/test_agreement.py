"""The group agreement: raised and discussed by members, versioned, agreed one version at a time."""

from __future__ import annotations

from coproduce.panels.domain import agreement
from coproduce.panels.models import AgreementPoint, AgreementSignature


def url(panel, rest=""):
    return f"/o/riverside/panels/{panel.pk}/agreement/{rest}"


def test_member_raises_a_point_and_comments(client, bob, panel):
    client.force_login(bob)
    client.post(url(panel), {"text": "We take a break every 45 minutes."})
    point = AgreementPoint.objects.get()
    assert (point.text, point.proposed_by.name, point.state) == (
        "We take a break every 45 minutes.",
        "Bob Hughes",
        "proposed",
    )
    client.post(url(panel, f"points/{point.pk}/comment/"), {"text": "Yes please."})
    html = client.get(url(panel)).content.decode()
    assert "<strong>Bob Hughes:</strong> Yes please." in html


def test_empty_point_gets_a_message(client, bob, panel):
    client.force_login(bob)
    response = client.post(url(panel), {"text": "  "})
    assert "Write the point you want to raise." in response.content.decode()


def test_versions_and_agreeing_again_after_a_change(client, alice, bob, panel):
    agreement.add_template_points(panel, actor=alice)
    first, second, *_rest = AgreementPoint.objects.all()
    client.force_login(alice)
    assert client.post(url(panel, f"points/{first.pk}/state/"), {"state": "in"}).status_code == 302
    client.post(url(panel, "publish/"), {"action": "publish"})
    client.force_login(bob)
    assert client.post(url(panel, "agree/")).status_code == 302
    assert client.post(url(panel, "agree/")).status_code == 302  # twice is still once
    assert AgreementSignature.objects.count() == 1
    assert "You have agreed to this version." in client.get(url(panel)).content.decode()
    agreement.set_point_state(second, "in", actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    assert (version.number, len(version.points)) == (2, 2)
    html = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "There is a new version (2). Please read it and say if you agree." in html


def test_publishing_with_no_points_in_says_what_to_do(client, alice, panel):
    client.force_login(alice)
    response = client.post(url(panel, "publish/"), {"action": "publish"}, follow=True)
    assert "Mark at least one point as in the agreement first." in response.content.decode()


def test_staff_who_are_not_members_cannot_agree_for_someone(client, alice, panel):
    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    agreement.publish_agreement_version(panel, actor=alice)
    client.force_login(alice)
    assert client.post(url(panel, "agree/")).status_code == 403


def test_only_people_on_the_panel_see_the_agree_button(client, alice, bob, panel):
    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    agreement.publish_agreement_version(panel, actor=alice)
    client.force_login(alice)  # staff, not on the panel: the button would only say "forbidden"
    assert "I agree to this" not in client.get(url(panel)).content.decode()
    client.force_login(bob)
    assert "I agree to this" in client.get(url(panel)).content.decode()


def test_points_made_before_pictures_get_the_ready_made_picture(panel, alice):
    """The migration that added AgreementPoint.picture gives points already made from the
    ready-made list (and their published versions) the picture chosen for them."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("coproduce.panels.migrations.0017_agreement_point_picture")
    agreement.add_template_points(panel, actor=alice)
    for point in AgreementPoint.objects.filter(panel=panel):
        agreement.set_point_state(point, "in", actor=alice)
    mine = agreement.raise_agreement_point(
        panel, person=None, text="We start on time.", easy_read="We start on time.", actor=alice
    )
    agreement.set_point_state(mine, "in", actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    AgreementPoint.objects.update(picture="")  # as they were before the migration
    version.points = [{"text": p["text"], "easy_read": p["easy_read"]} for p in version.points]
    version.save()
    migration.add_pictures(apps, None)
    ready_made = [picture for _text, _easy, picture in agreement.TEMPLATE_POINTS]
    assert list(panel.agreement_points.values_list("picture", flat=True)) == [*ready_made, ""]
    version.refresh_from_db()
    assert version.easy_read_pictures == [*ready_made, ""]
