"""Real Chromium through Playwright, against a live server, with axe on every page.

Every page of ours that loads in a test must be checked by axe (WCAG 2.2 A and AA): `visit()`
checks after going to a page and `navigates()` after a click or key press that loads one. An
init script reports each page load, so a page that loads without a check fails the test. So do
console errors and Content Security Policy violations: the strict CSP must hold.

Axe comes in as an init script (over the DevTools protocol), which the page's CSP does not
govern, so the real CSP stays on while we test.

Every test in this folder is marked `browser` here (so `-m "not browser"` leaves them out) and
skips when Chromium is missing, except in CI, where nothing may skip.

Pages that need WebSockets (the live workshop) are served by uvicorn: a test module overrides
`server_url` with `live_asgi_server`; everything else uses pytest-django's `live_server`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.db import connections
from django.db.transaction import atomic
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from coproduce.core.db import retry_when_locked
from tests.conftest import HAS_CHROMIUM, skip_unless
from tests.factories import PASSWORD

HERE = Path(__file__).parent
TOTP_PERIOD = 30  # allauth's default MFA_TOTP_PERIOD
CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent.parent / "vendor" / "axe-4.14.1.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The WCAG rules, and heading-order (a best-practice rule) so no page skips a heading level.
RUN_AXE = """(tags) => axe.run(document, {
  runOnly: {type: "tag", values: tags}, rules: {"heading-order": {enabled: true}},
  resultTypes: ["violations"]
})"""

# Runs in every document before its own scripts (Playwright adds it over the DevTools
# protocol, so the CSP does not block it). It names the document and reports its load and any
# CSP violation to the test.
WATCH_SCRIPT = """(() => {
  const id = Date.now().toString(36) + Math.random().toString(36).slice(2);
  Object.defineProperty(window, "__coproduceDocument", {value: id});
  const report = (kind, data) => window.__coproduceReport(kind, JSON.stringify(data));
  document.addEventListener("securitypolicyviolation", (e) => report("csp", {
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample,
  }));
  window.addEventListener("load", () => report("load", {id, url: location.href}));
})();"""


@dataclass
class Watch:
    """What one browser context has loaded, what axe has checked, and what went wrong."""

    base_url: str
    loaded: dict[str, str] = field(default_factory=dict)  # document id -> its URL
    checked: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    allowed_console_errors: list[re.Pattern[str]] = field(default_factory=list)

    def report(self, source: object, kind: str, payload: str) -> None:
        data = json.loads(payload)
        if kind == "load" and data["url"].startswith(self.base_url):
            self.loaded[data["id"]] = data["url"]
        elif kind == "csp":
            self.problems.append(f"CSP violation: {data}")

    def console(self, message_type: str, text: str, url: str, source: str) -> None:
        if message_type != "error":
            return
        if any(pattern.search(text) for pattern in self.allowed_console_errors):
            return
        self.problems.append(f"Console error on {url}: {text}")

    def assert_clean(self, current: str | None = None) -> None:
        """Fail on any problem so far, and on any page of ours that loaded unchecked."""
        escaped = [
            url for doc, url in self.loaded.items() if doc not in self.checked and doc != current
        ]
        messages = list(self.problems)
        if escaped:
            messages.append("Pages loaded but never checked by axe: " + ", ".join(escaped))
        self.problems.clear()
        if messages:
            pytest.fail("\n".join(messages), pytrace=False)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, and skip it without Chromium (not in CI)."""
    needs_chromium = skip_unless(
        HAS_CHROMIUM, "needs Chromium at /usr/bin/chromium (apt-get install chromium)"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(needs_chromium)


_WATCHES: dict[Page, Watch] = {}


def watch_of(page: Page) -> Watch:
    return _WATCHES[page]


def check(page: Page) -> None:
    """Run axe (WCAG 2.2 A and AA) on the page as it is now; fail on any violation."""
    watch = watch_of(page)
    page.wait_for_load_state("load")
    url = page.url
    document = page.evaluate("window.__coproduceDocument")
    if not url.startswith(watch.base_url):
        watch.assert_clean(current=document)
        return
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(RUN_AXE, WCAG_TAGS)
    watch.checked.add(document)
    violations = results["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) (WCAG 2.2 A/AA, headings) on {url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
        pytest.fail("\n".join(lines), pytrace=False)
    watch.assert_clean(current=document)


def visit(page: Page, path: str, *, status: int = 200) -> None:
    """Go to a path of ours, check the status code, and check the page with axe."""
    response = page.goto(watch_of(page).base_url + path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    check(page)


@contextlib.contextmanager
def navigates(page: Page) -> Iterator[None]:
    """Wrap a click or key press that loads a new page; the new page is checked by axe."""
    with page.expect_navigation():
        yield
    check(page)


@contextlib.contextmanager
def in_place(page: Page) -> Iterator[None]:
    """Wrap a click or key press that htmx answers in place (the console's buttons): waits for
    the answer to be swapped in, checks that no page loaded, and checks the page with axe."""
    loads: list[object] = []

    def note_load(loaded: object) -> None:
        loads.append(loaded)

    page.on("load", note_load)
    before = page.evaluate("window.__coproduceDocument")
    page.evaluate(
        """() => {
          window.__coproduceSwapped = false;
          document.addEventListener("htmx:afterRequest", () => {
            window.__coproduceSwapped = true;
          }, {once: true});
        }"""
    )
    yield
    page.wait_for_function("() => window.__coproduceSwapped === true")
    page.remove_listener("load", note_load)
    assert not loads, "the page loaded again"
    assert page.evaluate("window.__coproduceDocument") == before
    check(page)


def allow_console_error(page: Page, pattern: str) -> None:
    """Expect a console error, such as Chromium's note that a page answered 404."""
    watch_of(page).allowed_console_errors.append(re.compile(pattern))


def has_no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def focused(page: Page) -> dict[str, str | bool]:
    """What has keyboard focus: tag, id, name, type, label, text, value, and if it is on screen."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
          const r = el.getBoundingClientRect();
          return {tag: el.tagName.toLowerCase(), id: el.id || "", name: el.name || "",
                  type: el.type || "", label: label.trim().replace(/\\s+/g, " "),
                  text: (el.textContent || "").trim().replace(/\\s+/g, " "),
                  value: el.value === undefined ? "" : String(el.value),
                  visible: el.checkVisibility() && r.width > 1 && r.height > 1 && r.bottom > 0
                    && r.right > 0 && r.top < innerHeight && r.left < innerWidth};
        }"""
    )


# Keyboard only: Tab and Shift+Tab, Enter, Space, arrows and typing; no clicks, no fill().


def tab_to(
    page: Page, *, max_presses: int = 60, backwards: bool = False, **wanted: str | re.Pattern
) -> None:
    """Press Tab until the focused element matches every wanted field of `focused()`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_presses):
        page.keyboard.press(key)
        now = focused(page)
        assert now["visible"], f"Focus moved to something not on screen: {now} on {page.url}"
        if all(
            value.fullmatch(now[name]) if isinstance(value, re.Pattern) else now[name] == value
            for name, value in wanted.items()
        ):
            return
    pytest.fail(f"Could not reach {wanted} with {key} in {max_presses} presses on {page.url}")


def press_and_load(page: Page, key: str = "Enter") -> None:
    with navigates(page):
        page.keyboard.press(key)


def type_into(page: Page, label: str | re.Pattern, text: str) -> None:
    tab_to(page, label=label)
    page.keyboard.type(text)


def field(page: Page, label: str):
    """The form field with this label, required or "(optional)"."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \(optional\))?$"))


def in_a_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """As a web request would: Playwright's loop runs in this thread, and telling the room
    must not happen inside a running event loop. The tests' in-memory SQLite, shared with the
    live server, says "table is locked" at once where a real database would wait: the whole
    call, made one transaction, is tried again, as the server's own writes are. An error in
    the thread is raised here, not lost in a warning."""
    outcome: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(retry_when_locked(lambda: atomic(function)(*args, **kwargs)))
        except BaseException as error:  # handed to the test's own thread
            failure.append(error)
        finally:
            connections.close_all()  # hold no lock on the test database after

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


def panel_path(panel, tail: str = "") -> str:
    return f"/o/riverside/panels/{panel.pk}/{tail}"


def totp_code(secret: str) -> str:
    """The authenticator app's code for now, taken early enough in its 30-second window that it
    is still the current code when the form reaches the server (allauth allows no drift)."""
    remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if remaining < 8:
        time.sleep(remaining + 0.5)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def totp_secret_of(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def log_in(page: Page, email: str, *, totp_secret: str | None = None) -> None:
    """Log in through the real allauth form (and the two-step stage when given a secret).

    Fields are found by their allauth names, so rewording the labels does not break this.
    """
    visit(page, "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with navigates(page):
        page.locator("main form button[type=submit]").first.click()
    if totp_secret is not None:
        page.locator("input[name=code]").fill(totp_code(totp_secret))
        with navigates(page):
            page.locator("main form button[type=submit]").first.click()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests.

    Package scope, not session: while Playwright's sync API is running it leaves an asyncio
    loop marked as running, which would break the async and ORM tests that run after these.
    Django refuses ORM calls while a loop runs, hence DJANGO_ALLOW_ASYNC_UNSAFE for our own.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def server_url(request: pytest.FixtureRequest) -> str:
    """Where the pages are served: Django's live server (WSGI, no WebSockets), or uvicorn
    (`live_asgi_server`) for a module marked `live_room`, whose pages need WebSockets."""
    if request.node.get_closest_marker("live_room"):
        return str(request.getfixturevalue("live_asgi_server"))
    return str(request.getfixturevalue("live_server").url)


@pytest.fixture(autouse=True)
def _patient_expectations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Live changes cross a socket, the channel layer and a fetch: in a live room, allow for
    a busy machine."""
    patient = request.node.get_closest_marker("live_room") is not None
    if patient:
        expect.set_options(timeout=15_000)
    yield
    if patient:
        expect.set_options(timeout=5_000)


@pytest.fixture
def live_asgi_server(transactional_db) -> Iterator[str]:
    """Uvicorn serving config.asgi (HTTP and WebSockets) on a free port; yields its address.

    It runs in a thread of this process, so it sees the test database (even SQLite's shared
    in-memory one) and the channel layer of the settings: in memory, or Redis with REDIS_URL.
    Its own event loop is in that thread, away from the one Playwright leaves running here.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        "config.asgi:application",
        ws="websockets-sansio",
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="live-asgi", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            listener.close()
            pytest.fail("The live ASGI server did not start.", pytrace=False)
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if thread.is_alive():  # a connection that would not close: stop waiting for it
            server.force_exit = True
            thread.join(timeout=5)
        listener.close()
        assert not thread.is_alive(), "The live ASGI server did not stop."


@pytest.fixture
def new_page(browser: Browser, server_url: str, transactional_db) -> Iterator[Callable[..., Page]]:
    """new_page(**context_options) opens a page in a fresh context (its own cookies)."""
    opened: list[tuple[BrowserContext, Page]] = []

    def open_page(**options: object) -> Page:
        options.setdefault("viewport", {"width": 1024, "height": 768})
        context = browser.new_context(locale="en-GB", **options)  # type: ignore[arg-type]  # the options are Playwright's own
        context.set_default_timeout(10_000)
        watch = Watch(base_url=server_url)
        context.expose_binding("__coproduceReport", watch.report)
        context.add_init_script(WATCH_SCRIPT)
        # Axe too, in every document from the start: sending its 500 kB over the DevTools
        # protocol for each page took as long as running it. (Still outside the page's CSP.)
        context.add_init_script(AXE_SOURCE)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: watch.console(msg.type, msg.text, page.url, msg.location.get("url", "")),
        )
        page.on("pageerror", lambda error: watch.problems.append(f"Page error: {error}"))
        _WATCHES[page] = watch
        opened.append((context, page))
        return page

    yield open_page
    try:
        for _context, page in opened:
            page.evaluate("0")  # let reports still on their way arrive
            if not page.url.startswith("about:"):
                watch_of(page).assert_clean(current=None)
    finally:
        for context, page in opened:
            _WATCHES.pop(page, None)
            context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def summary_value(page: Page, label: str):
    """The value beside `label` in a summary list (its <dd>)."""
    row = page.locator(".summary-list > div").filter(
        has=page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    return row.locator("dd").first
