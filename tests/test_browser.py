"""The staff pages in a real browser (Debian's chromium through Playwright): a case officer signs in,
records an allegation, opens a case from it, adds an affected party, finds the case by full-text
search and opens its page, with the strict Content Security Policy in force and never violated.

Set REPRISALS_SCREENSHOTS=1 to save docs/screenshots/case-page.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyotp
import pytest

import reprisals
from reprisals.accounts.models import User
from reprisals.cases.models import Case
from tests.conftest import PASSWORD


def submitted(page: Any, button: Any, url: str) -> None:
    """Click a form's submit button and wait for the page it leads to; when it does not come, fail with
    where the browser is and what the page says (the form's errors, or an error page), not a bare timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button.click()
    try:
        page.wait_for_url(url, wait_until="domcontentloaded")
    except PlaywrightTimeout:
        alerts = page.locator(".alert, .invalid-feedback, h1").all_inner_texts()
        # Whether the browser refused to send the form (a field its own checks find invalid), where the
        # focus is, and whether the panel holding the form is open.
        state = page.evaluate("""() => {
            const form = document.activeElement && document.activeElement.form
                || [...document.forms].find(f => f.closest('.collapse.show'));
            const invalid = form ? [...form.elements].filter(e => e.willValidate && !e.checkValidity())
                .map(e => `${e.name}: ${e.validationMessage}`) : [];
            return {focus: document.activeElement && (document.activeElement.name || document.activeElement.tagName),
                    open: [...document.querySelectorAll('.collapse')].filter(e => e.classList.contains('show')
                          || e.classList.contains('collapsing')).map(e => e.id + ' ' + e.className),
                    invalid};
        }""")
        raise AssertionError(f"expected {url}, the browser is at {page.url}; the page says {alerts}; "
                             f"the browser saw {page.problems}; the page's state: {state}") from None


def open_panel(page: Any, button: str, panel: str) -> Any:
    """Open an action panel as a person does: click its button, then wait until it has finished opening
    (Bootstrap ignores a toggle while a panel is still moving, and a form half-way open is not yet where
    it will be)."""
    page.get_by_role("button", name=button).click()
    locator = page.locator(panel)
    locator.and_(page.locator(".collapse.show:not(.collapsing)")).wait_for(state="visible")
    return locator

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]


@pytest.fixture
def plain_http(settings: Any) -> None:
    """The live server speaks plain HTTP: secure-only cookies would never come back from the browser."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    static = Path(reprisals.__file__).resolve().parent / "static"
    if static not in [Path(d) for d in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static]


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A page in headless chromium that collects console errors (CSP violations among them)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(60_000)  # CI machines are shared and slow at times
        problems: list[str] = []
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.problems = problems  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_officer_records_opens_finds_and_reads_a_case(live_server: Any, plain_http: None, officer: User) -> None:
    # Playwright's sync API runs an event loop in this thread: the database is read after the browser closes.
    with chromium_page() as page:
        reference = _work_through_a_case(page, live_server.url)
    case = Case.objects.get(reference=reference)
    assert case.risk_level == "urgent" and case.country.iso3 == "BHR"
    assert [p.name for p in case.parties.all()] == ["Nadia Quellmalz"]
    assert case.incidents.get().forms.count() == 2 and case.engagements.get().un_body.code == "HRC"
    assert case.allegations.get().source_identity == "Her brother"


def _work_through_a_case(page: Any, base: str) -> str:

    page.goto(base + "/")
    assert "/login/" in page.url
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # First sign-in: enrol an authenticator app, then keep the recovery codes.
    page.wait_for_url("**/login/second-factor/setup/**")
    secret = page.locator(".totp-secret").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(base + "/", wait_until="domcontentloaded")
    assert page.get_by_role("heading", name="Dashboard").is_visible()

    page.get_by_role("link", name="Record an allegation").first.click()
    page.get_by_label("State concerned").select_option("BHR")
    page.get_by_label("Received on").fill("2016-03-10")
    page.get_by_label("Sent by").select_option("ISHR")
    page.get_by_label("Sender's reference").fill("ISHR-BR-1")
    page.get_by_label("Narrative").fill("Nadia Quellmalz was stopped at the airport on her way back from Geneva.")
    page.get_by_label("Identity of the source").fill("Her brother")
    page.get_by_role("button", name="Record the allegation").click()
    page.wait_for_url(base + "/allegations/", wait_until="domcontentloaded")
    row = page.locator("tr", has_text="ISHR-BR-1")
    row.get_by_role("link", name="Open a case").click()

    page.get_by_label("Title").fill("Travel ban on Nadia Quellmalz")
    assert page.get_by_label("State concerned").input_value() == "BHR"
    page.get_by_label("Risk now").select_option("urgent")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(base + "/cases/*/", wait_until="domcontentloaded")
    reference = page.locator("h1 .case-ref").inner_text()
    case_url = page.url
    assert reference.startswith("RT-")
    assert "Travel ban on Nadia Quellmalz" in page.get_by_role("heading", level=1).inner_text()

    panel = open_panel(page, "Add an affected party", "#act-party")
    panel.get_by_label("Name", exact=True).fill("Nadia Quellmalz")
    panel.get_by_label("Other spellings").fill("Nadia Kellmalz")
    panel.get_by_label("Human rights defender", exact=True).check()
    panel.get_by_label("Travel prevented").check()
    submitted(page, panel.get_by_role("button", name="Add the affected party"), case_url + "#parties")
    assert page.locator(".party-name", has_text="Nadia Quellmalz").is_visible()

    panel = open_panel(page, "Record an incident", "#act-incident")
    panel.get_by_label("Date").fill("2016-03")
    panel.get_by_label("Place").fill("Bahrain International Airport")
    panel.get_by_label("Forms of reprisal").select_option(["travel_ban", "intimidation_harassment"])
    panel.get_by_label("Perpetrator").select_option("security_intelligence")
    submitted(page, panel.get_by_role("button", name="Record the incident"), case_url + "#incidents")

    panel = open_panel(page, "Record UN engagement", "#act-engagement")
    panel.get_by_label("UN body or mechanism").select_option("HRC")
    panel.get_by_label("Kind of engagement").select_option("participation_un_meeting")
    panel.get_by_label("Date").fill("2016-03")
    submitted(page, panel.get_by_role("button", name="Record the engagement"), case_url + "#engagements")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Search names and narratives").fill("kellmalz")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/cases/?q=kellmalz*")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(case_url)
    assert "Her brother" not in page.content()
    assert page.locator(".status-badge").first.inner_text() == "Received"
    assert page.locator("#timeline .timeline-item").count() == 4

    if os.environ.get("REPRISALS_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "case-page.png"), full_page=True)

    # Bootstrap and htmx ran under the strict policy, without a single violation or script error.
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.problems == []
    return reference
