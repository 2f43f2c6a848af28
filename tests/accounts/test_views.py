from datetime import timedelta

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Membership, Role
from tests.factories import InvitationFactory


def test_invite_view_sends_invitation_and_lists_it(client_as, dana, org):
    client = client_as(dana)
    response = client.post(
        "/o/riverside/members/invite/", {"email": "sam@example.org", "role": "staff"}
    )
    assert response.status_code == 302
    page = client.get("/o/riverside/members/").content.decode()
    assert "sam@example.org" in page


def test_invite_view_refuses_existing_member_and_keeps_input(client_as, dana, bob):
    response = client_as(dana).post(
        "/o/riverside/members/invite/", {"email": "BOB@example.org", "role": "staff"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone with this email address is already a member." in page
    assert 'value="BOB@example.org"' in page
    assert 'value="staff" required id="id_role_1" checked' in page


def test_accept_invitation_page_creates_account_and_logs_in(client, org):
    invitation = InvitationFactory(organisation=org, email="sam@example.org", role=Role.MEMBER)
    response = client.post(
        f"/invitations/{invitation.token}/",
        {"name": "Sam Lee", "password1": "green-teapot-42", "password2": "green-teapot-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/riverside/"
    assert client.get("/o/riverside/").status_code == 200
    assert Membership.objects.get(user__email="sam@example.org").role == Role.MEMBER


def test_accept_invitation_page_mismatched_passwords_keeps_name(client, org):
    invitation = InvitationFactory(organisation=org, email="sam@example.org")
    response = client.post(
        f"/invitations/{invitation.token}/",
        {"name": "Sam Lee", "password1": "green-teapot-42", "password2": "green-teapot-24"},
    )
    page = response.content.decode()
    assert "The two passwords are different. Type them again." in page
    assert 'value="Sam Lee"' in page
    assert not Membership.objects.filter(user__email="sam@example.org").exists()


def test_accept_invitation_page_expired_says_so(client, org):
    invitation = InvitationFactory(
        organisation=org, email="sam@example.org", expires_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(f"/invitations/{invitation.token}/")
    assert response.status_code == 410
    assert "This invitation has run out of time." in response.content.decode()


def test_accept_invitation_page_existing_account_asks_to_log_in(client, org, bob):
    invitation = InvitationFactory(organisation=org, email=bob.email)
    page = client.get(f"/invitations/{invitation.token}/").content.decode()
    assert "There is already an account for bob@example.org." in page


def test_accept_invitation_page_unknown_token_is_404(client, db):
    assert client.get("/invitations/not-a-real-token/").status_code == 404


def test_admin_without_two_step_sign_in_is_sent_to_set_it_up(client_as, org):
    from tests.factories import MembershipFactory, UserFactory

    admin = UserFactory(email="new-admin@example.org")
    MembershipFactory(organisation=org, user=admin, role=Role.ADMIN)
    response = client_as(admin).get("/o/riverside/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_invited_admin_sets_up_two_step_sign_in_without_typing_the_password_again(client, org):
    invitation = InvitationFactory(organisation=org, email="sam@example.org", role=Role.ADMIN)
    client.post(
        f"/invitations/{invitation.token}/",
        {"name": "Sam Lee", "password1": "green-teapot-42", "password2": "green-teapot-42"},
    )
    assert client.get("/o/riverside/")["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200  # not sent to "enter your password again"
    assert response.templates[0].name == "mfa/totp/activate_form.html"


def test_admin_first_login_asks_for_the_password_once(client, org):
    from tests.factories import MembershipFactory, UserFactory

    admin = UserFactory(email="new-admin@example.org")
    admin.set_password("green-teapot-42")
    admin.save()
    MembershipFactory(organisation=org, user=admin, role=Role.ADMIN)
    response = client.post(
        "/accounts/login/", {"login": "new-admin@example.org", "password": "green-teapot-42"}
    )
    assert client.get(response["Location"])["Location"] == "/accounts/2fa/totp/activate/"
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert response.templates[0].name == "mfa/totp/activate_form.html"


def test_two_step_changes_ask_for_the_password_again_later(client, dana):
    client.force_login(dana)  # no password typed in this session
    response = client.get("/accounts/2fa/totp/deactivate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_staff_without_two_step_sign_in_is_not_forced(client_as, alice):
    assert client_as(alice).get("/o/riverside/").status_code == 200


def test_invite_page_says_how_long_the_link_works_for_one_day_too(client_as, dana, settings):
    settings.INVITATION_DAYS = 1
    html = client_as(dana).get("/o/riverside/members/invite/").content.decode()
    assert "We will email them a link. The link works for 1 day." in html


def test_nothing_is_ever_emailed_to_a_sign_in_names_made_up_address(client, bob, mailoutbox):
    User.objects.create_user("june2345@no-email.invalid", "a long river walk", name="June")
    client.post("/accounts/password/reset/", {"email": "june2345@no-email.invalid"})
    assert mailoutbox == []
    client.post("/accounts/password/reset/", {"email": "bob@example.org"})
    assert [m.to for m in mailoutbox] == [["bob@example.org"]]


def test_nobody_signs_up_with_an_address_kept_for_sign_in_names(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Someone",
            "email": "june2345@no-email.invalid",
            "password1": "a long river walk",
            "password2": "a long river walk",
        },
    )
    assert "Enter an email address like name@example.org." in response.content.decode()
    assert not User.objects.filter(email="june2345@no-email.invalid").exists()
