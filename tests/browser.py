"""Headless Chromium for the accessibility tests: Debian's ``chromium`` and ``chromium-driver`` driven by
Selenium (no browser download), axe-core from npm injected into the page.

Where to find things (all optional):

* ``UDC_CHROMIUM`` / ``UDC_CHROMEDRIVER``: the browser and its driver (default: on ``PATH``).
* ``UDC_AXE_JS``: ``axe.min.js`` (default: ``node_modules/axe-core/axe.min.js`` in the checkout).
* ``UDC_ARTIFACTS``: where screenshots and PDF prints go (default ``artifacts/browser/``, gitignored).
* ``UDC_REQUIRE_BROWSER=1`` (set by ``.ci/run``): a missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def artifacts() -> Path:
    folder = Path(os.environ.get("UDC_ARTIFACTS") or ROOT / "artifacts" / "browser")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _missing(reason: str):
    if os.environ.get("UDC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (UDC_REQUIRE_BROWSER=1: CI must run the browser tests)")
    pytest.skip(reason)


def axe_source() -> str:
    path = Path(os.environ.get("UDC_AXE_JS") or ROOT / "node_modules" / "axe-core" / "axe.min.js")
    if not path.is_file():
        _missing(f"axe-core not found at {path}: run 'npm install --no-save axe-core' or set UDC_AXE_JS")
    return path.read_text(encoding="utf-8")


def driver():
    """A headless Chromium, or a skip (a failure under UDC_REQUIRE_BROWSER=1) with the reason."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed: pip install -e '.[browser]'")
    browser = os.environ.get("UDC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = os.environ.get("UDC_CHROMEDRIVER") or shutil.which("chromedriver")
    if not browser or not chromedriver:
        _missing("no chromium and chromedriver on PATH: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--force-device-scale-factor=1", "--lang=en-GB"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def run_axe(browser, source: str) -> dict:
    browser.execute_script(source)
    browser.set_script_timeout(60)
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))})), passes: r.passes.length,"
        " version: axe.version}), e => done({error: String(e)}));", AXE_TAGS)


def full_screenshot(browser, path: Path) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height, 600), 12000))
    browser.save_screenshot(str(path))


def print_a4(browser, path: Path) -> int:
    """Print the page to an A4 PDF at ``path``; returns its page count."""
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    options.background = True
    data = base64.b64decode(browser.print_page(options))
    path.write_bytes(data)
    return pdf_pages(data)


def pdf_pages(data: bytes) -> int:
    found = re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data, re.S)
    if found:
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
