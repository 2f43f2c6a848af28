"""The public pages, no login: a published panel at /panels/<org>/<panel>/ and applying to it.

An application is found by its secret token (in the link the applicant keeps); a draft also
by a cookie, so a person who comes back on the same phone carries on where they stopped.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error
from coproduce.core.limits import ANONYMOUS_WRITES, SLOW_DOWN, is_limited, note_attempt
from coproduce.core.links import absolute_url
from coproduce.panels import domain, queries
from coproduce.panels.domain import equality
from coproduce.panels.forms import ApplicationForm, EqualityForm
from coproduce.panels.models import Application, Panel, Route, Status
from coproduce.panels.nations import questions_for
from coproduce.people import reading


def _published(org_slug: str, slug: str) -> Panel:
    return get_object_or_404(
        queries.panel_with_contacts(Panel.objects.select_related("organisation")),
        organisation__slug=org_slug,
        slug=slug,
        published_at__isnull=False,
    )


def _easy_read(request: HttpRequest) -> bool:
    return reading.wants_easy_read(request)


def _draft_cookie(panel: Panel) -> str:
    return f"panel_draft_{panel.pk}"


def panel_public(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """The public page, which also prints as a flyer: a QR code and the address to type."""
    panel = _published(org, slug)
    link = absolute_url(
        reverse("panel_public", args=[panel.organisation.slug, panel.slug]), request
    )
    # segno writes the SVG from our own address alone (the organisation's and the panel's
    # slugs), so it holds nothing anyone typed.
    qr = segno.make(link, error="m").svg_inline(
        scale=5, border=2, svgclass="flyer-qr-code", lineclass=None, omitsize=True
    )
    return render(
        request,
        "panels/public/panel.html",
        {
            "panel": panel,
            "easy_read": _easy_read(request),
            "printing": "print" in request.GET,
            "link": link,
            "qr": mark_safe(qr),  # noqa: S308 -- made by segno from our own address only
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def panel_apply(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    panel = _published(org, slug)
    slow_down = request.method == "POST" and is_limited(request, ANONYMOUS_WRITES)
    if request.method == "POST" and not slow_down:
        note_attempt(request, ANONYMOUS_WRITES)
        application = domain.start_application(panel)
        response = redirect("panel_application_form", application_token=application.token)
        response.set_cookie(
            _draft_cookie(panel),
            application.token,
            max_age=60 * 60 * 24 * 30,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    token = request.COOKIES.get(_draft_cookie(panel), "")
    draft = (
        Application.objects.filter(panel=panel, token=token, status=Status.DRAFT).first()
        if token
        else None
    )
    return render(
        request,
        "panels/public/apply_start.html",
        {
            "panel": panel,
            "draft": draft,
            "easy_read": _easy_read(request),
            "slow_down": SLOW_DOWN if slow_down else "",
        },
        status=429 if slow_down else 200,
    )


def _by_token(token: str) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "panel__organisation", "panel__named_contact", "panel__deputy_contact"
        ),
        token=token,
    )


def _link(request: HttpRequest, application: Application) -> str:
    return absolute_url(reverse("panel_application_form", args=[application.token]), request)


@never_cache
@require_http_methods(["GET", "POST"])
def panel_application_form(request: HttpRequest, application_token: str) -> HttpResponse:
    application = _by_token(application_token)
    if not application.is_draft:
        return redirect("panel_application_done", application_token=application.token)
    action = request.POST.get("action", "")
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=application,
        strict=action == "submit",
    )
    if request.method == "POST" and form.draft_values().get("wants_easy_read"):
        reading.choose_version(request, True)  # they asked for easy read: show it from now on
    elif application.wants_easy_read and reading.SESSION_KEY not in request.session:
        reading.choose_version(request, True)  # back to a saved draft: their choice holds
    easy_read = _easy_read(request)
    context = {
        "panel": application.panel,
        "application": application,
        "form": form,
        "easy_read": easy_read,
        "link": _link(request, application),
    }
    status = 200
    if request.method == "POST":
        form.is_valid()  # runs the checks; the draft keeps what was typed either way
        try:
            domain.save_application_draft(application, **form.draft_values())
        except ValidationError:  # sent meanwhile, from this page or another tab
            if action == "autosave":
                return HttpResponse(status=204)  # nothing to show: the page is moving on
            return redirect("panel_application_done", application_token=application.token)
        if action == "autosave":
            context["saved_at"] = timezone.localtime()
            return render(request, "panels/public/application_form.html#autosaved", context)
        if action == "save" and not form.has_error("attachment"):
            return redirect("panel_application_saved", application_token=application.token)
        if action == "submit" and not form.errors and is_limited(request, ANONYMOUS_WRITES):
            form.add_error(None, SLOW_DOWN)
            status = 429
        elif action == "submit" and not form.errors:
            note_attempt(request, ANONYMOUS_WRITES)
            try:
                domain.submit_application(application)
            except domain.DuplicateApplication as error:
                add_domain_error(form, error, field="email")
            else:
                response = redirect("panel_equality", application_token=application.token)
                response.delete_cookie(_draft_cookie(application.panel))
                return response
    if easy_read:
        form.use_easy_read()
    return render(request, "panels/public/application_form.html", context, status=status)


@never_cache
def panel_application_saved(request: HttpRequest, application_token: str) -> HttpResponse:
    application = _by_token(application_token)
    if not application.is_draft:
        return redirect("panel_application_done", application_token=application.token)
    return render(
        request,
        "panels/public/saved.html",
        {
            "panel": application.panel,
            "application": application,
            "link": _link(request, application),
            "easy_read": _easy_read(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def panel_equality(request: HttpRequest, application_token: str) -> HttpResponse:
    application = _by_token(application_token)
    if application.is_draft:
        return redirect("panel_application_form", application_token=application.token)
    if request.method == "POST" and request.POST.get("action") == "skip":
        return redirect("panel_application_done", application_token=application.token)
    form = EqualityForm(
        request.POST or None, questions=questions_for(application.panel.ethnicity_list)
    )
    if request.method == "POST" and form.is_valid():
        equality.record_equality_answers(
            application,
            form.answers(),
            selection_consent=form.cleaned_data["selection_consent"],
            collected_via=Route.ONLINE,
        )
        return redirect("panel_application_done", application_token=application.token)
    return render(
        request,
        "panels/public/equality_form.html",
        {
            "panel": application.panel,
            "application": application,
            "form": form,
            "easy_read": _easy_read(request),
            "already": equality.has_equality_answers(application),
        },
    )


def _done_page(
    request: HttpRequest, application: Application, *, refused: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "panels/public/done.html",
        {
            "panel": application.panel,
            "application": application,
            "has_equality": equality.has_equality_answers(application),
            "link": absolute_url(
                reverse("panel_application_done", args=[application.token]), request
            ),
            "easy_read": _easy_read(request),
            "answered": application.status_changes.filter(
                to_status__in=[Status.ACCEPTED, Status.DECLINED]
            )
            .select_related("recorded_by")
            .order_by("-created_at")
            .first(),
            "refused": refused,
        },
        status=status,
    )


@never_cache
def panel_application_done(request: HttpRequest, application_token: str) -> HttpResponse:
    """The applicant's private page: where their application is; accept or decline a place."""
    application = _by_token(application_token)
    if application.is_draft:
        return redirect("panel_application_form", application_token=application.token)
    return _done_page(request, application)


@never_cache
@require_POST
def panel_application_offer_answer(request: HttpRequest, application_token: str) -> HttpResponse:
    """The applicant says yes or no to the place offered, from their private link."""
    application = _by_token(application_token)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        return _done_page(request, application, refused=_("Choose yes or no."), status=400)
    try:
        domain.answer_offer(application, accept=answer == "accept", actor=None)
    except domain.OfferNotOpen as error:
        application.refresh_from_db()
        return _done_page(request, application, refused=error.messages[0], status=409)
    return redirect("panel_application_done", application_token=application.token)


@never_cache
@require_http_methods(["GET", "POST"])
def panel_equality_withdraw(request: HttpRequest, application_token: str) -> HttpResponse:
    application = _by_token(application_token)
    deleted = False
    if request.method == "POST":
        deleted = equality.withdraw_equality_answers(application)
    return render(
        request,
        "panels/public/withdraw.html",
        {
            "panel": application.panel,
            "application": application,
            "deleted": deleted,
            "has_equality": equality.has_equality_answers(application),
            "easy_read": _easy_read(request),
        },
    )
