"""The report and the Easy Read page in a real browser: headless Chromium, axe-core with the WCAG 2.2 A and
AA rules, a screenshot and an A4 PDF print of each under ``artifacts/browser/`` (see tests/browser.py).

Skipped with the reason where no browser is installed; ``.ci/run`` sets UDC_REQUIRE_BROWSER=1 so that a
skip there is a failure."""

from __future__ import annotations

import browser
import pytest
from support import EXAMPLES, run_udc

EXAMPLE = EXAMPLES / "cyp-mental-health.yaml"
PAGES = {
    "report": (("report",), (4, 14)),
    "explain": (("explain", "--format", "html"), (2, 8)),
}


@pytest.fixture(scope="module")
def chromium():
    session = browser.driver()
    yield session
    session.quit()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_passes_axe_and_prints_on_a4(chromium, tmp_path, name):
    args, (fewest, most) = PAGES[name]
    page = tmp_path / f"{name}.html"
    run = run_udc(*args, EXAMPLE, "-o", page)
    assert run.returncode == 0, run.stderr
    axe = browser.axe_source()
    chromium.get(page.as_uri())
    found = browser.run_axe(chromium, axe)
    assert "error" not in found, found
    assert found["violations"] == [], found["violations"]
    assert found["passes"] > 10  # axe did run its rules
    folder = browser.artifacts()
    (folder / f"{name}.axe.txt").write_text(f"axe-core {found['version']}: {len(found['violations'])} violations, "
                                            f"{found['passes']} rules passed\n", encoding="utf-8")
    browser.full_screenshot(chromium, folder / f"{name}.png")
    pages = browser.print_a4(chromium, folder / f"{name}.pdf")
    assert fewest <= pages <= most, pages
    width = chromium.execute_script("return document.documentElement.scrollWidth")
    assert width <= 1280  # no table wider than the window
