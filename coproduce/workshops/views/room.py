"""Taking part (no account needed): the join code, joining, the participant's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.db import retry_when_locked
from coproduce.core.forms import add_domain_error
from coproduce.core.limits import (
    ANONYMOUS_WRITES,
    SLOW_DOWN,
    WRONG_CODES,
    is_limited,
    note_attempt,
)
from coproduce.core.params import whole_number
from coproduce.people import reading
from coproduce.workshops import actions, domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.forms import (
    JoinCodeForm,
    JoinForm,
    RoomMessageForm,
)
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Idea,
    Invitation,
    Participant,
    StoryStep,
    Workshop,
    normalise_code,
)
from coproduce.workshops.queries import (
    board_view,
    boards_for,
    ended_workshop_for_code,
    given_back_dots,
    one_two_four_view,
    open_workshop_for_code,
    participant_state,
    results_for,
)
from coproduce.workshops.rules import cookie_name, participant_for_token
from coproduce.workshops.signups import invitation_for_token, own_needs
from coproduce.workshops.snapshot import room_snapshot
from coproduce.workshops.views.common import (
    step_fields,
)
from coproduce.workshops.warmups import warm_up_for

COOKIE_DAYS = 2
ENDED = _("That workshop has ended, so you cannot join it now. Thank you for wanting to take part.")


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_join_code(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if is_limited(request, WRONG_CODES):
        return render(
            request, "workshops/join_code.html", {"form": form, "slow_down": True}, status=429
        )
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        workshop = open_workshop_for_code(code)
        if workshop is not None:
            return redirect("workshop_join", code=workshop.join_code)
        if ended_workshop_for_code(code) is not None:
            form.add_error("code", ENDED)
        else:
            note_attempt(request, WRONG_CODES)
            form.add_error(
                "code",
                _(
                    "We cannot find a workshop with that code. "
                    "Check it, or ask the person running it."
                ),
            )
    return render(request, "workshops/join_code.html", {"form": form})


def _workshop_or_404(request: HttpRequest, code: str) -> Workshop:
    """The open workshop with this code, else the one that last ended with it (so people are
    told it has ended, not that the code is wrong). Someone already in the room (their
    cookie) is never refused; anyone else who has made too many wrong guesses gets 404
    whatever the code."""
    code = normalise_code(code)
    workshop = open_workshop_for_code(code) or ended_workshop_for_code(code)
    if workshop is not None and _me(request, workshop) is not None:
        return workshop
    if is_limited(request, WRONG_CODES):
        raise Http404
    if workshop is None:
        note_attempt(request, WRONG_CODES)
        raise Http404
    return workshop


def _me(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """The participant this browser is in the room as; looked up once a request (the code
    check asks first, so someone in the room is never refused)."""
    known: dict[int, Participant | None] = request.__dict__.setdefault("_workshop_me", {})
    if workshop.pk not in known:
        known[workshop.pk] = participant_for_token(
            workshop, request.COOKIES.get(cookie_name(workshop))
        )
    return known[workshop.pk]


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_join(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop_or_404(request, code)
    if _me(request, workshop) is not None:
        return redirect("workshop_room", code=workshop.join_code)
    if not workshop.is_open:
        return _ended(request, workshop, None)
    invitation = _sign_up_of(request, workshop)
    form = JoinForm(
        request.POST if request.method == "POST" else None,
        hybrid=workshop.place == Workshop.Place.HYBRID,
        signed_up=invitation is not None,
        initial={
            "capacity": invitation.capacity,
            "joins_from": invitation.joins_from,
            "invited": invitation.token,
        }
        if invitation is not None
        else None,
    )
    status = 200
    if request.method == "POST" and is_limited(request, ANONYMOUS_WRITES):
        form.is_valid()  # keeps what they typed, with any other message
        form.add_error(None, SLOW_DOWN)
        status = 429
    elif request.method == "POST" and form.is_valid():
        note_attempt(request, ANONYMOUS_WRITES)
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
                joins_from=data.get("joins_from", ""),
                invitation=invitation,
            )
        except Refused as refused:
            add_domain_error(form, refused)
        else:
            # Their own display choices for this visit; the access need itself is kept only
            # as before (with consent, for facilitators). From a sign-up, the needs given then.
            needs = data["needs"] if invitation is None else own_needs(invitation)
            if AccessNeed.Need.EASY_READ in needs:
                reading.choose_version(request, True)
            if AccessNeed.Need.LARGER_TEXT in needs:
                reading.choose_large_print(request, True)
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
    return render(
        request,
        "workshops/join.html",
        {"workshop": workshop, "form": form, "invitation": invitation},
        status=status,
    )


def _sign_up_of(request: HttpRequest, workshop: Workshop) -> Invitation | None:
    """The sign-up this person came from (the private link's `?invited=`, then the form's
    hidden field), when it is for this workshop and says they are coming."""
    token = request.POST.get("invited") if request.method == "POST" else None
    invitation = invitation_for_token(token or request.GET.get("invited", ""))
    if invitation is None or invitation.workshop_id != workshop.pk or not invitation.coming:
        return None
    return invitation


def _room_context(workshop: Workshop, participant: Participant) -> dict[str, Any]:
    workshop = Workshop.objects.select_related("current_activity").get(pk=workshop.pk)
    current = workshop.current_activity
    me = participant_state(participant, current)
    ideas = (
        list(Idea.objects.filter(activity=current, hidden=False))
        if current and current.is_voting
        else []
    )
    my_dots = me.get("dots", {})
    my_ratings = me.get("ratings", {})
    return {
        "given_back": given_back_dots(participant, current, me.get("dots_left", 0)),
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
        "rating_choices": RoomMessageForm.base_fields["value"].choices,  # type: ignore[attr-defined]  # a choice field, typed as Field
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


@never_cache
def workshop_room(request: HttpRequest, code: str) -> HttpResponse:
    # Reads only: an in-memory SQLite shared between threads (the tests' live server)
    # answers "locked" at once while another phone writes, so the whole page is read again.
    return retry_when_locked(lambda: _room_page(request, code))


def _room_page(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop_or_404(request, code)
    participant = _me(request, workshop)
    if participant is None:
        return redirect("workshop_join", code=workshop.join_code)
    if not workshop.is_open:
        return _ended(request, workshop, participant)
    template = "workshops/room.html"
    if request.headers.get("X-Fragment") == "live":
        template = "workshops/room.html#live"
    easy_read = reading.wants_easy_read(request)
    return render(
        request,
        template,
        {
            **_room_context(workshop, participant),
            "easy_read": easy_read,
            "saved_step": whole_number(request.GET.get("saved")),  # the step "Saved." is beside
        },
    )


@require_POST
def workshop_act(request: HttpRequest, code: str) -> HttpResponse:
    """The buttons on the participant page when JavaScript is off: same form, same domain."""
    workshop = _workshop_or_404(request, code)
    participant = _me(request, workshop)
    if participant is None or not workshop.is_open:
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
        if form.cleaned_data["t"] == "step_save":
            # Back to the same step, with "Saved." beside its button (the top is far away).
            step = form.cleaned_data["step"]
            room = reverse("workshop_room", kwargs={"code": workshop.join_code})
            return redirect(f"{room}?saved={step}#step-{step}")
        messages.success(request, _("Saved."))
    return redirect("workshop_room", code=workshop.join_code)


def _ended(
    request: HttpRequest, workshop: Workshop, participant: Participant | None
) -> HttpResponse:
    """The thank-you page for someone who took part; for anyone else, that it has ended.
    While the facilitator may still undo the end, a participant's page listens for it."""
    return render(
        request,
        "workshops/ended.html",
        {
            "workshop": workshop,
            "participant": participant,
            "initiative": workshop.initiative,
            "host": workshop.organisation,
            "listening": participant is not None and workshop.end_can_be_undone(),
        },
        status=200 if participant is not None else 410,
    )


def workshop_left(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "workshops/left.html", {"code": normalise_code(code)})
