"""Running it (staff): the console, the big screen, the QR code, entering things for people."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.db import retry_when_locked
from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.workshops import actions, domain
from coproduce.workshops.domain import Refused, groups, methods
from coproduce.workshops.forms import (
    ControlForm,
    PaperParticipantForm,
    ProxyForm,
    SwapForm,
    proxy_label,
)
from coproduce.workshops.models import (
    Activity,
    Idea,
    Participant,
    WarmUpAnswer,
    Workshop,
)
from coproduce.workshops.queries import (
    agenda_for,
    balance_for,
    results_for,
)
from coproduce.workshops.snapshot import room_snapshot
from coproduce.workshops.views.common import (
    _activity,
    _join_url,
    _workshop,
)
from coproduce.workshops.warmups import warm_up_for


def _console_context(request: OrgRequest, workshop: Workshop) -> dict[str, Any]:
    current = workshop.current_activity
    group_phase = groups.current_phase_for_groups(current) if current else None
    agenda = agenda_for(workshop)
    here = next((i for i, a in enumerate(agenda) if current and a.pk == current.pk), -1)
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
        "agenda": agenda,
        "current": current,
        # The buttons say where they go: "Next: Storyboard", and no "Go back one" at the start.
        "previous_activity": agenda[here - 1] if here > 0 else None,
        "next_activity": agenda[here + 1] if here + 1 < len(agenda) else None,
        "snapshot": room_snapshot(workshop.pk),
        "results": results_for(current) if current and current.is_voting else [],
        "vote_ideas": list(Idea.objects.filter(activity=current).select_related("merged_into"))
        if current and current.is_voting
        else [],
        "merge_choices": list(Idea.objects.filter(activity=current, hidden=False))
        if current and current.is_voting
        else [],
        "hide_reasons": ControlForm.REASONS,
        "balance": balance_for(workshop),
        "join_url": _join_url(request, workshop),
        "can_undo": workshop.end_can_be_undone(),
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
    # Only the live part when the page asks for it to draw in place: after a change in the
    # room (X-Fragment), or after one of its buttons, sent by htmx (the redirect keeps it).
    sent_by_htmx = "HX-Request" in request.headers
    fragment = request.headers.get("X-Fragment") == "live" or sent_by_htmx
    template = "workshops/console.html#live" if fragment else "workshops/console.html"

    # The console is drawn again while phones write (joining, grouping): an in-memory SQLite
    # shared between threads answers "locked" to any read at once (the workshop's too), so
    # the whole page is read again.
    def draw() -> HttpResponse:
        workshop = _workshop(request, pk, workshop_pk)
        context = {**_console_context(request, workshop), "sent_by_htmx": sent_by_htmx}
        return render(request, template, context)

    return retry_when_locked(draw)


@org_view(Role.STAFF)
@require_POST
def workshop_control(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    form = ControlForm(request.POST)
    if not form.is_valid():
        if "into" in form.errors:
            messages.error(request, CHOOSE_INTO)
        else:
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
            elif action == "reopen":
                domain.reopen_workshop(workshop, actor=actor)
                messages.success(request, _("Undone. The workshop is open again."))
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
            elif action == "idea":
                _add_idea(request, workshop, form.cleaned_data["text"])
            elif action == "merge_idea":
                _merge_idea(request, workshop, form)
            elif action in ("hide_idea", "show_idea", "edit_idea", "unmerge_idea"):
                idea = get_for_org_or_404(
                    Idea,
                    request.organisation,
                    pk=form.cleaned_data["idea"] or 0,
                    activity__workshop=workshop,
                )
                if action == "hide_idea":
                    domain.hide_idea(idea, reason=form.hiding_reason(), actor=actor)
                elif action == "edit_idea":
                    domain.edit_idea(idea, text=form.cleaned_data["text"], actor=actor)
                    messages.success(request, _("Changed. The record keeps the first words."))
                elif action == "unmerge_idea":
                    _unmerge_idea(request, idea)
                else:
                    domain.show_idea(idea, actor=actor)
        except Refused as refused:
            messages.error(request, refused.messages[0])
    return redirect(
        "workshop_console", org=request.organisation.slug, pk=pk, workshop_pk=workshop_pk
    )


def _add_idea(request: OrgRequest, workshop: Workshop, text: str) -> None:
    """The facilitator's own idea, added to the vote now running (not for someone)."""
    current = Workshop.objects.select_related("current_activity").get(pk=workshop.pk)
    if current.current_activity is None:
        raise Refused(_("Start the vote first."), code="no_activity")
    idea = domain.add_idea(current.current_activity, text=text, entered_by=request.user)
    messages.success(request, _("Added: “%(text)s”.") % {"text": idea.text})


CHOOSE_INTO = _lazy("Choose the idea to merge it into from the list.")


def _merge_idea(request: OrgRequest, workshop: Workshop, form: ControlForm) -> None:
    """Merge one of this workshop's ideas into another of the same vote."""
    idea = get_for_org_or_404(
        Idea, request.organisation, pk=form.cleaned_data["idea"] or 0, activity__workshop=workshop
    )
    into = Idea.objects.filter(
        organisation=request.organisation,
        pk=form.cleaned_data["into"] or 0,
        activity=idea.activity_id,
    ).first()
    if into is None:
        raise Refused(str(CHOOSE_INTO), code="wrong_idea")
    merged = domain.merge_ideas(into, idea, actor=request.user, text=form.cleaned_data["text"])
    said = {"text": merged.kept.text, "back": merged.dots_given_back}
    if merged.dots_given_back:
        told = ngettext(
            "Merged into “%(text)s”. %(back)s dot went back to its owner to place again.",
            "Merged into “%(text)s”. %(back)s dots went back to people to place again.",
            merged.dots_given_back,
        )
        messages.success(request, told % said)
    else:
        messages.success(request, _("Merged into “%(text)s”.") % said)


def _unmerge_idea(request: OrgRequest, idea: Idea) -> None:
    """Undo a merge: the idea shows again and the votes that moved from it go back."""
    undone = domain.unmerge_idea(idea, actor=request.user)
    said = {"text": undone.idea.text, "kept": undone.dots_not_put_back}
    if undone.dots_not_put_back:
        told = ngettext(
            "“%(text)s” is back. %(kept)s dot that went back to its owner stays with them.",
            "“%(text)s” is back. %(kept)s dots that went back to people stay with them.",
            undone.dots_not_put_back,
        )
        messages.success(request, told % said)
    else:
        messages.success(request, _("“%(text)s” is back.") % said)


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


@org_view(Role.STAFF)
def workshop_qr(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    buffer = io.BytesIO()
    segno.make(_join_url(request, workshop), error="m").save(
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
        try:
            if activity is None:
                raise Refused(_("Start an activity first."), code="no_activity")
            actions.perform(
                activity,
                form.cleaned_data["participant"],
                form.room_message(),
                entered_by=request.user,
            )
        except Refused as refused:
            add_domain_error(form, refused)
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
    known = domain.read_known_people_access_needs(workshop, actor=request.user)
    return render(
        request,
        "workshops/access_needs.html",
        {"workshop": workshop, "initiative": workshop.initiative, "needs": needs, "known": known},
    )
