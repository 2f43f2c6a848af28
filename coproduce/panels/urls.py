"""Panel URLs: `org_urlpatterns` under /o/<org>/, `public_urlpatterns` at the top level."""

from django.urls import path

from coproduce.panels.views import (
    access,
    agreement,
    equality,
    glossary,
    login_slips,
    meetings,
    member,
    public,
    strengths,
)
from coproduce.panels.views import recruitment as views

panel = "panels/<int:pk>/"
application = f"{panel}applications/<int:application_pk>/"
apply = "apply/<str:application_token>/"
meeting = f"{panel}meetings/<int:meeting_pk>/"

org_urlpatterns = [
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/new/", views.panel_create, name="panel_create"),
    path(panel, views.panel_detail, name="panel_detail"),
    path(f"{panel}edit/", views.panel_edit, name="panel_edit"),
    path(f"{panel}role/", views.panel_role, name="panel_role"),
    path(f"{panel}role/regenerate/", views.panel_role_regenerate, name="panel_role_regenerate"),
    path(f"{panel}publish/", views.panel_publish, name="panel_publish"),
    path(f"{panel}targets/", views.panel_targets, name="panel_targets"),
    path(f"{panel}applications/", views.panel_applications, name="panel_applications"),
    path(
        f"{panel}applications/bulk/",
        views.panel_applications_bulk,
        name="panel_applications_bulk",
    ),
    path(
        f"{panel}applications.csv",
        views.panel_applications_export,
        name="panel_applications_export",
    ),
    path(
        f"{panel}applications/new/",
        views.panel_application_enter,
        name="panel_application_enter",
    ),
    path(application, views.panel_application_detail, name="panel_application_detail"),
    path(f"{application}status/", views.panel_application_status, name="panel_application_status"),
    path(f"{application}offer/", views.panel_application_offer, name="panel_application_offer"),
    path(
        f"{application}attachment/",
        views.panel_application_attachment,
        name="panel_application_attachment",
    ),
    path(f"{application}equality/", views.panel_equality_record, name="panel_equality_record"),
    path(
        f"{application}equality/enter/",
        equality.panel_equality_enter,
        name="panel_equality_enter",
    ),
    path(
        f"{application}equality/delete/",
        equality.panel_equality_delete,
        name="panel_equality_delete",
    ),
    path(f"{panel}tasks/<int:task_pk>/done/", views.panel_task_done, name="panel_task_done"),
    path(f"{panel}members/", views.panel_members, name="panel_members"),
    path(f"{panel}members/add/", views.panel_member_add, name="panel_member_add"),
    path(
        f"{panel}members/<int:member_pk>/invite/",
        views.panel_member_invite,
        name="panel_member_invite",
    ),
    path(f"{panel}members/<int:member_pk>/end/", views.panel_member_end, name="panel_member_end"),
    path(
        f"{panel}members/<int:member_pk>/slip/",
        login_slips.panel_member_slip,
        name="panel_member_slip",
    ),
    path(
        f"{panel}members/<int:member_pk>/new-password-slip/",
        login_slips.panel_member_password_slip,
        name="panel_member_password_slip",
    ),
    path(
        f"{panel}members/<int:member_pk>/slip/<int:invitation_pk>/",
        login_slips.panel_member_slip_print,
        name="panel_member_slip_print",
    ),
    # Strengths and relationships: what members bring, and each new member's induction
    path(f"{panel}me/strengths/", strengths.panel_me_strengths, name="panel_me_strengths"),
    path(
        f"{panel}members/<int:member_pk>/strengths/",
        strengths.panel_member_strengths,
        name="panel_member_strengths",
    ),
    path(f"{panel}induction/", strengths.panel_induction, name="panel_induction"),
    path(
        f"{panel}induction/<int:member_pk>/tick/",
        strengths.panel_induction_tick,
        name="panel_induction_tick",
    ),
    # Part 2: the member's page, meetings, access needs, the group agreement, the glossary
    path(f"{panel}me/", member.panel_me, name="panel_me"),
    path(f"{panel}meetings/", meetings.panel_meetings, name="panel_meetings"),
    path(f"{panel}meetings/new/", meetings.panel_meeting_create, name="panel_meeting_create"),
    path(meeting, meetings.panel_meeting_detail, name="panel_meeting_detail"),
    path(f"{meeting}edit/", meetings.panel_meeting_edit, name="panel_meeting_edit"),
    path(f"{meeting}cancel/", meetings.panel_meeting_cancel, name="panel_meeting_cancel"),
    path(f"{meeting}dates/", meetings.panel_meeting_poll, name="panel_meeting_poll"),
    path(
        f"{meeting}agenda/new/", meetings.panel_agenda_item_create, name="panel_agenda_item_create"
    ),
    path(
        f"{meeting}agenda/<int:item_pk>/",
        meetings.panel_agenda_item_edit,
        name="panel_agenda_item_edit",
    ),
    path(
        f"{meeting}agenda/<int:item_pk>/move/",
        meetings.panel_agenda_item_move,
        name="panel_agenda_item_move",
    ),
    path(f"{meeting}papers/new/", meetings.panel_paper_add, name="panel_paper_add"),
    path(
        f"{meeting}papers/<int:paper_pk>/<slug:version>/",
        meetings.panel_paper_download,
        name="panel_paper_download",
    ),
    path(f"{meeting}notes/", meetings.panel_meeting_notes, name="panel_meeting_notes"),
    path(f"{meeting}invite/", meetings.panel_meeting_invite, name="panel_meeting_invite"),
    path(
        f"{meeting}messages/<int:message_pk>/done/",
        meetings.panel_meeting_message_done,
        name="panel_meeting_message_done",
    ),
    path(
        f"{meeting}attendance/", meetings.panel_meeting_attendance, name="panel_meeting_attendance"
    ),
    path(f"{meeting}meeting.ics", meetings.panel_meeting_calendar, name="panel_meeting_calendar"),
    path(f"{meeting}run/", meetings.panel_meeting_run, name="panel_meeting_run"),
    path(f"{panel}access/", access.panel_access_needs, name="panel_access_needs"),
    path(
        f"{panel}access/people/<int:person_pk>/",
        access.panel_access_person,
        name="panel_access_person",
    ),
    path(
        f"{panel}access/needs/<int:need_pk>/",
        access.panel_access_need_edit,
        name="panel_access_need_edit",
    ),
    path(
        f"{panel}access/needs/<int:need_pk>/adjustments/new/",
        access.panel_adjustment_add,
        name="panel_adjustment_add",
    ),
    path(
        f"{panel}access/adjustments/<int:adjustment_pk>/review/",
        access.panel_adjustment_review,
        name="panel_adjustment_review",
    ),
    path(f"{panel}agreement/", agreement.panel_agreement, name="panel_agreement"),
    path(f"{panel}agreement/agree/", agreement.panel_agreement_agree, name="panel_agreement_agree"),
    path(
        f"{panel}agreement/record/",
        agreement.panel_agreement_record,
        name="panel_agreement_record",
    ),
    path(
        f"{panel}agreement/publish/",
        agreement.panel_agreement_publish,
        name="panel_agreement_publish",
    ),
    path(
        f"{panel}agreement/points/<int:point_pk>/comment/",
        agreement.panel_agreement_comment,
        name="panel_agreement_comment",
    ),
    path(
        f"{panel}agreement/points/<int:point_pk>/state/",
        agreement.panel_agreement_point_state,
        name="panel_agreement_point_state",
    ),
    path("panels/glossary/", glossary.panel_glossary, name="panel_glossary"),
    path("panels/glossary/new/", glossary.panel_glossary_add, name="panel_glossary_add"),
    path(
        "panels/glossary/<int:term_pk>/", glossary.panel_glossary_edit, name="panel_glossary_edit"
    ),
    path(
        "panels/glossary/starter/", glossary.panel_glossary_starter, name="panel_glossary_starter"
    ),
    path("panels/plain-check/", glossary.panel_plain_check, name="panel_plain_check"),
]

public_urlpatterns = [
    path("access-needs/", access.access_needs_changed, name="access_needs_changed"),
    path(apply, public.panel_application_form, name="panel_application_form"),
    path(f"{apply}saved/", public.panel_application_saved, name="panel_application_saved"),
    path(f"{apply}equality/", public.panel_equality, name="panel_equality"),
    path(f"{apply}done/", public.panel_application_done, name="panel_application_done"),
    path(
        f"{apply}offer/",
        public.panel_application_offer_answer,
        name="panel_application_offer_answer",
    ),
    path(
        f"{apply}equality/delete/",
        public.panel_equality_withdraw,
        name="panel_equality_withdraw",
    ),
    path("panels/<slug:org>/<slug:slug>/", public.panel_public, name="panel_public"),
    path("panels/<slug:org>/<slug:slug>/apply/", public.panel_apply, name="panel_apply"),
]
