"""Organisation scoping for views.

Every organisation's pages live under /o/<org>/. `org_view` resolves the organisation from
the user's own memberships, so another organisation's pages answer 404 (never 403: a
404 does not even confirm the organisation exists). `get_for_org_or_404` does the same for
single records.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from coproduce.core.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from coproduce.accounts.models import User


class UserRequest(HttpRequest):
    """A request from a signed-in user (after `login_required` or `org_view`)."""

    user: User


class OrgRequest(UserRequest):
    """A request that `org_view` has checked: it carries the organisation and role."""

    organisation: Organisation
    membership: Membership


def membership_for(user: Any, slug: str) -> Membership | None:
    """The user's membership of the organisation with this slug, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__slug=slug)
        .first()
    )


# The organisation whose page is being made, for code far from the request (a form's
# plain-language check finds its glossary and its check address with it).
_current_organisation: ContextVar[Organisation | None] = ContextVar(
    "current_organisation", default=None
)


def current_organisation() -> Organisation | None:
    """The organisation of the org_view running now, or None outside one."""
    return _current_organisation.get()


def org_view(role: str = Role.MEMBER) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Decorate a view under /o/<org>/ that needs at least `role` in that organisation.

    Anonymous: redirect to log in. Not a member: 404. Member without the role: 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, org)
            if membership is None:
                raise Http404
            if not membership.has_role(role):
                raise PermissionDenied
            request.organisation = membership.organisation  # type: ignore[attr-defined]  # the OrgRequest the view is typed for
            request.membership = membership  # type: ignore[attr-defined]  # the OrgRequest the view is typed for
            token = _current_organisation.set(membership.organisation)
            try:
                return view(request, *args, **kwargs)
            finally:
                _current_organisation.reset(token)

        wrapper.required_role = role  # type: ignore[attr-defined]  # a mark on the view function
        return wrapper

    return decorator


def get_for_org_or_404[M: models.Model](
    queryset: type[M] | models.QuerySet[M], organisation: Organisation, **lookups: Any
) -> M:
    """Fetch one record of this organisation, or raise 404 (also for other organisations')."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    return get_object_or_404(queryset.filter(organisation=organisation), **lookups)
