"""The staff pages in Arabic and Chinese, in Debian's chromium: a signed-in officer picks the language in
the footer; the choice is remembered (by cookie) from page to page; Arabic is laid out right to left
with Bootstrap's RTL build; country, UN body and vocabulary names follow the language.

Set REPRISALS_SCREENSHOTS=1 to save docs/screenshots/case-page-ar.png and case-page-zh.png.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from reprisals.accounts.models import User
from tests.test_accessibility import session_cookies
from tests.test_browser import CHROMIUM, SCREENSHOTS, chromium_page, plain_http  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]

EXPECTED = {
    # language: (option label in the footer, dir, stylesheet, dashboard heading, words on the case page)
    "ar": ("العربي", "rtl", "bootstrap.rtl.min.css", "لوحة المعلومات",
           ["الأطراف المتضررة", "البحرين", "مجلس حقوق الإنسان", "حظر السفر أو مصادرة جواز السفر"]),
    "zh-hans": ("中文", "ltr", "bootstrap.min.css", "仪表板",
                ["受影响方", "巴林", "人权理事会", "旅行禁令或没收护照"]),
}


def choose_language(page: Any, language: str, label: str) -> None:
    """Pick a language in the footer form, the way a person does (the option shows the language's own name)."""
    select = page.get_by_label("Language")
    assert label in select.locator(f"option[value={language}]").inner_text()
    select.select_option(value=language)
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_officer_reads_dashboard_and_case_page_in_the_chosen_language(
    live_server: Any, plain_http: None, officer: User, new_case: Any, language: str  # noqa: F811
) -> None:
    case = new_case(title="Travel ban on a woman human rights defender")
    label, direction, stylesheet, dashboard_heading, words = EXPECTED[language]
    cookies = session_cookies(live_server.url, officer)
    with chromium_page() as page:
        page.context.add_cookies(cookies)
        page.goto(live_server.url + "/")
        assert page.get_by_role("heading", name="Dashboard").is_visible()
        choose_language(page, language, label)

        # The dashboard, now in the chosen language.
        html = page.locator("html")
        assert html.get_attribute("lang") == language and html.get_attribute("dir") == direction
        assert page.get_by_role("heading", name=dashboard_heading).is_visible()
        sheets = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
        assert any(s.endswith("/" + stylesheet) for s in sheets), sheets
        if direction == "rtl":
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

        # The choice is remembered: the next page is in the same language without choosing again.
        page.goto(live_server.url + f"/cases/{case.pk}/")
        assert page.locator("html").get_attribute("lang") == language
        text = page.locator("main").inner_text()
        for word in words:
            assert word in text, word
        cookie = {c["name"]: c["value"] for c in page.context.cookies()}.get("django_language")
        assert cookie == language
        if os.environ.get("REPRISALS_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            short = language.split("-")[0]
            page.screenshot(path=str(SCREENSHOTS / f"case-page-{short}.png"), full_page=False)
        assert not page.problems, page.problems  # type: ignore[attr-defined]
