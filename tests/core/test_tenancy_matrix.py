"""Every URL the app has, for each of the cast: who gets 200, 302 (to log in), 403, 404 or 405.

The URL list is read from the URL configuration, so a new URL fails
`test_matrix_covers_every_url` until someone says here who may open it.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from coproduce.accounts.models import Invitation
from coproduce.core.models import Membership
from coproduce.initiatives.models import Involvement
from tests.factories import InitiativeFactory, InvitationFactory, InvolvementFactory, PersonFactory

CAST = ("anon", "alice", "bob", "charlie", "dana")

# Expected status for each of CAST, by kind of page.
OPEN = dict.fromkeys(CAST, 200)
MEMBER = {"anon": 302, "alice": 200, "bob": 200, "charlie": 404, "dana": 200}
STAFF = {"anon": 302, "alice": 200, "bob": 403, "charlie": 404, "dana": 200}
ADMIN = {"anon": 302, "alice": 403, "bob": 403, "charlie": 404, "dana": 200}
STAFF_POST = {"anon": 302, "alice": 405, "bob": 403, "charlie": 404, "dana": 405}
ADMIN_POST = {"anon": 302, "alice": 403, "bob": 403, "charlie": 404, "dana": 405}
LOGGED_IN = {"anon": 302, "alice": 200, "bob": 200, "charlie": 200, "dana": 200}
LOGGED_OUT = {"anon": 200, "alice": 302, "bob": 302, "charlie": 302, "dana": 302}
REDIRECTS = dict.fromkeys(CAST, 302)
NOT_FOUND = dict.fromkeys(CAST, 404)

EXPECTED: dict[str, dict[str, int]] = {
    # Organisation pages
    "dashboard": MEMBER,
    "initiative_list": MEMBER,
    "initiative_detail": MEMBER,
    "initiative_create": STAFF,
    "initiative_edit": STAFF,
    "involvement_add": STAFF,
    "involvement_remove": STAFF_POST,
    "person_list": STAFF,
    "person_create": STAFF,
    "person_detail": STAFF,
    "person_edit": STAFF,
    "member_list": ADMIN,
    "invite": ADMIN,
    "member_role": ADMIN_POST,
    "invitation_cancel": ADMIN_POST,
    "audit_log": ADMIN,
    # Pages outside any organisation
    "home": LOGGED_OUT,  # signed in with one organisation: straight to it
    "accessibility": OPEN,
    "display": OPEN,
    "accept_invitation": OPEN,
    "organisation_create": LOGGED_IN,
    # django-allauth. Changing two-step settings needs a fresh sign-in first (302 to
    # reauthenticate); recovery codes do not exist until someone makes them (404).
    "account_login": LOGGED_OUT,
    "account_signup": LOGGED_OUT,
    "account_logout": LOGGED_IN,
    "account_email": LOGGED_IN,
    "account_change_password": LOGGED_IN,
    "account_reauthenticate": LOGGED_IN,
    "account_set_password": REDIRECTS,  # everyone here already has a password
    "account_inactive": OPEN,
    "account_reset_password": OPEN,
    "account_reset_password_done": OPEN,
    "account_reset_password_from_key": OPEN,  # shows "this link does not work"
    "account_reset_password_from_key_done": OPEN,
    "account_confirm_email": OPEN,  # shows "this link does not work"
    "account_email_verification_sent": OPEN,
    "account_confirm_login_code": REDIRECTS,  # only mid-way through a sign-in
    "mfa_index": LOGGED_IN,
    "mfa_authenticate": REDIRECTS,  # only mid-way through a sign-in
    "mfa_activate_totp": REDIRECTS,
    "mfa_generate_recovery_codes": REDIRECTS,
    "mfa_reauthenticate": {**REDIRECTS, "charlie": 200, "dana": 200},  # for two-step users
    "mfa_deactivate_totp": {**REDIRECTS, "alice": 404, "bob": 404},  # nothing to turn off
    "mfa_view_recovery_codes": {**NOT_FOUND, "anon": 302},
    "mfa_download_recovery_codes": {**NOT_FOUND, "anon": 302},
}


def url_names() -> dict[str, list[str]]:
    """Every named URL with the parameters it takes."""
    resolver = get_resolver()
    return {
        name: resolver.reverse_dict.getlist(name)[0][0][0][1]
        for name in resolver.reverse_dict
        if isinstance(name, str)
    }


def test_matrix_covers_every_url():
    missing = sorted(set(url_names()) - set(EXPECTED))
    assert missing == [], f"Say in EXPECTED who may open these new URLs: {missing}"
    assert sorted(set(EXPECTED) - set(url_names())) == []


@pytest.fixture
def riverside(org, cast, initiative):
    """One record of every kind in Riverside, for URLs that take a primary key."""
    person = PersonFactory(organisation=org, name="June Adeyemi")
    involvement = Involvement.objects.get(initiative=initiative, person__user=cast["bob"])
    return {
        "org": org.slug,
        "initiative": initiative,
        "person": person,
        "involvement": involvement,
        "membership": Membership.objects.get(organisation=org, user=cast["bob"]),
        "invitation": InvitationFactory(organisation=org, email="newcomer@example.org"),
    }


def kwargs_for(name: str, params: list[str], data: dict, org_slug: str) -> dict[str, object]:
    kwargs: dict[str, object] = {}
    for param in params:
        if param == "org":
            kwargs["org"] = org_slug
        elif param == "pk":
            kind = name.split("_")[0]
            kwargs["pk"] = {
                "person": data["person"].pk,
                "member": data["membership"].pk,
                "invitation": data["invitation"].pk,
            }.get(kind, data["initiative"].pk)
        elif param == "involvement_pk":
            kwargs["involvement_pk"] = data["involvement"].pk
        elif param == "token":
            kwargs["token"] = data["invitation"].token
        else:  # allauth keys: a wrong key shows allauth's "bad link" page
            kwargs[param] = "abc123"
    return kwargs


def status_for(client, cast, who: str, url: str) -> int:
    client.logout()
    if who != "anon":
        client.force_login(cast[who])
    return client.get(url).status_code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matrix_status_for_cast(name, client, cast, riverside):
    url = reverse(name, kwargs=kwargs_for(name, url_names()[name], riverside, riverside["org"]))
    got = {who: status_for(client, cast, who, url) for who in CAST}
    assert got == EXPECTED[name], url


@pytest.mark.parametrize(
    "name", sorted(n for n, params in url_names().items() if "org" in params and len(params) > 1)
)
def test_matrix_other_orgs_records_are_404_under_own_org(name, client, cast, riverside):
    """Charlie is an admin of Hillside: Riverside's record numbers under /o/hillside/ are 404."""
    kwargs = kwargs_for(name, url_names()[name], riverside, "hillside")
    client.force_login(cast["charlie"])
    post_only = EXPECTED[name] in (STAFF_POST, ADMIN_POST)  # GET is refused before any lookup
    assert client.get(reverse(name, kwargs=kwargs)).status_code == (405 if post_only else 404)
    assert client.post(reverse(name, kwargs=kwargs)).status_code == 404


def test_other_orgs_involvement_is_not_removed_by_post(client, cast, riverside):
    client.force_login(cast["charlie"])
    url = reverse(
        "involvement_remove",
        kwargs=kwargs_for(
            "involvement_remove", ["org", "pk", "involvement_pk"], riverside, "hillside"
        ),
    )
    client.post(url)
    assert Involvement.objects.filter(pk=riverside["involvement"].pk).exists()


def test_other_orgs_invitation_is_not_cancelled_by_post(client, cast, riverside):
    client.force_login(cast["charlie"])
    client.post(f"/o/hillside/members/invitations/{riverside['invitation'].pk}/cancel/")
    assert Invitation.objects.get(pk=riverside["invitation"].pk).cancelled_at is None


def test_records_of_same_pk_shape_in_own_org_still_work(client, cast, other_org):
    """The 404s above come from scoping, not from broken URLs: Charlie can open his own."""
    initiative = InitiativeFactory(organisation=other_org)
    InvolvementFactory(initiative=initiative)
    client.force_login(cast["charlie"])
    assert client.get(f"/o/hillside/initiatives/{initiative.pk}/").status_code == 200
