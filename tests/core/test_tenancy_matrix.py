"""Every URL the app has, for each of the cast: who gets 200, 302 (to log in), 403, 404 or 405.

The URL list is read from the URL configuration, so a new URL fails
`test_matrix_covers_every_url` until someone says here who may open it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from coproduce.accounts.models import Invitation
from coproduce.core.models import Membership
from coproduce.initiatives.models import Involvement
from coproduce.ladder.domain import adopt_action, open_round, share_summary
from coproduce.people.models import Message
from coproduce.pictures.domain import add_picture
from coproduce.workshops.models import Invitation as WorkshopInvitation
from tests.decisions.matrix import PARAMS as DECISION_PARAMS
from tests.decisions.matrix import decision_kwarg, decision_records
from tests.decisions.proposal_matrix import PARAMS as PROPOSAL_PARAMS
from tests.decisions.proposal_matrix import proposal_kwarg, proposal_records
from tests.factories import (
    ActivityFactory,
    InitiativeFactory,
    InvitationFactory,
    InvolvementFactory,
    PersonFactory,
    WorkshopFactory,
)
from tests.outcomes.matrix import PARAMS as OUTCOME_PARAMS
from tests.outcomes.matrix import outcome_kwarg, outcome_records
from tests.panels.matrix import PANEL_PARAMS, panel_kwarg, panel_records
from tests.payments.matrix import PARAMS as PAYMENT_PARAMS
from tests.payments.matrix import payment_kwarg, payment_records
from tests.selection.matrix import selection_records
from tests.wellbeing.matrix import PARAMS as WELLBEING_PARAMS
from tests.wellbeing.matrix import wellbeing_kwarg, wellbeing_records

CAST = ("anon", "alice", "bob", "charlie", "dana")

# Expected status for each of CAST, by kind of page.
OPEN = dict.fromkeys(CAST, 200)
MEMBER = {"anon": 302, "alice": 200, "bob": 200, "charlie": 404, "dana": 200}
STAFF = {"anon": 302, "alice": 200, "bob": 403, "charlie": 404, "dana": 200}
ADMIN = {"anon": 302, "alice": 403, "bob": 403, "charlie": 404, "dana": 200}
STAFF_POST = {"anon": 302, "alice": 405, "bob": 403, "charlie": 404, "dana": 405}
ADMIN_POST = {"anon": 302, "alice": 403, "bob": 403, "charlie": 404, "dana": 405}
MEMBER_POST = {"anon": 302, "alice": 405, "bob": 405, "charlie": 404, "dana": 405}
LOGGED_IN = {"anon": 302, "alice": 200, "bob": 200, "charlie": 200, "dana": 200}
LOGGED_OUT = {"anon": 200, "alice": 302, "bob": 302, "charlie": 302, "dana": 302}
REDIRECTS = dict.fromkeys(CAST, 302)
NOT_FOUND = dict.fromkeys(CAST, 404)

EXPECTED: dict[str, dict[str, int]] = {
    # Organisation pages
    "dashboard": MEMBER,
    "access_needs_changed": LOGGED_IN,
    "notify_callback": dict.fromkeys(
        CAST, 405
    ),  # GOV.UK Notify posts; see test_notify_callback  # lists only the panels you look after
    "initiative_list": MEMBER,
    "initiative_detail": MEMBER,
    "initiative_create": STAFF,
    "initiative_edit": STAFF,
    "involvement_add": STAFF,
    "involvement_remove": STAFF_POST,
    "person_list": STAFF,
    "person_create": STAFF,
    "person_detail": STAFF,
    "person_edit": STAFF,
    "messages_to_send": STAFF,
    "letters_to_print": STAFF,
    "message_letter": STAFF,
    "message_mark_sent": STAFF_POST,
    "my_messages": MEMBER,  # only their own; a member of no record sees none
    # "What helps you take part?": a person's own access needs, one for all their panels.
    # Only their own: the need here is bob's, so everyone else gets 404, staff too
    # (tests/people/test_my_access.py).
    "my_access_needs": MEMBER,
    "my_access_need_add": MEMBER,
    "my_access_need_edit": {**MEMBER, "alice": 404, "dana": 404},
    "member_list": ADMIN,
    "invite": ADMIN,
    "member_role": ADMIN_POST,
    "invitation_cancel": ADMIN_POST,
    "audit_log": ADMIN,
    "ladder_overview": MEMBER,
    "assurance_report": STAFF,
    "assurance_report_csv": STAFF,
    "ladder_results": MEMBER,
    "ladder_summary": MEMBER,
    # Only closed rounds are exported; the matrix's round is open, so staff are sent back
    # to the results page with a message (tests/ladder/test_export.py)
    "ladder_export": {**STAFF, "alice": 302, "dana": 302},
    "ladder_round_open": STAFF_POST,
    "ladder_round_detail": STAFF,
    "ladder_round_close": STAFF_POST,
    "ladder_round_add": STAFF_POST,
    "ladder_round_slips": STAFF,
    "ladder_round_remind": STAFF_POST,
    "ladder_summary_share": STAFF_POST,
    "ladder_action_adopt": STAFF_POST,
    "ladder_action_done": STAFF_POST,
    "ladder_proxy_start": {**STAFF, "alice": 302, "dana": 302},  # on to the question to resume
    "ladder_proxy_question": STAFF,
    "ladder_proxy_check": STAFF,
    "ladder_link_renew": STAFF_POST,
    # Lived experience panels (a member sees only the panels they are on)
    "panel_list": MEMBER,
    "panel_create": STAFF,
    "panel_detail": MEMBER,
    "panel_edit": STAFF,
    "panel_role": STAFF,
    "panel_role_regenerate": STAFF_POST,
    "panel_publish": STAFF_POST,
    "panel_targets": STAFF,
    "panel_applications": STAFF,
    "panel_applications_export": STAFF,
    "panel_application_enter": STAFF,
    "panel_application_detail": STAFF,
    "panel_application_status": STAFF_POST,
    "panel_application_offer": STAFF_POST,
    "panel_applications_bulk": STAFF_POST,
    "panel_member_invite": STAFF_POST,
    "panel_member_slip": STAFF_POST,
    "panel_member_password_slip": STAFF_POST,
    "panel_member_slip_print": STAFF,  # the slip's code opens a login: staff print it
    "panel_application_attachment": STAFF,
    "panel_equality_record": ADMIN,  # one person's equality answers: admins only, logged
    "panel_equality_enter": ADMIN,  # typing in answers from paper: who may hold them (admins)
    "panel_equality_delete": STAFF,  # any staff member deletes them when the applicant asks
    "panel_task_done": STAFF_POST,
    "panel_members": STAFF,
    "panel_member_add": STAFF,
    "panel_member_end": STAFF,
    # Strengths and relationships: a member's own answers (bob's; staff who are not on the
    # panel get 404, as for their access needs), staff recording them and the induction
    "panel_me_strengths": {**MEMBER, "alice": 404, "dana": 404},
    "panel_member_strengths": STAFF,
    "panel_induction": STAFF,
    "panel_induction_tick": STAFF_POST,
    # Panels part 2. Access needs are health data: pages list who "has an adjustment" for
    # staff; the detail (access_person and below) is for the panel's named contact and
    # deputy only (alice and dana here; other staff get 403, see tests/panels/test_access.py)
    "panel_me": MEMBER,
    "panel_meetings": MEMBER,
    "panel_meeting_create": STAFF,
    "panel_meeting_detail": MEMBER,
    "panel_meeting_edit": STAFF,
    "panel_meeting_cancel": STAFF,
    "panel_meeting_poll": MEMBER,
    "panel_agenda_item_create": STAFF,
    "panel_agenda_item_edit": STAFF,
    "panel_agenda_item_move": STAFF_POST,
    "panel_paper_add": STAFF,
    "panel_paper_download": MEMBER,
    "panel_meeting_notes": STAFF,
    "panel_meeting_invite": STAFF_POST,
    "panel_meeting_message_done": STAFF_POST,
    "panel_meeting_attendance": STAFF,
    "panel_meeting_calendar": MEMBER,
    "panel_meeting_run": STAFF,
    "panel_access_needs": STAFF,
    "panel_access_person": STAFF,
    "panel_access_need_edit": STAFF,
    "panel_adjustment_add": STAFF,
    "panel_adjustment_review": STAFF,
    "panel_agreement": MEMBER,
    "panel_agreement_agree": MEMBER_POST,
    "panel_agreement_record": STAFF_POST,
    "panel_agreement_comment": MEMBER_POST,
    "panel_agreement_publish": STAFF_POST,
    "panel_agreement_point_state": STAFF_POST,
    "panel_glossary": MEMBER,
    "panel_glossary_add": STAFF,
    "panel_glossary_edit": STAFF,
    "panel_glossary_starter": STAFF_POST,
    "panel_plain_check": MEMBER_POST,
    # Payments: a member sees and sends their own claims (bob's here; staff see everyone's),
    # staff agree or query, admins (finance) pay, export and set rates
    "payments_my_claims": MEMBER,
    "payments_claim_create": MEMBER,
    "payments_preference": MEMBER,
    "payments_statement": MEMBER,
    "payments_claim_from_attendance": MEMBER_POST,
    "payments_claim_detail": MEMBER,
    "payments_claim_change": MEMBER,
    "payments_expense_add": MEMBER,
    "payments_expense_remove": MEMBER_POST,
    "payments_receipt": MEMBER,
    "payments_claim_submit": MEMBER_POST,
    "payments_claim_withdraw": MEMBER_POST,
    "payments_claim_approve": STAFF_POST,
    "payments_claim_query": STAFF,
    "payments_claim_pay": ADMIN,
    "payments_remittance": MEMBER,
    "payments_person": STAFF,
    "payments_person_claim_create": STAFF,
    "payments_person_preference": STAFF,
    "payments_person_statement": STAFF,
    "payments_queue": STAFF,
    "payments_finance": STAFF,
    "payments_export": ADMIN,
    "payments_run_start": ADMIN_POST,
    "payments_run": ADMIN,
    "payments_run_export": ADMIN,
    "payments_budgets": STAFF,
    "payments_budget_set": ADMIN,
    "payments_rates": STAFF,
    "payments_rate_add": ADMIN,
    "payments_settings": ADMIN,
    # Workshops: planning and running them is for staff
    "workshop_create": STAFF,
    "workshop_detail": STAFF,
    "workshop_edit": STAFF,
    "workshop_copy": STAFF,
    "activity_create": STAFF,
    "activity_edit": STAFF,
    "activity_move": STAFF_POST,
    "activity_remove": STAFF_POST,
    "idea_create": STAFF_POST,
    "workshop_console": STAFF,
    "workshop_control": STAFF_POST,
    "workshop_screen": STAFF,
    "workshop_qr": STAFF,
    "workshop_proxy": STAFF,
    "workshop_paper_add": STAFF_POST,
    "workshop_access_needs": STAFF,  # special category data: staff only, every view logged
    "workshop_access_arranged": STAFF_POST,
    "workshop_record": STAFF,
    "workshop_record_csv": STAFF,
    "workshop_gallery": STAFF,
    "workshop_invite": STAFF,
    "workshop_sign_up_record": STAFF,  # staff record the answer of someone without a login
    "activity_take_in_ideas": STAFF_POST,
    "activity_take_in_board_ideas": STAFF_POST,
    "workshop_contributions_csv": STAFF,
    # Fair selection of panel members: coordinators (staff) only
    "selection_home": STAFF,
    "selection_new": STAFF,
    "selection_questions": STAFF,
    "selection_run": STAFF,
    "selection_quotas": {**STAFF, "alice": 302, "dana": 302},  # already run: on to the result
    "selection_progress": STAFF,
    "selection_act": STAFF_POST,
    "selection_lottery": STAFF,
    "selection_explain": STAFF,
    # Wellbeing. Concerns and check-ins are read only by the panel's named contact and deputy
    # (alice and dana) and safeguarding leads; bob raised the concern but reads it through his
    # private link, and other staff get 404 (tests/wellbeing/test_concerns.py)
    "support_ask": MEMBER,
    "check_in": MEMBER,
    "check_in_list": {**MEMBER, "bob": 404},
    "support_mine": MEMBER,
    "concern_inbox": {**MEMBER, "bob": 403},
    "concern_detail": {**MEMBER, "bob": 404},
    "signpost_list": MEMBER,
    "signpost_create": STAFF,
    "signpost_edit": STAFF,
    "signpost_remove": STAFF_POST,
    "support_settings": ADMIN,
    "safeguarding_lead_remove": ADMIN_POST,
    "training_list": STAFF,
    "training_create": STAFF,
    "training_record": STAFF,
    "training_certificate": MEMBER,  # bob's own certificate; staff too
    "credit_create": STAFF,
    # You said, we did
    "outcomes_initiative": MEMBER,
    "outcomes_contribution_add": STAFF,
    "outcomes_import": STAFF,
    "outcomes_publish": STAFF_POST,
    "outcomes_panel": MEMBER,
    "outcomes_panel_contribution_add": STAFF,
    "outcomes_panel_publish": STAFF_POST,
    "outcomes_mine": MEMBER,
    "outcomes_contribution": STAFF,
    "outcomes_response_add": STAFF,
    "outcomes_change_add": STAFF,
    "outcomes_outcome_add": STAFF,
    "outcomes_feedback_add": STAFF,
    "outcomes_evidence": MEMBER,
    # Decisions: staff, and members who are part of the work or on the panel, record them;
    # only staff correct them
    "decisions_initiative": MEMBER,
    "decision_add": MEMBER,
    "decisions_panel": MEMBER,
    "decision_panel_add": MEMBER,
    "decision_edit": STAFF,
    # Proposals and backing. A member answers only on a panel they are on now, so staff who
    # are not members get 404 (they record answers for members who tell them instead)
    "proposal_create": STAFF,
    "proposal_detail": MEMBER,
    "proposal_answer": {**MEMBER, "alice": 404, "dana": 404},
    "proposal_record": STAFF,
    "proposal_close": STAFF_POST,
    "backing_panel_add": STAFF,
    "backing_initiative_add": STAFF,
    "backing_kept": STAFF,
    # Easy read pictures: staff add their own and choose one for each point
    "picture_library": STAFF,
    "choose_pictures": STAFF,
    "picture_delete": STAFF,
    # Pages outside any organisation
    "concern_follow": OPEN,  # the private follow-up link: the secret is the key
    "outcomes_public": OPEN,  # published by the organisation, at an unguessable address
    "picture_file": OPEN,  # an organisation's own picture, on public pages: a random token
    "home": LOGGED_OUT,  # signed in with one organisation: straight to it
    "accessibility": OPEN,
    "display": OPEN,
    "accept_invitation": OPEN,
    "organisation_create": LOGGED_IN,
    # The Ladder and its private answer links: no login, the token is the key
    "ladder_guide": OPEN,
    "ladder_shared_summary": OPEN,  # shared by staff at an unguessable address; no names
    "answer_code": OPEN,
    "answer_start": OPEN,
    "answer_question": OPEN,
    "answer_check": OPEN,
    "answer_saved": OPEN,
    "answer_done": REDIRECTS,  # not sent yet: back to the start
    # Panels' public pages and the applicant's private link (already sent: on to "thank you")
    "panel_public": OPEN,
    "panel_apply": OPEN,
    "panel_application_form": REDIRECTS,
    "panel_application_saved": REDIRECTS,
    "panel_equality": OPEN,
    "panel_application_done": OPEN,
    "panel_application_offer_answer": dict.fromkeys(CAST, 405),  # the buttons post here
    "selection_chance": OPEN,  # the applicant's own chance, by their private link
    "panel_equality_withdraw": OPEN,
    # Joining a workshop needs no account: the join code, then a cookie of one's own
    "workshop_join_code": OPEN,
    "workshop_join": OPEN,
    "workshop_room": REDIRECTS,  # nobody here has joined yet: on to the join page
    "workshop_act": dict.fromkeys(CAST, 405),  # buttons post here
    "workshop_left": OPEN,
    # The sign-up page from a workshop invitation: no login, the private token is the key
    "workshop_sign_up": OPEN,
    "workshop_sign_up_calendar": OPEN,
    # django-allauth. Changing two-step settings needs a fresh sign-in first (302 to
    # reauthenticate); recovery codes do not exist until someone makes them (404).
    "account_login": LOGGED_OUT,
    "account_signup": LOGGED_OUT,
    "account_logout": LOGGED_IN,
    "account_email": LOGGED_IN,
    "account_change_password": LOGGED_IN,
    "account_reauthenticate": LOGGED_IN,
    "account_set_password": REDIRECTS,  # everyone here already has a password
    "account_inactive": OPEN,
    "account_reset_password": OPEN,
    "account_reset_password_done": OPEN,
    "account_reset_password_from_key": OPEN,  # shows "this link does not work"
    "account_reset_password_from_key_done": OPEN,
    "account_confirm_email": OPEN,  # shows "this link does not work"
    "account_email_verification_sent": OPEN,
    "account_confirm_login_code": REDIRECTS,  # only mid-way through a sign-in
    "mfa_index": LOGGED_IN,
    "mfa_authenticate": REDIRECTS,  # only mid-way through a sign-in
    "mfa_activate_totp": REDIRECTS,
    "mfa_generate_recovery_codes": REDIRECTS,
    "mfa_reauthenticate": {**REDIRECTS, "charlie": 200, "dana": 200},  # for two-step users
    "mfa_deactivate_totp": {**REDIRECTS, "alice": 404, "bob": 404},  # nothing to turn off
    "mfa_view_recovery_codes": {**NOT_FOUND, "anon": 302},
    "mfa_download_recovery_codes": {**NOT_FOUND, "anon": 302},
}


def url_names() -> dict[str, list[str]]:
    """Every named URL with the parameters it takes."""
    resolver = get_resolver()
    return {
        name: resolver.reverse_dict.getlist(name)[0][0][0][1]
        for name in resolver.reverse_dict
        if isinstance(name, str)
    }


def test_matrix_covers_every_url():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert missing == [], f"Say in EXPECTED who may open these new URLs: {missing}"
    assert sorted(set(EXPECTED) - set(url_names())) == []


@pytest.fixture
def riverside(org, cast, initiative, settings, tmp_path):
    """One record of every kind in Riverside, for URLs that take a primary key."""
    settings.MEDIA_ROOT = tmp_path  # uploaded files (a panel application's attachment)
    person = PersonFactory(organisation=org, name="June Adeyemi")
    involvement = Involvement.objects.get(initiative=initiative, person__user=cast["bob"])
    ladder_round = open_round(initiative, actor=cast["alice"])
    ladder_response = ladder_round.responses.get(person=involvement.person)
    action = adopt_action(
        initiative,
        round_=ladder_round,
        question_key="ep_lead",
        text="Ask people to lead parts of meetings.",
        owner=person,
        due_on=datetime.date(2030, 1, 1),
        actor=cast["alice"],
    )
    workshop = WorkshopFactory(initiative=initiative, organisation=org)
    records = {
        "workshop": workshop,
        "activity": ActivityFactory(workshop=workshop, organisation=org),
        "ladder_round": ladder_round,
        "ladder_response": ladder_response,
        "ladder_action": action,
        "ladder_share": share_summary(initiative, actor=cast["alice"]),
        "org": org.slug,
        "initiative": initiative,
        "person": person,
        "involvement": involvement,
        "membership": Membership.objects.get(organisation=org, user=cast["bob"]),
        "invitation": InvitationFactory(organisation=org, email="newcomer@example.org"),
        "message": Message.objects.create(
            organisation=org,
            person=person,
            kind="poll.opened",
            key="matrix",
            channel=Message.Channel.LETTER,
            status=Message.Status.BY_HAND,
            subject="Help us pick a date",
            body="Hello June.",
        ),
        **panel_records(org, cast),
        **payment_records(org, cast),  # after panel_records: it uses that panel
    }
    records["workshop_invitation"] = WorkshopInvitation.objects.create(
        organisation=org, workshop=workshop, person=person
    )
    records["picture"] = add_picture(
        org,
        actor=cast["alice"],
        upload=SimpleUploadedFile("hall.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
        content_type="image/png",
        alt_text="The front door of Riverside Hall",
    )
    records.update(wellbeing_records(org, cast, records["panel"]))
    records.update(outcome_records(org, cast, initiative))
    records.update(decision_records(org, cast, initiative))
    records.update(proposal_records(org, cast, records["panel"]))
    records["selection_run"] = selection_records(
        org, cast, records["panel"], records["panel_application"]
    )["selection_run"]
    return records


def kwargs_for(name: str, params: list[str], data: dict, org_slug: str) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for param in params:
        if param == "org":
            kwargs["org"] = org_slug
        elif param == "pk":
            kind = name.split("_")[0]
            kwargs["pk"] = {
                "person": data["person"].pk,
                "member": data["membership"].pk,
                "invitation": data["invitation"].pk,
                "panel": data["panel"].pk,
                "selection": data["panel"].pk,
                "message": data["message"].pk,
            }.get(kind, data["initiative"].pk)
        elif param == "involvement_pk":
            kwargs["involvement_pk"] = data["involvement"].pk
        elif param == "token" and name == "picture_file":
            kwargs["token"] = data["picture"].token
        elif param == "kind" and name == "choose_pictures":
            kwargs["kind"] = "panels.role"
        elif param == "picture_pk":
            kwargs["picture_pk"] = data["picture"].pk
        elif param == "owner_pk":
            kwargs["owner_pk"] = data["panel"].pk
        elif param == "token" and name == "ladder_shared_summary":
            kwargs["token"] = data["ladder_share"].token
        elif param == "token" and name.startswith("answer_"):
            kwargs["token"] = data["ladder_response"].token
        elif param == "token" and name.startswith("workshop_sign_up"):
            kwargs["token"] = data["workshop_invitation"].token
        elif param == "token":
            kwargs["token"] = data["invitation"].token
        elif param == "invitation_pk" and name.startswith("workshop_"):
            kwargs["invitation_pk"] = data["workshop_invitation"].pk
        elif param in {"round_pk", "response_pk", "action_pk"}:
            record = {"round_pk": "ladder_round", "response_pk": "ladder_response"}.get(
                param, "ladder_action"
            )
            kwargs[param] = data[record].pk
        elif name.startswith("payments_") and param in PAYMENT_PARAMS:
            kwargs[param] = payment_kwarg(name, param, data)
        elif param in PANEL_PARAMS:
            kwargs[param] = panel_kwarg(param, data)
        elif param == "run_pk":
            kwargs["run_pk"] = data["selection_run"].pk
        elif param in {"workshop_pk", "activity_pk"}:
            kwargs[param] = data[param.removesuffix("_pk")].pk
        elif param == "code":
            kwargs["code"] = data["workshop"].join_code
        elif param == "number":
            kwargs["number"] = 1
        elif param in WELLBEING_PARAMS:
            kwargs[param] = wellbeing_kwarg(param, data)
        elif param in OUTCOME_PARAMS:
            kwargs[param] = outcome_kwarg(param, data)
        elif param in DECISION_PARAMS:
            kwargs[param] = decision_kwarg(param, data)
        elif param in PROPOSAL_PARAMS:
            kwargs[param] = proposal_kwarg(param, data)
        else:  # allauth keys: a wrong key shows allauth's "bad link" page
            kwargs[param] = "abc123"
    return kwargs


def status_for(client, cast, who: str, url: str) -> int:
    client.logout()
    if who != "anon":
        client.force_login(cast[who])
    return client.get(url).status_code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matrix_status_for_cast(name, client, cast, riverside):
    url = reverse(name, kwargs=kwargs_for(name, url_names()[name], riverside, riverside["org"]))
    got = {who: status_for(client, cast, who, url) for who in CAST}
    assert got == EXPECTED[name], url


@pytest.mark.parametrize(
    "name", sorted(n for n, params in url_names().items() if "org" in params and len(params) > 1)
)
def test_matrix_other_orgs_records_are_404_under_own_org(name, client, cast, riverside):
    """Charlie is an admin of Hillside: Riverside's record numbers under /o/hillside/ are 404."""
    kwargs = kwargs_for(name, url_names()[name], riverside, "hillside")
    client.force_login(cast["charlie"])
    post_only = EXPECTED[name] in (STAFF_POST, ADMIN_POST, MEMBER_POST)  # GET refused first
    assert client.get(reverse(name, kwargs=kwargs)).status_code == (405 if post_only else 404)
    assert client.post(reverse(name, kwargs=kwargs)).status_code == 404


def test_other_orgs_involvement_is_not_removed_by_post(client, cast, riverside):
    client.force_login(cast["charlie"])
    url = reverse(
        "involvement_remove",
        kwargs=kwargs_for(
            "involvement_remove", ["org", "pk", "involvement_pk"], riverside, "hillside"
        ),
    )
    client.post(url)
    assert Involvement.objects.filter(pk=riverside["involvement"].pk).exists()


def test_other_orgs_invitation_is_not_cancelled_by_post(client, cast, riverside):
    client.force_login(cast["charlie"])
    client.post(f"/o/hillside/members/invitations/{riverside['invitation'].pk}/cancel/")
    assert Invitation.objects.get(pk=riverside["invitation"].pk).cancelled_at is None


def test_records_of_same_pk_shape_in_own_org_still_work(client, cast, other_org):
    """The 404s above come from scoping, not from broken URLs: Charlie can open his own."""
    initiative = InitiativeFactory(organisation=other_org)
    InvolvementFactory(initiative=initiative)
    client.force_login(cast["charlie"])
    assert client.get(f"/o/hillside/initiatives/{initiative.pk}/").status_code == 200
