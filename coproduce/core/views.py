from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from coproduce.core.audit import entries_visible_to
from coproduce.core.display import (
    DisplayPreferences,
    display_preferences,
    remember_display_preferences,
)
from coproduce.core.forms import DisplayForm
from coproduce.core.models import Membership, Role
from coproduce.core.tenancy import OrgRequest, org_view


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    memberships = list(Membership.objects.filter(user=request.user).select_related("organisation"))
    if len(memberships) == 1:
        return redirect("dashboard", org=memberships[0].organisation.slug)
    return render(request, "core/home.html", {"memberships": memberships})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_http_methods(["GET", "POST"])
def display(request: HttpRequest) -> HttpResponse:
    current = display_preferences(request)
    form = DisplayForm(
        request.POST or None, initial={"text": current.text, "contrast": current.contrast}
    )
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read "home" as a URL name, and "a b" fails.
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    if not (safe and next_url.startswith("/")):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        response = redirect(next_url or "display")
        remember_display_preferences(response, DisplayPreferences(**form.cleaned_data))
        return response
    return render(request, "core/display.html", {"form": form, "next": next_url})


@org_view(Role.ADMIN)
def audit_log(request: OrgRequest) -> HttpResponse:
    entries = entries_visible_to(request.membership).select_related("actor", "target_type")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
