"""The review station in a real browser: Debian's chromium driven by Playwright.

A reviewer opens the round, opens a dossier with an amber value, sees the value's box on its page,
corrects it and sees the dossier decided again; the entry survives a reload, is in
``overrides.json``, and the worksheet written afterwards shows it green.
``SPCNCL_UPDATE_SCREENSHOT=1`` writes the dossier page's screenshot to ``docs/station-dossier.png``
(the README shows it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.worksheet_read import read_worksheet
from pipeline.writers import worksheet_layout as L
from pipeline.writers.records import read_records
from station.app import create_app, open_station

from .conftest import ROOT

CHROMIUM = Path(os.environ.get("SPCNCL_CHROMIUM", "/usr/bin/chromium"))
# the flags a closed network needs (no sign-in to Google, no background fetches), as root
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DOSSIER = "HN2026-004"
PATH = "figures.enterprise_revenue_vnd.2025"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(sample_run, tmp_path) -> Iterator[tuple[str, Path]]:
    import uvicorn

    out = tmp_path / "out"
    shutil.copytree(sample_run[0], out, symlinks=True)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(open_station(out, "127.0.0.1", port)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", out
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/install.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_a_reviewer_corrects_an_amber_value_beside_its_page(served, browser, tmp_path):
    base, out = served
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.goto(base + "/")
    page.click(f"a[href='/d/{DOSSIER}']")
    page.wait_for_url(f"{base}/d/{DOSSIER}")
    row = page.locator(f"[id='row-{PATH}']")
    assert "state-doubtful" in (row.get_attribute("class") or "")
    total_before = page.locator("#total").inner_text()

    row.locator("th").click()
    page.wait_for_function("() => { const i = document.getElementById('page-image');"
                           " return i.complete && i.naturalWidth > 0 && !document.getElementById('page').hidden; }")
    record = next(r for r in read_records(out) if r.dossier_id == DOSSIER)
    x0, y0, x1, y1 = record.figures.enterprise_revenue_vnd["2025"].evidence[0].bbox
    image = page.locator("#page-image").bounding_box()
    box = page.locator("#box").bounding_box()
    assert image is not None and box is not None
    expected = (image["x"] + x0 * image["width"], image["y"] + y0 * image["height"],
                (x1 - x0) * image["width"], (y1 - y0) * image["height"])
    drawn = (box["x"], box["y"], box["width"], box["height"])
    assert all(abs(a - b) <= 4 for a, b in zip(drawn, expected, strict=True)), (drawn, expected)
    if os.environ.get("SPCNCL_UPDATE_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / "station-dossier.png"))

    page.keyboard.press("c")
    form = row.locator("form.entry")
    form.locator("input.value").fill("9000000000000")
    form.locator("input.reason").fill("Đối chiếu bản gốc BCTC")
    form.locator("input.reviewer").fill("Nguyễn Thị Lan")
    form.locator("button.save").click()
    page.wait_for_selector(".notice")
    assert page.locator("#total").inner_text() != total_before
    assert "state-reviewed" in (page.locator(f"[id='row-{PATH}']").get_attribute("class") or "")

    page.reload()
    reloaded = page.locator(f"[id='row-{PATH}']")
    assert "state-reviewed" in (reloaded.get_attribute("class") or "")
    assert "9.000.000.000.000" in reloaded.locator("td.shown").inner_text()

    saved = json.loads((out / "overrides.json").read_text(encoding="utf-8"))
    entry = saved["dossiers"][DOSSIER]["values"][-1]
    assert (entry["path"], entry["value"], entry["reviewer"]) == (PATH, 9_000_000_000_000, "Nguyễn Thị Lan")
    typed = next(t for t in read_worksheet(out / "worksheet.xlsx").typed if t.dossier == DOSSIER and t.key == PATH)
    cell = load_workbook(out / "worksheet.xlsx")[typed.sheet][typed.cells[L.VALUE_INPUT]]
    assert cell.value == 9_000_000_000_000 and cell.fill.fgColor.rgb.endswith("C6EFCE")
