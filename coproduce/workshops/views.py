from __future__ import annotations

import io
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.initiatives.models import Initiative
from coproduce.workshops import actions, domain, groups, methods
from coproduce.workshops.domain import Refused
from coproduce.workshops.exports import write_record_csv
from coproduce.workshops.forms import (
    ActivityForm,
    ControlForm,
    IdeaForm,
    JoinCodeForm,
    JoinForm,
    PaperParticipantForm,
    ProxyForm,
    RoomMessageForm,
    SwapForm,
    WorkshopForm,
    proxy_label,
)
from coproduce.workshops.models import (
    Activity,
    Idea,
    Participant,
    StoryStep,
    WarmUpAnswer,
    Workshop,
    normalise_code,
)
from coproduce.workshops.queries import (
    agenda_for,
    balance_for,
    board_view,
    boards_for,
    one_two_four_view,
    open_workshop_for_code,
    participant_state,
    record_for,
    results_for,
    room_snapshot,
)
from coproduce.workshops.rules import cookie_name, participant_for_token
from coproduce.workshops.warmups import warm_up_for

# Wrong join codes allowed from one address in 15 minutes before we ask people to wait.
WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = 15 * 60
COOKIE_DAYS = 2


def _wrong_code_key(request: HttpRequest) -> str:
    return f"workshops:wrong-code:{request.META.get('REMOTE_ADDR', '')}"


def _too_many_wrong_codes(request: HttpRequest) -> bool:
    return int(cache.get(_wrong_code_key(request), 0)) >= WRONG_CODE_LIMIT


def _note_wrong_code(request: HttpRequest) -> None:
    key = _wrong_code_key(request)
    if not cache.add(key, 1, WRONG_CODE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, WRONG_CODE_WINDOW)


def _initiative(request: OrgRequest, pk: int) -> Initiative:
    return get_for_org_or_404(Initiative, request.organisation, pk=pk)


def _workshop(request: OrgRequest, pk: int, workshop_pk: int) -> Workshop:
    return get_for_org_or_404(
        Workshop.objects.select_related("initiative", "current_activity"),
        request.organisation,
        pk=workshop_pk,
        initiative_id=pk,
    )


def _activity(request: OrgRequest, workshop: Workshop, activity_pk: int) -> Activity:
    return get_for_org_or_404(Activity, request.organisation, pk=activity_pk, workshop=workshop)


def _back_to_plan(workshop: Workshop) -> HttpResponse:
    return redirect(
        "workshop_detail",
        org=workshop.organisation.slug,
        pk=workshop.initiative_id,
        workshop_pk=workshop.pk,
    )


def _join_url(workshop: Workshop) -> str:
    return f"{settings.SITE_URL}{reverse('workshop_join', kwargs={'code': workshop.join_code})}"


# Planning (staff)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_create(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = _initiative(request, pk)
    form = WorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        workshop = domain.create_workshop(initiative, actor=request.user, **form.cleaned_data)
        return _back_to_plan(workshop)
    return render(request, "workshops/workshop_form.html", {"form": form, "initiative": initiative})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_edit(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = WorkshopForm(request.POST if request.method == "POST" else None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        domain.update_workshop(
            Workshop.objects.get(pk=workshop.pk), actor=request.user, **form.cleaned_data
        )
        return _back_to_plan(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {"form": form, "initiative": workshop.initiative, "workshop": workshop},
    )


@org_view(Role.STAFF)
def workshop_detail(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "agenda": agenda_for(workshop),
            "balance": balance_for(workshop),
            "join_url": _join_url(workshop),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def activity_create(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        activity = domain.add_activity(workshop, actor=request.user, **form.cleaned_data)
        if activity.is_voting:
            return redirect(_activity_url(activity))
        return _back_to_plan(workshop)
    return render(request, "workshops/activity_form.html", {"form": form, "workshop": workshop})


def _activity_url(activity: Activity) -> str:
    workshop = activity.workshop
    return reverse(
        "activity_edit",
        kwargs={
            "org": workshop.organisation.slug,
            "pk": workshop.initiative_id,
            "workshop_pk": workshop.pk,
            "activity_pk": activity.pk,
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def activity_edit(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        domain.update_activity(
            Activity.objects.get(pk=activity.pk), actor=request.user, **form.cleaned_data
        )
        return _back_to_plan(workshop)
    ideas = list(Idea.objects.filter(activity=activity))
    return render(
        request,
        "workshops/activity_form.html",
        {
            "form": form,
            "workshop": workshop,
            "activity": activity,
            "ideas": ideas,
            "idea_form": IdeaForm(),
            "suggested": activity.budget(len(ideas)),
        },
    )


@org_view(Role.STAFF)
@require_POST
def activity_move(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    domain.move_activity(activity, up=request.POST.get("direction") == "up", actor=request.user)
    return _back_to_plan(workshop)


@org_view(Role.STAFF)
@require_POST
def activity_remove(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    try:
        domain.remove_activity(activity, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    return _back_to_plan(workshop)


@org_view(Role.STAFF)
@require_POST
def idea_create(request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            domain.add_idea(activity, text=form.cleaned_data["text"], entered_by=request.user)
        except Refused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("Idea added."))
    else:
        messages.error(request, _("Write the idea first."))
    return redirect(_activity_url(activity))


# Running it (staff)


def _console_context(workshop: Workshop) -> dict[str, Any]:
    current = workshop.current_activity
    group_phase = groups.current_phase_for_groups(current) if current else None
    return {
        "warm_up": warm_up_for(current.warm_up) if current else None,
        "answers": list(WarmUpAnswer.objects.filter(activity=current))
        if current and current.kind == Activity.Kind.WARM_UP
        else [],
        "groups": _labelled_groups(current, group_phase) if current and group_phase else [],
        "swap_form": SwapForm(workshop=workshop) if group_phase else None,
        "best_ideas": list(Idea.objects.filter(activity=current, group__isnull=False))
        if current and current.kind == Activity.Kind.ONE_TWO_FOUR
        else [],
        "workshop": workshop,
        "initiative": workshop.initiative,
        "agenda": agenda_for(workshop),
        "current": current,
        "snapshot": room_snapshot(workshop.pk),
        "results": results_for(current) if current and current.is_voting else [],
        "balance": balance_for(workshop),
        "join_url": _join_url(workshop),
    }


def _labelled_groups(activity: Activity, phase: str) -> list[tuple[Any, list[str]]]:
    """Groups with their people as the proxy list names them (anonymous people by number)."""
    people = {p.pk: p for p in Participant.objects.filter(workshop_id=activity.workshop_id)}
    return [
        (group, [proxy_label(people[pk]) for pk in members if pk in people])
        for group, members in groups.groups_of(activity, phase)
    ]


@never_cache
@org_view(Role.STAFF)
def workshop_console(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(request, "workshops/console.html", _console_context(workshop))


@org_view(Role.STAFF)
@require_POST
def workshop_control(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = ControlForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That button did not work. Please try again."))
    else:
        action, actor = form.cleaned_data["action"], request.user
        try:
            if action == "start":
                activity = _activity(request, workshop, form.cleaned_data["activity"] or 0)
                domain.start_activity(activity, actor=actor)
            elif action == "pause":
                domain.pause_activity(workshop, actor=actor)
            elif action == "resume":
                domain.resume_activity(workshop, actor=actor)
            elif action == "extend":
                domain.extend_activity(
                    workshop, minutes=form.cleaned_data["minutes"] or 1, actor=actor
                )
            elif action == "next":
                domain.skip_activity(workshop, actor=actor)
            elif action == "back":
                domain.go_back(workshop, actor=actor)
            elif action == "finish":
                domain.close_voting(workshop, actor=actor)
            elif action == "end":
                domain.end_workshop(workshop, actor=actor)
            elif action == "phase":
                methods.next_phase(workshop, actor=actor)
            elif action in ("hide", "show"):
                answer = get_for_org_or_404(
                    WarmUpAnswer,
                    request.organisation,
                    pk=form.cleaned_data["answer"] or 0,
                    activity__workshop=workshop,
                )
                methods.hide_warm_up_answer(answer, hidden=action == "hide", actor=actor)
            elif action == "swap":
                _swap(request, workshop)
        except Refused as refused:
            messages.error(request, refused.messages[0])
    return redirect(
        "workshop_console", org=request.organisation.slug, pk=pk, workshop_pk=workshop_pk
    )


def _swap(request: OrgRequest, workshop: Workshop) -> None:
    swap = SwapForm(request.POST, workshop=workshop)
    if not swap.is_valid() or workshop.current_activity is None:
        messages.error(request, _("Choose two different people to swap."))
        return
    methods.swap_people(
        workshop.current_activity,
        first=swap.cleaned_data["first"],
        second=swap.cleaned_data["second"],
        actor=request.user,
    )
    messages.success(request, _("Swapped."))


@never_cache
@org_view(Role.STAFF)
def workshop_screen(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    context = _console_context(workshop)
    current = workshop.current_activity
    context["results"] = results_for(current) if current and current.shows_results else []
    context["gallery"] = (
        boards_for(workshop)
        if current and current.kind == Activity.Kind.STORYBOARD and current.state == "done"
        else []
    )
    context["step_fields"] = step_fields()
    return render(request, "workshops/screen.html", context)


@org_view(Role.STAFF)
def workshop_qr(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    buffer = io.BytesIO()
    segno.make(_join_url(workshop), error="m").save(
        buffer,
        kind="svg",
        scale=8,
        border=2,
        title=_("QR code to join the workshop"),
        xmldecl=False,
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_proxy(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = workshop.current_activity
    form = ProxyForm(
        request.POST if request.method == "POST" else None, workshop=workshop, activity=activity
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person: Participant = data["participant"]
        try:
            if activity is None:
                raise Refused(_("Start an activity first."), code="no_activity")
            if data["action"] == "idea":
                domain.add_idea(
                    activity, text=data["text"], participant=person, entered_by=request.user
                )
            elif data["action"] == "dot":
                domain.place_dot(activity, data["idea"], person, entered_by=request.user)
            elif data["action"] == "undot":
                domain.remove_dot(activity, data["idea"], person, entered_by=request.user)
            elif data["action"] == "rate":
                domain.rate_idea(
                    activity, data["idea"], person, value=data["value"], entered_by=request.user
                )
            elif data["action"] == "warm":
                methods.answer_warm_up(activity, person, text=data["text"], entered_by=request.user)
            elif data["action"] == "note":
                methods.write_note(activity, person, text=data["text"], entered_by=request.user)
            elif data["action"] == "step":
                methods.add_step(
                    data["board"],
                    participant=person,
                    entered_by=request.user,
                    **{name: data[name] for name in (*StoryStep.TEXT_FIELDS, "feeling")},
                )
            else:
                domain.pass_activity(activity, person, entered_by=request.user)
        except Refused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(request, _("Saved. It shows in the record as entered for them."))
            return redirect(request.path)
    return render(
        request,
        "workshops/proxy.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "activity": activity,
            "form": form,
            "paper_form": PaperParticipantForm(),
        },
    )


@org_view(Role.STAFF)
@require_POST
def workshop_paper_add(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = PaperParticipantForm(request.POST)
    if form.is_valid():
        try:
            domain.add_paper_participant(workshop, actor=request.user, **form.cleaned_data)
        except Refused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("Added. You can now enter things for them."))
    else:
        messages.error(request, _("Choose how they are taking part."))
    return redirect("workshop_proxy", org=request.organisation.slug, pk=pk, workshop_pk=workshop_pk)


@never_cache
@org_view(Role.STAFF)
def workshop_access_needs(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    needs = domain.read_access_needs(workshop, actor=request.user)
    return render(
        request,
        "workshops/access_needs.html",
        {"workshop": workshop, "initiative": workshop.initiative, "needs": needs},
    )


# Taking part (no account needed)


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_join_code(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if _too_many_wrong_codes(request):
        return render(
            request, "workshops/join_code.html", {"form": form, "slow_down": True}, status=429
        )
    if request.method == "POST" and form.is_valid():
        workshop = open_workshop_for_code(normalise_code(form.cleaned_data["code"]))
        if workshop is not None:
            return redirect("workshop_join", code=workshop.join_code)
        _note_wrong_code(request)
        form.add_error(
            "code",
            _("We cannot find a workshop with that code. Check it, or ask the person running it."),
        )
    return render(request, "workshops/join_code.html", {"form": form})


def _open_workshop_or_404(request: HttpRequest, code: str) -> Workshop:
    if _too_many_wrong_codes(request):
        raise Http404
    workshop = open_workshop_for_code(normalise_code(code))
    if workshop is None:
        _note_wrong_code(request)
        raise Http404
    return workshop


def _me(request: HttpRequest, workshop: Workshop) -> Participant | None:
    return participant_for_token(workshop, request.COOKIES.get(cookie_name(workshop)))


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_join(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _open_workshop_or_404(request, code)
    if _me(request, workshop) is not None:
        return redirect("workshop_room", code=workshop.join_code)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["display_name"].strip() and request.user.is_authenticated:
            person = request.user.people.filter(organisation=workshop.organisation).first()
        try:
            _participant, token = domain.join_workshop(
                workshop,
                capacity=data["capacity"],
                display_name=data["display_name"],
                person=person,
                needs=data["needs"],
                other_needs=data["other_needs"],
                consent=data["consent"],
            )
        except Refused as refused:
            form.add_error(None, refused.messages[0])
        else:
            response = redirect("workshop_room", code=workshop.join_code)
            response.set_cookie(
                cookie_name(workshop),
                token,
                max_age=COOKIE_DAYS * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form})


def _room_context(workshop: Workshop, participant: Participant) -> dict[str, Any]:
    workshop = Workshop.objects.select_related("current_activity").get(pk=workshop.pk)
    current = workshop.current_activity
    me = participant_state(participant, current)
    ideas = list(Idea.objects.filter(activity=current)) if current and current.is_voting else []
    my_dots = me.get("dots", {})
    my_ratings = me.get("ratings", {})
    return {
        "workshop": workshop,
        "current": current,
        "participant": participant,
        "me": me,
        "ideas": [
            {
                "idea": idea,
                "mine": my_dots.get(str(idea.pk), 0),
                "rating": my_ratings.get(str(idea.pk), ""),
            }
            for idea in ideas
        ],
        "results": results_for(current) if current and current.shows_results else [],
        "snapshot": room_snapshot(workshop.pk),
        "rating_choices": RoomMessageForm.base_fields["value"].choices,  # type: ignore[attr-defined]
        "warm_up": warm_up_for(current.warm_up) if current else None,
        "one_two_four": one_two_four_view(participant, current)
        if current and current.kind == Activity.Kind.ONE_TWO_FOUR
        else None,
        **(
            board_view(participant, current)
            if current and current.kind == Activity.Kind.STORYBOARD
            else {}
        ),
        "feelings": StoryStep.Feeling.choices,
        "step_fields": step_fields(),
        "gallery": boards_for(workshop)
        if current and current.kind == Activity.Kind.STORYBOARD and current.state == "done"
        else [],
    }


def step_fields() -> list[tuple[str, str]]:
    return [(name, StoryStep.label(name)) for name in StoryStep.TEXT_FIELDS]


@never_cache
def workshop_room(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _open_workshop_or_404(request, code)
    participant = _me(request, workshop)
    if participant is None:
        return redirect("workshop_join", code=workshop.join_code)
    template = "workshops/room.html"
    if request.headers.get("X-Fragment") == "live":
        template = "workshops/room.html#live"
    return render(request, template, _room_context(workshop, participant))


@require_POST
def workshop_act(request: HttpRequest, code: str) -> HttpResponse:
    """The buttons on the participant page when JavaScript is off: same form, same domain."""
    workshop = _open_workshop_or_404(request, code)
    participant = _me(request, workshop)
    if participant is None:
        return redirect("workshop_join", code=workshop.join_code)
    if request.POST.get("t") == "leave":
        domain.leave_workshop(participant)
        response = redirect("workshop_left", code=workshop.join_code)
        response.delete_cookie(cookie_name(workshop))
        return response
    form = RoomMessageForm(request.POST)
    current = Workshop.objects.get(pk=workshop.pk).current_activity
    if not form.is_valid() or current is None:
        messages.error(request, _("That did not work. Please try again."))
        return redirect("workshop_room", code=workshop.join_code)
    try:
        actions.perform(current, participant, form.cleaned_data)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, _("Saved."))
    return redirect("workshop_room", code=workshop.join_code)


def workshop_left(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "workshops/left.html", {"code": normalise_code(code)})


# The record of a workshop, and the storyboard gallery (staff)


@org_view(Role.STAFF)
@require_POST
def activity_take_in_ideas(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    try:
        count = methods.take_in_ideas(activity, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s idea taken in from earlier activities.",
                "%(n)s ideas taken in from earlier activities.",
                count,
            )
            % {"n": count},
        )
    return redirect(_activity_url(activity))


@org_view(Role.STAFF)
def workshop_record(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(
        request,
        "workshops/record.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "record": record_for(workshop),
            "feelings": dict(StoryStep.Feeling.choices),
        },
    )


@org_view(Role.STAFF)
def workshop_record_csv(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-record.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the letters right
    write_record_csv(response, record_for(workshop))
    return response


@org_view(Role.STAFF)
def workshop_gallery(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(
        request,
        "workshops/gallery.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "boards": boards_for(workshop),
            "feelings": dict(StoryStep.Feeling.choices),
            "step_fields": step_fields(),
        },
    )
