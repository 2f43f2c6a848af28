from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import editable_copy
from coproduce.core.middleware import takes_json
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.people import access as person_access
from coproduce.people import domain, messages, reading
from coproduce.people.forms import (
    MyAccessNeedEditForm,
    MyAccessNeedForm,
    MyFormatsForm,
    NotifyReceiptForm,
    PersonForm,
)
from coproduce.people.models import AccessNeed, Message, NeedKind, Person, Route

SEARCH_MAX = 200  # characters of a name to look for: SQLite refuses a very long pattern


@org_view(Role.STAFF)
def person_list(request: OrgRequest) -> HttpResponse:
    people = Person.objects.for_organisation(request.organisation).select_related("user")
    # PostgreSQL refuses a NUL character in a query (a 500), so it is taken out.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX]
    if query:
        people = people.filter(name__icontains=query) | people.filter(
            preferred_name__icontains=query
        )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_create(request: OrgRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = domain.create_person(
            request.organisation,
            created_by=request.user,
            **form.cleaned_data,
        )
        return redirect("person_detail", org=request.organisation.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@org_view(Role.STAFF)
def person_detail(request: OrgRequest, pk: int) -> HttpResponse:
    person = get_for_org_or_404(Person, request.organisation, pk=pk)
    involvements = person.involvements.select_related("initiative")
    # The reverse relation from panels' PanelMember: people never imports panels.
    panels = person.panel_memberships.select_related("panel").order_by("ended_on", "panel__name")
    sent = person.messages.order_by("-created_at", "-id")[:20]
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "involvements": involvements, "panels": panels, "sent": sent},
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_edit(request: OrgRequest, pk: int) -> HttpResponse:
    person = get_for_org_or_404(Person, request.organisation, pk=pk)
    form = PersonForm(request.POST or None, instance=editable_copy(person))
    if request.method == "POST" and form.is_valid():
        domain.update_person(person, actor=request.user, **form.cleaned_data)
        return redirect("person_detail", org=request.organisation.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


TO_SEND = [Message.Status.BY_HAND, Message.Status.FAILED]


@org_view(Role.STAFF)
def messages_to_send(request: OrgRequest) -> HttpResponse:
    """Letters to print, texts to send and calls to make, and messages that could not go."""
    waiting = (
        Message.objects.for_organisation(request.organisation)
        .filter(status__in=TO_SEND)
        .select_related("person")
        .order_by("created_at", "id")
    )
    by_channel: dict[str, list[Message]] = {channel: [] for channel in Message.Channel.values}
    failed = []
    for message in waiting:
        if message.status == Message.Status.FAILED:
            failed.append(message)
        else:
            by_channel[message.channel].append(message)
    return render(
        request,
        "people/messages_to_send.html",
        {
            "letters": by_channel[Message.Channel.LETTER],
            "texts": by_channel[Message.Channel.TEXT],
            "calls": by_channel[Message.Channel.CALL] + by_channel[Message.Channel.EMAIL],
            "failed": failed,
        },
    )


def _letters(request: OrgRequest, letters: list[Message]) -> HttpResponse:
    return render(
        request,
        "people/letters.html",
        {"letters": letters, "today": timezone.localdate()},
    )


@org_view(Role.STAFF)
def message_letter(request: OrgRequest, pk: int) -> HttpResponse:
    """One message as a letter to print, with the person's address (any message, any way)."""
    message = get_for_org_or_404(
        Message.objects.select_related("person"), request.organisation, pk=pk
    )
    return _letters(request, [message])


@org_view(Role.STAFF)
def letters_to_print(request: OrgRequest) -> HttpResponse:
    """Every letter waiting for staff, one to a page, to print in one go."""
    letters = list(
        Message.objects.for_organisation(request.organisation)
        .filter(status__in=TO_SEND, channel=Message.Channel.LETTER)
        .select_related("person")
        .order_by("created_at", "id")
    )
    return _letters(request, letters)


@org_view(Role.STAFF)
@require_POST
def message_mark_sent(request: OrgRequest, pk: int) -> HttpResponse:
    message = get_for_org_or_404(
        Message.objects.select_related("person"), request.organisation, pk=pk
    )
    if messages.mark_sent_by_hand(message, actor=request.user):
        flash.success(request, _("Marked as sent to %(name)s.") % {"name": message.recipient_name})
    return redirect("messages_to_send", org=request.organisation.slug)


@org_view(Role.MEMBER)
def my_messages(request: OrgRequest) -> HttpResponse:
    """What we have sent to the viewer, and how."""
    person = Person.objects.filter(organisation=request.organisation, user=request.user).first()
    sent = (
        Message.objects.filter(person=person).order_by("-created_at", "-id")[:100] if person else []
    )
    return render(request, "people/my_messages.html", {"person": person, "sent": sent})


@takes_json
@csrf_exempt  # GOV.UK Notify posts here; the bearer token is the check, not a cookie
@require_POST
def notify_callback(request: HttpRequest) -> HttpResponse:
    """A delivery receipt from GOV.UK Notify. An unknown id is taken quietly (200), so
    Notify does not keep trying, and tells a caller nothing about our messages."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not hmac.compare_digest(
        given.encode("utf-8", "replace"), f"Bearer {expected}".encode()
    ):
        return HttpResponse("", status=401, content_type="text/plain")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    form = NotifyReceiptForm(data if isinstance(data, dict) else None)
    if not form.is_valid():
        return HttpResponse("Not a delivery receipt.", status=400, content_type="text/plain")
    messages.record_delivery_status(
        form.cleaned_data["id"],
        form.cleaned_data["status"],
        reference=form.cleaned_data["reference"],
    )
    return HttpResponse("", content_type="text/plain")


# "What helps you take part?": a person's own access needs and the way they like to hear from
# us, one page for every panel, meeting and workshop. Read only through `people.access` (each
# look logged) and never cached.


def _me(request: OrgRequest) -> Person | None:
    """The viewer's own record in this organisation, if they have one."""
    return Person.objects.filter(organisation=request.organisation, user=request.user).first()


def _me_or_404(request: OrgRequest) -> Person:
    person = _me(request)
    if person is None:
        raise Http404
    return person


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@org_view()
@require_http_methods(["GET", "POST"])
def my_access_needs(request: OrgRequest) -> HttpResponse:
    person = _me(request)
    if person is None:  # a login with no record here (often staff): nothing to show or keep
        return _private(render(request, "people/my_access.html", {"person": None}))
    form = MyFormatsForm(
        request.POST or None,
        person=person,
        initial={"formats": person.formats, "contact_methods": person.contact_methods},
    )
    if request.method == "POST" and form.is_valid():
        domain.update_person(person, actor=request.user, **form.cleaned_data)
        reading.remember_choices(request, person)
        flash.success(request, _("Thank you. Your choices are saved."))
        return redirect("my_access_needs", org=request.organisation.slug)
    needs = person_access.read_my_access_needs(person, actor=request.user)
    return _private(
        render(
            request,
            "people/my_access.html",
            {"person": person, "needs": needs, "form": form, "kinds": NeedKind.choices},
        )
    )


@org_view()
@require_http_methods(["GET", "POST"])
def my_access_need_add(request: OrgRequest) -> HttpResponse:
    person = _me_or_404(request)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    form = None
    if kind in NeedKind.values:
        form = MyAccessNeedForm(request.POST or None, kind=kind)
        if request.method == "POST" and form.is_valid():
            person_access.record_access_need(
                person,
                actor=request.user,
                kind=kind,
                options=form.cleaned_data["options"],
                detail=form.cleaned_data["detail"],
                identified_on=timezone.localdate(),
                identified_how=AccessNeed.Identified.TOLD_US,
                share_with_facilitators=form.cleaned_data["share_with_facilitators"],
                consent_via=Route.ONLINE,
                by_person=True,
            )
            flash.success(
                request,
                _(
                    "Thank you. It is saved. Your named contact will talk to you about "
                    "what we can do."
                ),
            )
            return redirect("my_access_needs", org=request.organisation.slug)
    return _private(
        render(
            request,
            "people/my_need_form.html",
            {
                "kinds": NeedKind.choices,
                "kind": kind,
                "kind_label": NeedKind(kind).label if kind in NeedKind.values else "",
                "form": form,
            },
        )
    )


@org_view()
@require_http_methods(["GET", "POST"])
def my_access_need_edit(request: OrgRequest, need_pk: int) -> HttpResponse:
    person = _me_or_404(request)
    need = person_access.read_my_access_need(person, need_pk, actor=request.user)
    if need is None:
        raise Http404
    form = MyAccessNeedEditForm(
        request.POST or None,
        kind=need.kind,
        initial={
            "options": need.options,
            "detail": need.detail,
            "share_with_facilitators": need.share_with_facilitators,
        },
    )
    if request.method == "POST" and form.is_valid():
        person_access.update_access_need(need, actor=request.user, by_person=True, **form.changes())
        if form.cleaned_data["ended"]:
            flash.success(request, _("Thank you. We will not plan for this any more."))
        else:
            flash.success(request, _("Thank you. Your changes are saved."))
        return redirect("my_access_needs", org=request.organisation.slug)
    return _private(render(request, "people/my_need_form.html", {"need": need, "form": form}))
