"""The hostile-input matrix: every form and every query parameter, sent values meant to break it.

Like the tenancy matrix, the URL list is read from the URL configuration: each named URL is in
exactly one of FORMS (its form is found on a page and read: every field it has, of the type
its HTML says), POSTED (it takes a post, but no page here shows its form: the fields are
named here), or NO_FORM. A new URL fails `test_matrix_covers_every_url` until it is placed.
Every query parameter a view reads (`request.GET`) must be in QUERY, or
`test_every_query_parameter_is_covered` fails.

Each form is posted, as a member of the cast who may open it (the tenancy matrix says who),
with every field at once set to one kind of bad value (very long text, Unicode digits, half
an emoji, NUL, right-to-left marks, emoji, impossible dates, negative, huge and fractional
numbers), with nothing, and with every field twice; and each field alone set to Unicode
digits. The rules: never a server error; a refused form says what is wrong; a refused form
saved nothing (every write is logged, so the audit log does not grow); and a refused form
shows again what the person typed, in every box (HTML-escaped, so the page reads back the
same text), unless that box is marked as the one that is wrong (`aria-invalid`, with its
message beside it). A value the form cut or cleaned without saying so fails.

Every post URL is also sent JSON (arrays, objects, numbers and null where the form has
text, and JSON that does not parse), as a script or an htmx request might: no view reads
JSON, so each answers 400 with one plain sentence, and saves nothing.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from coproduce.core.models import AuditEntry
from tests.core.test_tenancy_matrix import EXPECTED, kwargs_for, riverside, url_names

__all__ = ["riverside"]  # the fixture, shared with the tenancy matrix

pytestmark = pytest.mark.django_db

# URL name: the URL name of the page that shows its form
FORMS = {
    "account_change_password": "account_change_password",
    "choose_pictures": "choose_pictures",
    "picture_library": "picture_library",
    "picture_delete": "picture_delete",
    "account_email": "account_email",
    "account_login": "account_login",
    "account_logout": "account_logout",
    "account_reauthenticate": "account_reauthenticate",
    "account_reset_password": "account_reset_password",
    "account_signup": "account_signup",
    "activity_create": "activity_create",
    "activity_edit": "activity_edit",
    "activity_remove": "workshop_detail",
    "activity_take_in_ideas": "activity_edit",
    "answer_check": "answer_check",
    "answer_code": "answer_code",
    "answer_question": "answer_question",
    "check_in": "check_in",
    "concern_detail": "concern_detail",
    "credit_create": "credit_create",
    "decision_add": "decision_add",
    "decision_edit": "decision_edit",
    "decision_panel_add": "decision_panel_add",
    "display": "display",
    "idea_create": "activity_edit",
    "initiative_create": "initiative_create",
    "initiative_edit": "initiative_edit",
    "invitation_cancel": "member_list",
    "invite": "invite",
    "involvement_add": "involvement_add",
    "involvement_remove": "initiative_detail",
    "ladder_action_done": "ladder_results",
    "ladder_link_renew": "ladder_round_detail",
    "ladder_proxy_check": "ladder_proxy_check",
    "ladder_proxy_question": "ladder_proxy_question",
    "ladder_round_close": "ladder_round_detail",
    "ladder_summary_share": "ladder_summary",
    "member_role": "member_list",
    "mfa_reauthenticate": "mfa_reauthenticate",
    "organisation_create": "organisation_create",
    "outcomes_change_add": "outcomes_change_add",
    "outcomes_contribution_add": "outcomes_contribution_add",
    "outcomes_feedback_add": "outcomes_feedback_add",
    "outcomes_import": "outcomes_import",
    "outcomes_outcome_add": "outcomes_outcome_add",
    "outcomes_panel_contribution_add": "outcomes_panel_contribution_add",
    "outcomes_panel_publish": "outcomes_panel",
    "outcomes_publish": "outcomes_initiative",
    "outcomes_response_add": "outcomes_response_add",
    "panel_access_need_edit": "panel_access_need_edit",
    "panel_adjustment_add": "panel_adjustment_add",
    "panel_adjustment_review": "panel_adjustment_review",
    "panel_agenda_item_create": "panel_agenda_item_create",
    "panel_agenda_item_edit": "panel_agenda_item_edit",
    "panel_agenda_item_move": "panel_meeting_detail",
    "panel_agreement": "panel_agreement",
    "panel_agreement_comment": "panel_agreement",
    "panel_agreement_point_state": "panel_agreement",
    "panel_agreement_publish": "panel_agreement",
    "panel_application_enter": "panel_application_enter",
    "panel_application_status": "panel_application_detail",
    "panel_applications_bulk": "panel_applications",
    "panel_apply": "panel_apply",
    "panel_create": "panel_create",
    "panel_edit": "panel_edit",
    "panel_equality": "panel_equality",
    "panel_equality_enter": "panel_equality_enter",
    "panel_glossary_add": "panel_glossary_add",
    "panel_glossary_edit": "panel_glossary_edit",
    "panel_glossary_starter": "panel_glossary",
    "panel_me_strengths": "panel_me_strengths",
    "panel_induction_tick": "panel_induction",
    "my_access_need_edit": "my_access_need_edit",
    "my_access_needs": "my_access_needs",
    "panel_meeting_attendance": "panel_meeting_attendance",
    "panel_meeting_cancel": "panel_meeting_cancel",
    "panel_meeting_create": "panel_meeting_create",
    "panel_meeting_edit": "panel_meeting_edit",
    "panel_meeting_invite": "panel_meeting_detail",
    "panel_meeting_message_done": "panel_meeting_detail",
    "panel_meeting_notes": "panel_meeting_notes",
    "panel_meeting_poll": "panel_meeting_poll",
    "panel_meeting_run": "panel_meeting_run",
    "panel_member_add": "panel_member_add",
    "panel_member_end": "panel_member_end",
    "panel_paper_add": "panel_paper_add",
    "panel_publish": "panel_detail",
    "panel_role": "panel_role",
    "panel_role_regenerate": "panel_role",
    "panel_targets": "panel_targets",
    "panel_task_done": "panel_detail",
    "proposal_create": "proposal_create",
    "proposal_answer": "proposal_answer",
    "proposal_record": "proposal_record",
    "proposal_close": "proposal_detail",
    "backing_panel_add": "backing_panel_add",
    "backing_initiative_add": "backing_initiative_add",
    "backing_kept": "backing_kept",
    "payments_budget_set": "payments_budget_set",
    "payments_claim_change": "payments_claim_change",
    "payments_claim_create": "payments_claim_create",
    "payments_claim_pay": "payments_claim_pay",
    "payments_claim_query": "payments_claim_query",
    "payments_claim_submit": "payments_claim_detail",
    "payments_claim_withdraw": "payments_claim_detail",
    "payments_expense_add": "payments_expense_add",
    "payments_expense_remove": "payments_claim_detail",
    "payments_person_claim_create": "payments_person_claim_create",
    "payments_person_preference": "payments_person_preference",
    "payments_preference": "payments_preference",
    "payments_rate_add": "payments_rate_add",
    "payments_settings": "payments_settings",
    "person_create": "person_create",
    "person_edit": "person_edit",
    "safeguarding_lead_remove": "support_settings",
    "selection_act": "selection_run",
    "selection_lottery": "selection_lottery",
    "selection_new": "selection_new",
    "selection_questions": "selection_questions",
    "signpost_create": "signpost_create",
    "signpost_edit": "signpost_edit",
    "signpost_remove": "signpost_edit",
    "support_ask": "support_ask",
    "support_settings": "support_settings",
    "training_create": "training_create",
    "training_record": "training_record",
    "workshop_control": "workshop_console",
    "workshop_copy": "workshop_copy",
    "workshop_create": "workshop_create",
    "workshop_edit": "workshop_edit",
    "workshop_join": "workshop_join",
    "workshop_join_code": "workshop_join_code",
    "workshop_paper_add": "workshop_proxy",
    "workshop_invite": "workshop_invite",
    "workshop_sign_up": "workshop_sign_up",
    "workshop_sign_up_record": "workshop_sign_up_record",
}

# Forms shown only after a first step chosen in the address: each form is read and posted
# at every one of these addresses (adding an activity: one form per kind).
FORM_QUERIES: dict[str, tuple[str, ...]] = {
    "choose_pictures": ("?point=0",),
    "activity_create": tuple(
        f"?kind={kind}" for kind in ("plain", "warm_up", "one_two_four", "storyboard", "dotmocracy")
    ),
}

# Posts whose form no page shows for the records here (a button that appears later, or a
# form filled in by a script): the fields they read, by type.
POSTED: dict[str, dict[str, str]] = {
    "activity_move": {"direction": "choice"},
    "ladder_action_adopt": {"question_key": "hidden", "owner": "choice", "due_on": "date"},
    "ladder_round_add": {"person": "hidden"},
    "ladder_round_open": {},
    "panel_agreement_agree": {},
    "panel_plain_check": {
        "check_field": "hidden",
        "text": "text",
        "easy_read": "choice",
        "gate": "choice",
    },
    "panel_agreement_record": {"record-person": "hidden", "record-how_told": "choice"},
    "panel_application_offer": {"answer": "choice", "how_told": "choice"},
    "panel_application_offer_answer": {"answer": "choice"},
    "panel_member_invite": {},
    "panel_member_slip": {},
    "panel_member_password_slip": {},  # bob logs in by email: staff see no button for him
    # bob can log in, so staff see no form to write for him; hiding shows once he has said
    "panel_member_strengths": {"action": "choice", "how_told": "choice"},
    "payments_claim_approve": {},
    "message_mark_sent": {},
    "payments_run_start": {},
    "payments_run": {"reference": "text", "paid_on": "date"},  # the matrix's run is paid
    "payments_claim_from_attendance": {"attendance": "hidden"},
    "my_access_need_add": {"kind": "choice", "detail": "text", "options": "choice"},
    "panel_equality_delete": {},
    "panel_equality_withdraw": {},
    "panel_application_form": {"why_join": "text", "experience": "text", "address": "text"},
    "answer_start": {"easy_read": "choice"},
    "workshop_act": {"t": "choice", "idea": "number", "text": "text"},
    "workshop_access_arranged": {"need": "hidden", "arranged": "choice"},
    "concern_follow": {"text": "text"},
    "selection_quotas": {"action": "choice"},
    "selection_progress": {},
    "ladder_round_remind": {},
    "activity_take_in_board_ideas": {},
}

# Pages and downloads with no form of their own (their buttons post to a URL above).
NO_FORM = {
    "access_needs_changed",
    # GOV.UK Notify's JSON callback: tests/people/test_notify_callback.py posts hostile bodies
    "notify_callback",
    "picture_file",
    "assurance_report",  # its period form is a GET form: see QUERY
    "assurance_report_csv",
    "ladder_round_slips",
    "accept_invitation",
    "accessibility",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_email_verification_sent",
    "account_inactive",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_set_password",
    "answer_done",
    "answer_saved",
    "audit_log",
    "check_in_list",
    "concern_inbox",
    "dashboard",
    "decisions_initiative",
    "decisions_panel",
    "home",
    "initiative_detail",
    "initiative_list",
    "ladder_export",
    "ladder_guide",
    "ladder_overview",
    "ladder_proxy_start",
    "ladder_results",
    "ladder_round_detail",
    "ladder_shared_summary",
    "ladder_summary",
    "member_list",
    "messages_to_send",
    "letters_to_print",
    "message_letter",
    "my_messages",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_deactivate_totp",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_index",
    "mfa_view_recovery_codes",
    "outcomes_contribution",
    "outcomes_evidence",
    "outcomes_initiative",
    "outcomes_mine",
    "outcomes_panel",
    "outcomes_public",
    "panel_access_needs",
    "panel_access_person",
    "panel_application_attachment",
    "panel_application_detail",
    "panel_application_done",
    "panel_application_saved",
    "panel_applications",
    "panel_applications_export",
    "panel_detail",
    "panel_equality_record",
    "panel_glossary",
    "panel_list",
    "panel_me",
    "panel_induction",
    "panel_meeting_calendar",
    "panel_meeting_detail",
    "panel_meetings",
    "panel_members",
    "panel_member_slip_print",
    "panel_paper_download",
    "panel_public",
    "payments_budgets",
    "payments_claim_detail",
    "payments_export",
    "payments_run_export",
    "payments_finance",
    "payments_my_claims",
    "payments_person",
    "payments_person_statement",
    "payments_queue",
    "payments_rates",
    "payments_receipt",
    "payments_remittance",
    "payments_statement",
    "person_detail",
    "person_list",
    "proposal_detail",
    "selection_chance",
    "selection_explain",
    "selection_home",
    "selection_run",
    "signpost_list",
    "support_mine",
    "training_certificate",
    "training_list",
    "workshop_access_needs",
    "workshop_console",
    "workshop_detail",
    "workshop_gallery",
    "workshop_left",
    "workshop_proxy",
    "workshop_qr",
    "workshop_record",
    "workshop_record_csv",
    "workshop_contributions_csv",
    "workshop_room",
    "workshop_screen",
    "workshop_sign_up_calendar",
}

# URL name: the query parameters its view reads
QUERY: dict[str, tuple[str, ...]] = {
    "assurance_report": ("start", "end"),
    "assurance_report_csv": ("start", "end"),
    "ladder_overview": ("level",),
    "activity_create": ("kind",),
    "audit_log": ("page",),
    "display": ("next",),
    "answer_question": ("easy_read", "change", "version"),
    "answer_check": ("change", "version"),
    "workshop_room": ("version", "saved"),
    "workshop_join": ("invited",),
    "outcomes_initiative": ("version", "page"),
    "outcomes_public": ("version", "page"),
    "outcomes_mine": ("version", "page"),
    "panel_access_person": ("kind",),
    "panel_meeting_detail": ("version",),
    "panel_me": ("version",),
    "my_access_need_add": ("kind",),
    "panel_public": ("version", "print"),
    "panel_applications": ("page", "status"),
    "payments_statement": ("year", "version"),
    "payments_person_statement": ("year", "version"),
    "payments_remittance": ("version",),
    "payments_budgets": ("year",),
    "payments_finance": ("person",),
    "payments_queue": ("status", "page"),
    "person_list": ("q", "page"),
    "selection_new": ("top_up",),
    "check_in": ("moment", "meeting"),
    "concern_follow": ("sent",),
    "outcomes_contribution_add": ("source", "text", "said_on", "activity"),
    "ladder_round_slips": ("everyone",),
    "selection_lottery": ("download",),
    "picture_library": ("q",),
    "choose_pictures": ("point", "q"),
}

LONG = "Ab " * 2_000 + "x" * 60_000
MARKUP = "%00 \"><b>&amp;</b>'<!--"  # shown again, it must read the same (so, escaped)
TEXT = [LONG, "²²²²", "a\ud800b", "a\x00b", "\u202egnp.exe\u200f", "😀" * 300, " ", MARKUP]
NUMBER = ["²", "-1", "9" * 5_000, "1.5", "1e400", "NaN", "9223372036854775808", "٣"]
DATE = ["9999-12-31", "0001-01-01", "2026-02-30", "²²²²-01-01", "9" * 5_000, "-1", "", "x"]
DATETIME = [
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "2026-02-30T10:00",
    "²²²²-01-01T10:00",
    "9" * 5_000,
    "2026-03-29T01:30",  # does not exist in London: the clocks go forward
    "",
    "2026-10-25T01:30",  # happens twice in London
]
CHOICE = ["²", "-1", "9" * 5_000, "a\x00b", "", "9223372036854775808", "1.5", "a\ud800b"]
HOSTILE = {
    "text": TEXT,
    "number": NUMBER,
    "date": DATE,
    "datetime": DATETIME,
    "choice": CHOICE,
    "hidden": CHOICE,
}
KINDS = len(TEXT)
assert all(len(values) == KINDS for values in HOSTILE.values())

SAMPLE = {
    "text": "Plain words",
    "number": "1",
    "date": "2026-05-05",
    "datetime": "2026-05-05T14:00",
    "email": "someone@example.org",
    "url": "https://example.org/",
}


def field_type(tag: str, input_type: str) -> str:
    if tag in ("select",) or input_type in ("radio", "checkbox"):
        return "choice"
    if tag == "textarea" or input_type in ("text", "search", "password", "tel", "", "email"):
        return "text"
    if input_type == "url":
        return "text"
    if input_type == "datetime-local":
        return "datetime"
    return {"number": "number", "date": "date", "hidden": "hidden"}.get(input_type, "text")


class FormReader(HTMLParser):
    """Each post form on a page: where it goes, its fields, their types and present values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "form":
            if a.get("method", "").lower() == "post":
                self.form = {
                    "action": a.get("action", ""),
                    "types": {},
                    "data": {},
                    "shown": {},  # what the page shows in each box, as the browser reads it
                    "flagged": set(),  # boxes marked as wrong
                    "secret": set(),  # password boxes: never shown again, on purpose
                }
                self.forms.append(self.form)
            return
        if self.form is not None and tag == "option" and self.select:
            if "selected" in a or not self.form["data"].get(self.select):
                self.form["data"][self.select] = a.get("value", "")
            return
        if self.form is None or not name or name == "csrfmiddlewaretoken":
            return
        kind = a.get("type", "").lower()
        if tag == "button" or kind == "submit":
            self.form["data"].setdefault(name, a.get("value", ""))  # the first button
            return
        if tag == "input" and kind == "file":
            return
        if tag in ("input", "textarea", "select"):
            self.form["types"][name] = field_type(tag, kind)
            if a.get("aria-invalid") == "true":
                self.form["flagged"].add(name)
            if kind == "password":
                self.form["secret"].add(name)
            if tag == "input" and kind not in ("radio", "checkbox"):
                self.form["shown"].setdefault(name, a.get("value", ""))
        if tag == "input" and (kind not in ("radio", "checkbox") or "checked" in a):
            if a.get("value") or name not in self.form["data"]:
                self.form["data"][name] = a.get("value") or SAMPLE.get(
                    field_type(tag, kind) if kind != "email" else "email", ""
                )
        elif tag == "input":
            self.form["data"].setdefault(name, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.form["data"][name] = ""
        elif tag == "select":
            self.select = name

    def handle_data(self, data: str) -> None:
        if self.form is not None and self.textarea:
            self.form["data"][self.textarea] += data
            self.form["shown"][self.textarea] = self.form["shown"].get(self.textarea, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            if self.form is not None and self.textarea:
                shown = self.form["shown"].setdefault(self.textarea, "")
                self.form["shown"][self.textarea] = shown.removeprefix("\n")  # as a browser does
            if self.form is not None and self.textarea and not self.form["data"][self.textarea]:
                self.form["data"][self.textarea] = SAMPLE["text"]
            self.textarea = None
        elif tag == "select":
            self.select = None


def who_may(name: str) -> str:
    """The member of the cast this URL is for: the first whom the tenancy matrix lets in."""
    for who in ("alice", "dana", "bob", "anon"):
        if EXPECTED[name][who] in (200, 405):
            return who
    return "anon"


def url_of(name: str, records: dict) -> str:
    return reverse(name, kwargs=kwargs_for(name, url_names()[name], records, records["org"]))


def encoded(data: list[tuple[str, str]]) -> bytes:
    """A form body as a browser would send it; half an emoji goes as its own three bytes."""
    return "&".join(
        f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in data
    ).encode()


def form_for(name: str, client: Client, records: dict, query: str = "") -> dict:
    if name in POSTED:
        return {"types": POSTED[name], "data": {}}
    page = FORMS[name]
    response = client.get(url_of(page, records) + query)
    assert response.status_code == 200, f"{page} gave {response.status_code}"
    target = url_of(name, records)
    reader = FormReader()
    reader.feed(response.content.decode())
    for form in reader.forms:
        path = urlsplit(form["action"]).path or url_of(page, records)
        try:
            if resolve(path).url_name == name and path == target:
                return form
        except Resolver404:
            continue
    raise AssertionError(f"No form posting to {name} on {page}: say in POSTED what it reads")


def says_what_is_wrong(body: str) -> bool:
    return any(
        mark in body
        for mark in ('class="error-summary"', 'class="messages"', "error-message", 'role="alert"')
    )


def writes() -> int:
    """How many changes are in the audit log (every write is logged; some reads are too)."""
    return AuditEntry.objects.exclude(action__endswith=".viewed").count()


TYPED = {"text", "number", "date", "datetime"}  # what a person types (not picks, not hidden)


def as_received(value: str) -> str:
    """The text the server reads: half an emoji arrives as bytes no UTF-8 reader accepts, so
    it is read as replacement characters (a browser would send one replacement character)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def check_typed_kept(body: str, sent: list[tuple[str, str]], typed: dict[str, str], what: str):
    """Every box a person typed in shows what they typed (the last of a doubled field), or
    is marked as the box that is wrong."""
    reader = FormReader()
    reader.feed(body)
    last = {k: as_received(v) for k, v in sent}
    for name in typed:
        if name not in last:
            continue
        forms = [form for form in reader.forms if name in form["types"]]
        if not forms or any(name in form["secret"] for form in forms):
            continue  # the page moved on to another step, or a password (never shown)
        if any(form["shown"].get(name) == last[name] for form in forms):
            continue
        assert any(name in form["flagged"] for form in forms), (
            f"{what}: {name} was {last[name]!r:.60} and is shown as "
            f"{forms[0]['shown'].get(name)!r:.60}, with nothing saying it was changed"
        )


def check(
    client: Client,
    url: str,
    data: list[tuple[str, str]],
    what: str,
    *,
    typed: bool = True,
    fields: dict[str, str] | None = None,
) -> None:
    """Post `data`: never a 500; refused, nothing is saved; refused after a person typed
    something (`typed`), the page says what is wrong; refused, the boxes a person types in
    (`fields`, name: type) show what was sent."""
    logged = writes()
    data = [("csrfmiddlewaretoken", "sent-by-every-browser"), *data]  # the checks are off here
    response = client.post(url, encoded(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code == 200 and 'class="error-summary"' in response.content.decode():
        assert writes() == logged, f"{what}: refused, but saved"
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        if typed and "<form" in body and writes() == logged:
            assert says_what_is_wrong(body), f"{what}: refused without a message"
        if fields and "<form" in body and writes() == logged:
            kept = {k: t for k, t in fields.items() if t in TYPED}
            check_typed_kept(body, data, kept, what)


# Where a form has text: wrong JSON types, for every field at once; then whole bodies that
# are not an object, or do not parse.
JSON_VALUES: list[object] = [["Plain words"], {"text": "Plain words"}, 1, 1.5, None, True]
JSON_BODIES = ["[]", "null", "1", '"Plain words"', '{"text": ', "{'text': 1}", " ", "\ud800"]
JSON_REFUSED = "We could not read what was sent. Please use the form on the page."


def check_json(client: Client, url: str, fields: list[str], what: str) -> None:
    """Post JSON, plain and as htmx: 400 with one plain sentence, and nothing saved."""
    bodies = [json.dumps(dict.fromkeys(fields or ["text"], value)) for value in JSON_VALUES]
    for body in [*bodies, *JSON_BODIES]:
        for headers in ({}, {"HX-Request": "true"}):
            logged = writes()
            sent = body.encode("utf-8", "surrogatepass")
            response = client.post(url, sent, content_type="application/json", headers=headers)
            said = f"{what}, JSON {body!r:.80} {headers}: {response.status_code}"
            assert response.status_code == 400, said
            assert response["Content-Type"].startswith("text/plain"), said
            assert response.content.decode() == JSON_REFUSED, said
            assert writes() == logged, f"{said}: saved"


def test_matrix_covers_every_url():
    placed = [*FORMS, *POSTED, *NO_FORM]
    assert len(placed) == len(set(placed)), "a URL is in two tables"
    missing = sorted(set(url_names()) - set(placed))
    assert missing == [], f"Say in FORMS, POSTED or NO_FORM what these URLs take: {missing}"
    assert sorted(set(placed) - set(url_names())) == []


def test_every_query_parameter_is_covered():
    read = set()
    for path in (Path(__file__).resolve().parents[2] / "coproduce").rglob("*.py"):
        read |= set(re.findall(r"request\.GET(?:\.get\(|\[)\"(\w+)\"", path.read_text()))
        read |= set(re.findall(r"\"(\w+)\" in request\.GET", path.read_text()))
    covered = {param for params in QUERY.values() for param in params}
    assert sorted(read - covered) == [], "Say in QUERY which URL reads these parameters"


@pytest.mark.parametrize("name", sorted([*FORMS, *POSTED]))
def test_hostile_form_posts(name, cast, riverside):
    client = Client(raise_request_exception=False)
    who = who_may(name)
    if who != "anon":
        client.force_login(cast[who])
    for query in FORM_QUERIES.get(name, ("",)):
        post_hostile_values(client, name, riverside, query)


def post_hostile_values(client: Client, name: str, riverside: dict, query: str) -> None:
    form = form_for(name, client, riverside, query)
    url = url_of(name, riverside) + query
    types, good = form["types"], form["data"]
    fixed = [(k, v) for k, v in good.items() if k not in types]  # buttons
    # A posted URL's fields are named here without good values, so only the page forms are
    # held to "says what is wrong" (a wrong hidden choice may fairly show the form again).
    typed = bool(TYPED & set(types.values())) and name not in POSTED
    shown = None if name in POSTED else types  # a page form shows what was typed again
    for kind in range(KINDS):
        for people_type in (True, False):  # what a person types; then what they pick, or hidden
            data = [
                (k, HOSTILE.get(t, TEXT)[kind] if (t in TYPED) == people_type else good.get(k, ""))
                for k, t in types.items()
            ]
            what = f"{name}, every {'typed' if people_type else 'other'} field: {data[:3]!r:.200}"
            check(client, url, fixed + data, what, typed=typed and people_type, fields=shown)
    check(client, url, [], f"{name}, nothing", typed=False)
    check_json(client, url, list(types), name)
    twice = fixed + [  # what a person types, sent twice (a picked value stays as it is)
        (k, v)
        for k, t in types.items()
        for v in ((good.get(k, ""), "²") if t in TYPED else (good.get(k, ""),))
    ]
    check(client, url, twice, f"{name}, every field twice", typed=typed, fields=shown)
    for field, kind in types.items():
        data = {**good, field: "²" if kind != "text" else LONG}
        what = f"{name}, {field} alone"
        check(client, url, list(data.items()), what, typed=typed and kind in TYPED, fields=shown)


@pytest.mark.parametrize("name", sorted(QUERY))
def test_hostile_query_parameters(name, cast, riverside):
    client = Client(raise_request_exception=False)
    who = who_may(name)
    if who != "anon":
        client.force_login(cast[who])
    url = url_of(name, riverside)
    for param in QUERY[name]:
        for value in [*NUMBER, *TEXT[:2], "a\x00b", "//evil.example.org", ""]:
            query = encoded([(param, value)]).decode()
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{name}?{param}={value!r:.80}"
