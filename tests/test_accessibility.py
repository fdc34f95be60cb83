"""Accessibility (WCAG 2.1 AA) checked by axe-core in Debian's chromium: the sign-in page, the dashboard,
the case list, a case page and the public San José Guidelines page have no serious or critical
violation, in English, and the case page neither in Arabic (right to left) nor in Chinese.

axe-core is vendored from the npm registry (reprisals/static/vendor/axe/) and served by the live server
itself, so the strict Content Security Policy (script-src 'self') stays in force during the check.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from reprisals.accounts.models import User
from tests.test_browser import CHROMIUM, chromium_page, plain_http  # noqa: F401  (plain_http is a fixture)

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
