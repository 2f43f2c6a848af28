"""Meeting pages: the list, scheduling, the date poll, agenda, papers, notes, invitations,
attendance, the calendar file and the facilitator's view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error, editable_copy
from coproduce.core.models import Role
from coproduce.core.plain_check import record_easy_read_checks
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import queries, rules
from coproduce.panels.domain import access
from coproduce.panels.domain import meetings as domain
from coproduce.panels.domain import messages as messaging
from coproduce.panels.forms.meetings import (
    AdjustmentChecksForm,
    AgendaItemForm,
    AttendanceForm,
    CancelMeetingForm,
    ChooseDateForm,
    DateOptionForm,
    MeetingForm,
    NotesForm,
    PaperForm,
    PollForm,
    RecordPollForm,
)
from coproduce.panels.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingMessage,
    MeetingNotes,
    Paper,
)
from coproduce.panels.views.common import (
    check_url,
    get_panel,
    glossary_for,
    meeting_for,
    person_for,
    wants_easy_read,
)


def _to_meeting(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return redirect(
        "panel_meeting_detail", org=request.organisation.slug, pk=pk, meeting_pk=meeting_pk
    )


@org_view()
def panel_meetings(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    upcoming, past = queries.meetings_for_panel(panel)
    return render(
        request,
        "panels/meetings/list.html",
        {
            "panel": panel,
            "upcoming": upcoming,
            "past": past,
            "can_manage": rules.can_manage_panels(request.membership),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_create(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    form = MeetingForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        meeting = domain.create_meeting(
            panel, actor=request.user, date_options=form.poll_dates(), **form.domain_fields()
        )
        messages.success(request, _("The meeting is set up. Add the agenda next."))
        return _to_meeting(request, pk, meeting.pk)
    return render(request, "panels/meetings/form.html", {"panel": panel, "form": form})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_edit(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    form = MeetingForm(
        request.POST or None, instance=editable_copy(meeting), organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        changed = domain.update_meeting(meeting, actor=request.user, **form.domain_fields())
        if meeting.invitations_sent_at and set(changed) & domain.CALENDAR_FIELDS:
            messages.info(
                request,
                _("You changed the time or place. Send the invitations again to tell everyone."),
            )
        return _to_meeting(request, pk, meeting_pk)
    return render(
        request, "panels/meetings/form.html", {"panel": panel, "form": form, "meeting": meeting}
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_cancel(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting is already cancelled."))
        return _to_meeting(request, pk, meeting_pk)
    if not domain.can_cancel(meeting):
        messages.error(request, _("This meeting has already happened, so you cannot cancel it."))
        return _to_meeting(request, pk, meeting_pk)
    form = CancelMeetingForm(request.POST or None)
    form.setup_plain_check(check_url=check_url(request), glossary=glossary_for(request))
    if request.method == "POST" and form.is_valid():
        if messaging.cancel_meeting(
            meeting, actor=request.user, reason=form.cleaned_data["reason"]
        ):
            messages.success(request, _("The meeting is cancelled. We are telling everyone."))
        else:
            messages.info(request, _("This meeting is already cancelled."))
        return _to_meeting(request, pk, meeting_pk)
    return render(
        request, "panels/meetings/cancel.html", {"panel": panel, "meeting": meeting, "form": form}
    )


def _meeting_words(meeting: Meeting, *, easy_read: bool) -> dict[str, str]:
    """The meeting's name and place in the reader's version (standard where staff wrote no
    easy read)."""
    if not easy_read:
        return {"title": meeting.title, "venue": meeting.venue}
    return {
        "title": meeting.title_easy_read or meeting.title,
        "venue": meeting.venue_easy_read or meeting.venue,
    }


@org_view()
def panel_meeting_detail(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    meeting = meeting_for(panel, meeting_pk)
    can_manage = rules.can_manage_panels(request.membership)
    person = person_for(request)
    easy_read = wants_easy_read(request, person)
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    if notes and notes.published_at is None and not can_manage:
        notes = None
    items = list(meeting.agenda_items.select_related("owner"))
    papers = list(meeting.papers.all())
    for item in items:
        item.paper_list = [p for p in papers if p.agenda_item_id == item.pk]  # type: ignore[attr-defined]  # for the template
    context: dict[str, Any] = {
        "panel": panel,
        "meeting": meeting,
        "items": items,
        "other_papers": [p for p in papers if p.agenda_item_id is None],
        "notes": notes,
        "easy_read": easy_read,
        "shown": _meeting_words(meeting, easy_read=easy_read),
        "glossary": glossary_for(request, easy_read=easy_read),
        "can_manage": can_manage,
        "papers_late": domain.papers_are_late(meeting),
        "has_poll": meeting.date_options.exists(),
    }
    if can_manage:
        people = domain.expected_people(meeting)
        flagged = access.people_with_adjustments(panel)
        sent = queries.messages_for_meeting(meeting)
        context.update(
            {
                "invitees": [
                    (person, person.pk in flagged, sent.get(person.pk)) for person, _c in people
                ],
                "staff_tasks": queries.open_message_tasks(meeting),
                "runs_it": rules.runs_meeting(request.membership, meeting),
                "can_cancel": domain.can_cancel(meeting),
            }
        )
    return render(request, "panels/meetings/detail.html", context)


@org_view()
@require_http_methods(["GET", "POST"])
def panel_meeting_poll(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    meeting = meeting_for(panel, meeting_pk)
    can_manage = rules.can_manage_panels(request.membership)
    person = person_for(request)
    action = request.POST.get("action", "answer")
    if request.method == "POST" and action in ("add", "choose", "record") and not can_manage:
        raise PermissionDenied
    if request.method == "POST" and meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so the dates are closed."))
        return _to_meeting(request, pk, meeting_pk)
    rows = domain.poll_results(meeting, person)
    poll_form = PollForm(request.POST if action == "answer" else None, rows=rows, prefix="poll")
    add_form = DateOptionForm(request.POST if action == "add" else None, prefix="add")
    record_form = RecordPollForm(
        request.POST if action == "record" else None,
        rows=rows,
        people=queries.current_member_people(panel),
        prefix="record",
    )
    if request.method == "POST":
        if action == "record" and record_form.is_valid():
            try:
                domain.answer_date_poll(
                    meeting,
                    record_form.cleaned_data["person"],
                    record_form.answers(),
                    actor=request.user,
                    how_told=record_form.cleaned_data["how_told"],
                )
            except ValidationError as error:
                add_domain_error(record_form, error, field="person")
            else:
                messages.success(
                    request,
                    _("Saved. The answers of %(name)s are in the poll.")
                    % {"name": record_form.cleaned_data["person"].display_name},
                )
                return redirect(request.path)
        if action == "answer" and person is not None and poll_form.is_valid():
            domain.answer_date_poll(meeting, person, poll_form.answers())
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect(request.path)
        if action == "add" and add_form.is_valid():
            domain.add_date_options(meeting, [add_form.cleaned_data["starts_at"]])
            messages.success(request, _("The date is added."))
            return redirect(request.path)
        if action == "choose":
            choose = ChooseDateForm(request.POST)
            if choose.is_valid():
                option = get_object_or_404(
                    meeting.date_options.all(), pk=choose.cleaned_data["option"]
                )
                domain.choose_meeting_date(meeting, option, actor=request.user)
                messages.success(request, _("The meeting date is set."))
                return _to_meeting(request, pk, meeting_pk)
    return render(
        request,
        "panels/meetings/poll.html",
        {
            "panel": panel,
            "meeting": meeting,
            "rows": rows,
            "poll_form": poll_form,
            "add_form": add_form,
            # The form that was sent, if any: its errors put "Error:" in the page title.
            "form": {"answer": poll_form, "add": add_form, "record": record_form}.get(action)
            if request.method == "POST"
            else None,
            "record_form": record_form,
            "recorded": domain.recorded_poll_answers(meeting) if can_manage else [],
            "can_manage": can_manage,
            "person": person,
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_agenda_item_create(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _agenda_item_form(request, pk, meeting_pk, None)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_agenda_item_edit(
    request: OrgRequest, pk: int, meeting_pk: int, item_pk: int
) -> HttpResponse:
    return _agenda_item_form(request, pk, meeting_pk, item_pk)


def _agenda_item_form(
    request: OrgRequest, pk: int, meeting_pk: int, item_pk: int | None
) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk) if item_pk else None
    form = AgendaItemForm(
        request.POST or None,
        instance=editable_copy(item) if item else None,
        organisation=request.organisation,
    )
    form.setup_plain_check(check_url=check_url(request), glossary=glossary_for(request))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if item is None:
            domain.add_agenda_item(meeting, actor=request.user, **fields)
        else:
            domain.update_agenda_item(item, actor=request.user, **fields)
        record_easy_read_checks(form, item or meeting, actor=request.user)
        messages.success(request, _("The agenda is saved."))
        return _to_meeting(request, pk, meeting_pk)
    return render(
        request,
        "panels/meetings/agenda_form.html",
        {"panel": panel, "meeting": meeting, "item": item, "form": form},
    )


@org_view(Role.STAFF)
@require_POST
def panel_agenda_item_move(
    request: OrgRequest, pk: int, meeting_pk: int, item_pk: int
) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    domain.move_agenda_item(
        item,
        direction="up" if request.POST.get("direction") == "up" else "down",
        actor=request.user,
    )
    return _to_meeting(request, pk, meeting_pk)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_paper_add(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    form = PaperForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        paper = domain.add_paper(meeting, actor=request.user, **form.cleaned_data)
        if paper.late:
            messages.warning(
                request,
                _(
                    "The paper is added, but it is late: papers were due %(days)s days before "
                    "the meeting. Tell members, and give them time to read it."
                )
                % {"days": meeting.papers_due_days},
            )
        else:
            messages.success(request, _("The paper is added."))
        return _to_meeting(request, pk, meeting_pk)
    return render(
        request,
        "panels/meetings/paper_form.html",
        {
            "panel": panel,
            "meeting": meeting,
            "form": form,
            "late": domain.papers_are_late(meeting),
        },
    )


@org_view()
def panel_paper_download(
    request: OrgRequest, pk: int, meeting_pk: int, paper_pk: int, version: str
) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    meeting = meeting_for(panel, meeting_pk)
    paper = get_object_or_404(Paper, meeting=meeting, pk=paper_pk)
    if version == "easy-read" and paper.easy_read:
        file, name = paper.easy_read, paper.easy_read_name
    elif version == "standard":
        file, name = paper.standard, paper.standard_name
    else:
        raise Http404
    with file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=name or "paper"
    )
    return response


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_notes(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    form = NotesForm(
        request.POST or None,
        instance=notes,
        initial={"publish": bool(notes and notes.published_at)},
    )
    form.setup_plain_check(check_url=check_url(request), glossary=glossary_for(request))
    if request.method == "POST" and form.is_valid():
        domain.save_meeting_notes(meeting, actor=request.user, **form.cleaned_data)
        record_easy_read_checks(form, meeting, actor=request.user)
        messages.success(request, _("The notes are saved."))
        return _to_meeting(request, pk, meeting_pk)
    return render(
        request,
        "panels/meetings/notes_form.html",
        {"panel": panel, "meeting": meeting, "form": form},
    )


@org_view(Role.STAFF)
@require_POST
def panel_meeting_invite(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so there is nothing to send."))
    elif meeting.starts_at is None:
        messages.error(request, _("Choose the date before you send invitations."))
    else:
        made = messaging.send_meeting_invitations(meeting, actor=request.user)
        if made:
            messages.success(
                request,
                _("Invitations are on their way to %(n)s people.") % {"n": len(made)},
            )
        else:
            messages.info(request, _("Everyone already has this invitation."))
    return _to_meeting(request, pk, meeting_pk)


@org_view(Role.STAFF)
@require_POST
def panel_meeting_message_done(
    request: OrgRequest, pk: int, meeting_pk: int, message_pk: int
) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    message = get_object_or_404(MeetingMessage, meeting=meeting, pk=message_pk)
    messaging.complete_message_task(message, actor=request.user)
    messages.success(request, _("Marked as done."))
    return _to_meeting(request, pk, meeting_pk)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_attendance(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so no one came to it."))
        return _to_meeting(request, pk, meeting_pk)
    people = domain.expected_people(meeting)
    current = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    form = AttendanceForm(request.POST or None, people=people, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            domain.record_attendance(meeting, form.results(), actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Attendance is saved."))
            return redirect(request.path)
    flagged = access.people_with_adjustments(panel)
    return render(
        request,
        "panels/meetings/attendance.html",
        {
            "panel": panel,
            "meeting": meeting,
            "form": form,
            "rows": [(p, s, c, p.pk in flagged) for p, s, c in form.rows],
            "balance": domain.room_balance(meeting),
            "checks": access.adjustments_met_summary(meeting),
        },
    )


@org_view()
def panel_meeting_calendar(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    meeting = meeting_for(panel, meeting_pk)
    if meeting.starts_at is None:
        raise Http404
    response = HttpResponse(messaging.calendar_file(meeting), content_type="text/calendar")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="meeting.ics"
    )
    return response


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_meeting_run(request: OrgRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The facilitator's view: the agenda, who is coming, and what each person needs.

    Detail only for the named contact and deputy (all needs) and staff who run this meeting
    (needs members agreed to share); everyone else sees "has an adjustment". Each look at
    detail is logged.
    """
    panel = get_panel(request, pk)
    meeting = meeting_for(panel, meeting_pk)
    people = domain.expected_people(meeting)
    may_read = rules.can_read_meeting_access_needs(request.membership, meeting)
    needs = None
    flagged = access.people_with_adjustments(panel)
    form = None
    if may_read:
        needs = access.read_meeting_access_needs(
            meeting,
            [person.pk for person, _c in people],
            actor=request.user,
            everything=rules.can_read_access_needs(request.membership, panel),
        )
        adjustments = [
            adjustment
            for person_needs in needs.by_person.values()
            for need in person_needs
            for adjustment in need.current_adjustments  # type: ignore[attr-defined]  # set by the query's Prefetch
        ]
        form = AdjustmentChecksForm(
            request.POST or None,
            adjustments=adjustments,
            current=access.adjustment_checks(meeting),
        )
        for adjustment in adjustments:
            adjustment.result_field = form[f"result_{adjustment.pk}"]
            adjustment.note_field = form[f"note_{adjustment.pk}"]
        if request.method == "POST" and form.is_valid():
            access.record_adjustment_checks(meeting, form.results(), actor=request.user)
            messages.success(request, _("Saved."))
            return redirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied
    response = render(
        request,
        "panels/meetings/run.html",
        {
            "panel": panel,
            "meeting": meeting,
            "items": list(meeting.agenda_items.select_related("owner")),
            "people": [
                (
                    person,
                    capacity,
                    needs.by_person.get(person.pk, []) if needs else [],
                    person.pk in flagged,
                )
                for person, capacity in people
            ],
            "may_read": may_read,
            "form": form,
            "now": timezone.now(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
