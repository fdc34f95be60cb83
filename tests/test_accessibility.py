"""Accessibility (WCAG 2.1 AA) checked by axe-core in Debian's chromium: the sign-in page, the dashboard,
the case list, a case page and the public San José Guidelines page have no serious or critical
violation, in English, and the case page neither in Arabic (right to left) nor in Chinese. The public secure
form and its status page, the public site, the follow-up pages, the State portal and the trackers have none in
English, Arabic or Chinese. The public form can be filled in and sent with the keyboard alone.

Set REPRISALS_SCREENSHOTS=1 to save docs/screenshots/public-form-ar.png.

axe-core is vendored from the npm registry (reprisals/static/vendor/axe/) and served by the live server
itself, so the strict Content Security Policy (script-src 'self') stays in force during the check.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from django.test import Client

from reprisals.accounts.models import User
from tests.test_browser import CHROMIUM, SCREENSHOTS, chromium_page, plain_http  # noqa: F401  (plain_http is a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]

AXE_URL = "/static/vendor/axe/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def session_cookies(base: str, user: User, language: str | None = None) -> list[dict[str, str]]:
    """Browser cookies for a signed-in user (the second factor counted as done, see conftest) and, if given,
    the language. Call it before the browser starts: Playwright's loop forbids the ORM in its thread."""
    client = Client()
    client.force_login(user)
    host = base.split("//", 1)[1].split(":")[0]
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    if language:
        cookies.append({"name": "django_language", "value": language, "domain": host, "path": "/"})
    return cookies


def axe_violations(page: Any, base: str) -> list[dict[str, Any]]:
    """Run axe-core on the current page (WCAG 2.0/2.1 A and AA rules) and return its violations."""
    page.add_script_tag(url=base + AXE_URL)
    page.wait_for_function("() => window.axe !== undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """A readable line for every serious or critical violation: rule, impact, the first offending nodes."""
    lines = []
    for v in violations:
        if v["impact"] in BLOCKING:
            targets = [json.dumps(n["target"]) + " " + n.get("failureSummary", "").replace("\n", " ")[:200]
                       for n in v["nodes"][:3]]
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s): {targets}")
    return lines


def check(page: Any, base: str, path: str) -> list[str]:
    response = page.goto(base + path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    return blocking(axe_violations(page, base))


@pytest.fixture
def a_case(new_case: Any) -> Any:
    return new_case()


def test_axe_core_is_vendored_with_its_licence() -> None:
    from pathlib import Path

    from tests.test_browser import reprisals

    axe = Path(reprisals.__file__).resolve().parent / "static" / "vendor" / "axe"
    assert (axe / "axe.min.js").stat().st_size > 100_000
    assert "Mozilla Public License" in (axe / "LICENSE").read_text(encoding="utf-8")
    assert "axe v4." in (axe / "axe.min.js").read_text(encoding="utf-8")[:500]


def test_sign_in_page_has_no_serious_accessibility_violation(live_server: Any, plain_http: None) -> None:  # noqa: F811
    with chromium_page() as page:
        found = check(page, live_server.url, "/login/")
    assert not found, "\n".join(found)


def test_staff_pages_have_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, officer: User, a_case: Any  # noqa: F811
) -> None:
    found: dict[str, list[str]] = {}
    cookies = session_cookies(live_server.url, officer)
    with chromium_page() as page:
        page.context.add_cookies(cookies)
        for path in ["/", "/cases/", f"/cases/{a_case.pk}/"]:
            found[path] = check(page, live_server.url, path)
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    assert not any(found.values()), json.dumps(found, indent=1, ensure_ascii=False)


def test_public_san_jose_page_has_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, reference: None  # noqa: F811
) -> None:
    with chromium_page() as page:
        found = check(page, live_server.url, "/san-jose-guidelines/")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_case_page_in_arabic_and_chinese_has_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, officer: User, a_case: Any, language: str  # noqa: F811
) -> None:
    cookies = session_cookies(live_server.url, officer, language)
    with chromium_page() as page:
        page.context.add_cookies(cookies)
        found = check(page, live_server.url, f"/cases/{a_case.pk}/")
        assert page.locator("html").get_attribute("lang") == language
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- the rest of the product, in three languages
# The public secure form and its status page, the public site, the follow-up pages for staff, the State
# portal and the trackers, each in English, Arabic (right to left) and Chinese.

LANGUAGES = ["en", "ar", "zh-hans"]
FORM_CODE_FIELD = "#id_code"


@pytest.fixture
def world(officer: User, senior: User, state_user: User) -> dict[str, Any]:
    """Published cases (the public site), follow-up with Bahrain (one answered communication, one overdue),
    NGO applications and San José decisions (the trackers), and a receipt code of the public form."""
    import datetime as dt

    from django.core.cache import cache

    from reprisals.reference.models import Country
    from reprisals.reports import services as report_services
    from reprisals.reports.testdata import communicate, make_case
    from reprisals.trackers.demo import demo_trackers
    from reprisals.trackers.models import NGOApplication

    cache.clear()  # the public form's rate limits
    bahrain, nauru = Country.objects.get(iso3="BHR"), Country.objects.get(iso3="NRU")
    cases = [make_case(actor=officer, country=bahrain, name=f"Bahraini Defender {i}", incident=f"2016-0{i + 1}")
             for i in range(3)]
    make_case(actor=officer, country=nauru, name="Nauru Defender", forms=["online_harassment"], body="CCPR")
    period = report_services.period_create(actor=officer, start=dt.date(2015, 5, 1), end=dt.date(2016, 4, 30),
                                           symbol="A/HRC/33/19")
    report_services.report_finalise(actor=senior, period=period)
    today = dt.date.today()
    answered = communicate(case=cases[0], sent_on=today - dt.timedelta(days=90), answered_on=today - dt.timedelta(
        days=20), level="partial", actor=officer)
    communicate(case=cases[1], sent_on=today - dt.timedelta(days=200), actor=officer)  # overdue
    demo_trackers(7, ngos=6, evidence=0)
    client = Client()
    response = client.post("/submit/", {
        "country": "BHR", "what_happened": "Arrested after speaking at the Human Rights Council.",
        "incident_date": "2024-03", "person_name": "Hasan Example", "un_body": "HRC",
        "engagement_kind": "participation_un_meeting", "consent_raise_with_state": "yes",
        "consent_publish_name": "no", "consent_publish_anonymously": "yes", "consent_share_un": "no",
        "in_danger": "unknown", "detained": "yes", "travelling_to_un_session": "no"})
    assert response.status_code == 201
    code = response.content.decode().split('id="receipt-code">')[1].split("<")[0]
    return {"communication": answered.pk, "ngo": NGOApplication.objects.order_by("pk").first().pk, "code": code,
            "officer": officer, "state_user": state_user}


def check_all(page: Any, base: str, paths: list[str], language: str) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        found[path] = check(page, base, path)
        html = page.locator("html")
        assert html.get_attribute("lang") == language, path
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), path
    return {path: lines for path, lines in found.items() if lines}


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_form_status_page_and_public_site_have_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, world: dict[str, Any], language: str  # noqa: F811
) -> None:
    host = live_server.url.split("//", 1)[1].split(":")[0]
    paths = ["/submit/", "/submit/status/", "/public/", "/public/cases/", "/public/states/BHR/", "/public/data/"]
    with chromium_page() as page:
        page.context.add_cookies([{"name": "django_language", "value": language, "domain": host, "path": "/"}])
        found = check_all(page, live_server.url, paths, language)
        if language == "ar" and os.environ.get("REPRISALS_SCREENSHOTS") == "1":
            page.goto(live_server.url + "/submit/")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "public-form-ar.png"), full_page=False)
        # The status page answers a receipt code: the page that shows the status is checked too.
        page.goto(live_server.url + "/submit/status/")
        page.fill(FORM_CODE_FIELD, world["code"])
        with page.expect_navigation():
            page.press(FORM_CODE_FIELD, "Enter")
        assert page.locator("main .badge[class*='status-']").count() == 1, page.content()[:3000]
        status = blocking(axe_violations(page, live_server.url))
        if status:
            found["/submit/status/ (answer)"] = status
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_and_tracker_pages_for_staff_have_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, world: dict[str, Any], language: str  # noqa: F811
) -> None:
    cookies = session_cookies(live_server.url, world["officer"], language)
    paths = ["/followup/", f"/followup/communications/{world['communication']}/", "/followup/record/",
             "/followup/record/?state=BHR", "/followup/communications/new/", "/followup/communications/import/",
             "/trackers/", "/trackers/san-jose/", "/trackers/ngo/", "/trackers/ngo/deferred/",
             "/trackers/ngo/longest-waiting/", "/trackers/ngo/by-state/", "/trackers/ngo/by-session/",
             f"/trackers/ngo/{world['ngo']}/", "/trackers/online/", "/trackers/ngo/new/", "/trackers/ngo/import/"]
    with chromium_page() as page:
        page.context.add_cookies(cookies)
        found = check_all(page, live_server.url, paths, language)
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_state_portal_has_no_serious_accessibility_violation(
    live_server: Any, plain_http: None, world: dict[str, Any], language: str  # noqa: F811
) -> None:
    cookies = session_cookies(live_server.url, world["state_user"], language)
    paths = ["/portal/", f"/portal/communications/{world['communication']}/"]
    with chromium_page() as page:
        page.context.add_cookies(cookies)
        found = check_all(page, live_server.url, paths, language)
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


# ---------------------------------------------------------------- the public form with the keyboard only

FOCUS_STATE = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {tag: e.tagName, type: e.type || "", name: e.name || "", value: e.value || "",
          text: (e.textContent || "").trim().slice(0, 60),
          inForm: !!e.closest("form[action$='/submit/']"),
          visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
                   || style.boxShadow !== "none"};
}"""


def test_the_public_form_can_be_filled_and_sent_with_the_keyboard_only(
    live_server: Any, plain_http: None, reference: None  # noqa: F811
) -> None:
    """Someone who cannot use a mouse reaches the form with the skip link, fills in what is needed with Tab, typing,
    Space and arrow keys only, sends it with Enter and gets the receipt code; every stop shows where the focus is."""
    from django.core.cache import cache

    from reprisals.intake.models import Submission

    cache.clear()
    typed = {"what_happened": "He was arrested at the airport after speaking at the Human Rights Council.",
             "incident_date": "2024-03", "person_name": "Hasan Example", "contact": "signal: +000 000"}
    selects = {"country": ("Bahrain", "BHR"), "un_body": ("Human Rights Council", "HRC")}
    stops: list[dict[str, Any]] = []
    with chromium_page() as page:
        page.goto(live_server.url + "/submit/")
        page.keyboard.press("Tab")
        skip = page.evaluate(FOCUS_STATE)
        assert skip["tag"] == "A" and skip["text"] == "Skip to main content" and skip["visible"], skip
        page.keyboard.press("Enter")
        radios_done: set[str] = set()
        checked_a_form = False
        for _ in range(150):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            stops.append(state)
            if not state["inForm"]:
                continue
            name, kind = state["name"], state["type"]
            if state["tag"] == "BUTTON" and kind == "submit":
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                break
            if name in typed:
                page.keyboard.type(typed[name])
            elif state["tag"] == "SELECT" and name in selects:
                page.keyboard.type(selects[name][0])  # type-ahead picks the option by its name
                assert page.evaluate("() => document.activeElement.value") == selects[name][1], name
            elif kind == "radio" and name not in radios_done:
                page.keyboard.press("ArrowDown")  # the second choice: "No" (or "No" of yes/no/don't know)
                page.keyboard.press("ArrowUp")  # back to the first: "Yes"; arrow keys check what they reach
                radios_done.add(name)
            elif kind == "checkbox" and name == "forms_of_reprisal" and not checked_a_form:
                page.keyboard.press("Space")
                checked_a_form = True
        else:
            pytest.fail("the send button was never reached with Tab")
        assert page.locator("#receipt-code").count() == 1, page.locator(".invalid-feedback").all_inner_texts()
        assert not page.problems, page.problems  # type: ignore[attr-defined]
    hidden = [s for s in stops if not s["visible"] and s["tag"] != "BODY"]
    assert not hidden, f"focus not visible on: {hidden}"
    assert {"consent_raise_with_state", "consent_publish_name", "in_danger", "detained"} <= radios_done
    submission = Submission.objects.get()
    assert submission.country.iso3 == "BHR"
