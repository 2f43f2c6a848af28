"""Every page a signed-in user can open passes axe, fits a 320 px screen, and keeps text size.

Also proves the checks themselves work: a page with a known problem must fail them.
"""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    allow_console_error,
    check,
    has_no_sideways_scroll,
    log_in,
    navigates,
    totp_secret_of,
    visit,
    watch_of,
)

NOT_FOUND = "/o/riverside/initiatives/999999/"


def staff_pages(initiative) -> list[str]:
    """Every page staff can open with no parameters other than the organisation and a pk."""
    org = "/o/riverside"
    person = initiative.involvements.get(capacity="lived_care").person
    return [
        f"{org}/",
        f"{org}/initiatives/",
        f"{org}/initiatives/new/",
        f"{org}/initiatives/{initiative.pk}/",
        f"{org}/initiatives/{initiative.pk}/edit/",
        f"{org}/initiatives/{initiative.pk}/people/add/",
        f"{org}/people/",
        f"{org}/people/new/",
        f"{org}/people/{person.pk}/",
        f"{org}/people/{person.pk}/edit/",
        "/display/",
        "/accessibility/",
        "/organisations/new/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/logout/",
    ]


ADMIN_PAGES = ["/o/riverside/members/", "/o/riverside/members/invite/", "/o/riverside/audit/"]
LOGGED_OUT_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def test_every_staff_page_passes_axe(page: Page, initiative):
    log_in(page, "alice@example.org")
    for path in staff_pages(initiative):
        visit(page, path)
    allow_console_error(page, r"status of 404")
    visit(page, NOT_FOUND, status=404)
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot find that page")


def test_every_admin_page_passes_axe(page: Page, dana):
    log_in(page, "dana@example.org", totp_secret=totp_secret_of(dana))
    for path in ADMIN_PAGES:
        visit(page, path)


def test_every_logged_out_page_passes_axe(page: Page, org):
    for path in LOGGED_OUT_PAGES:
        visit(page, path)


def test_pages_fit_320px_wide_with_standard_and_larger_text(new_page, initiative, dana):
    page = new_page(viewport={"width": 320, "height": 640})
    for path in LOGGED_OUT_PAGES:
        visit(page, path)
        assert has_no_sideways_scroll(page), f"{path} scrolls sideways at 320 px"
    log_in(page, "alice@example.org")
    pages = staff_pages(initiative)
    for path in pages:
        visit(page, path)
        assert has_no_sideways_scroll(page), f"{path} scrolls sideways at 320 px"

    visit(page, "/display/?next=/o/riverside/")
    page.get_by_label("Large", exact=True).check()
    page.get_by_label("High contrast").check()
    with navigates(page):
        page.get_by_role("button", name="Save my choice").click()
    assert page.url.endswith("/o/riverside/")
    expect(page.locator("html")).to_have_class("text-large contrast-high")
    for path in pages:  # axe checks colour contrast again, in high contrast
        visit(page, path)
        expect(page.locator("html")).to_have_class("text-large contrast-high")
        assert has_no_sideways_scroll(page), f"{path} scrolls sideways at 320 px, large text"

    allow_console_error(page, r"status of 404")
    visit(page, NOT_FOUND, status=404)
    assert has_no_sideways_scroll(page), "the 404 page scrolls sideways at 320 px"

    admin = new_page(viewport={"width": 320, "height": 640})
    log_in(admin, "dana@example.org", totp_secret=totp_secret_of(dana))
    for path in ADMIN_PAGES:
        visit(admin, path)
        assert has_no_sideways_scroll(admin), f"{path} scrolls sideways at 320 px"


# The checks must catch what they are for; otherwise a passing run proves nothing.


def test_checks_fail_on_an_axe_violation(page: Page, org):
    visit(page, "/accessibility/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(Failed, match=r"image-alt \(critical\)"):
        check(page)


def test_checks_fail_on_a_csp_violation(page: Page, org):
    visit(page, "/accessibility/")
    page.evaluate(
        """() => {
          const style = document.createElement("style");
          style.textContent = "main { color: red; }";
          document.head.append(style);
        }"""
    )
    with pytest.raises(Failed, match=r"CSP violation: .*style-src"):
        check(page)
    watch_of(page).problems.clear()


def test_checks_fail_on_a_page_that_skipped_axe(page: Page, org):
    visit(page, "/accessibility/")
    page.goto(watch_of(page).base_url + "/display/")  # loaded, but never checked
    with pytest.raises(Failed, match=r"never checked by axe: http://\S+/display/"):
        visit(page, "/accessibility/")
    watch_of(page).checked.update(watch_of(page).loaded)
