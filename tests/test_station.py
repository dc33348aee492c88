"""The review station over HTTP (Starlette's test client): pages, entries, sign-in, CSRF, paths.

Runs on a copy of the sample round (``sample_run``), so entries never touch the shared output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from pipeline.models import DocumentEntry, DossierRecord
from pipeline.worksheet_read import read_worksheet
from pipeline.writers import worksheet_layout as L
from pipeline.writers.records import read_records
from station.app import create_app, open_station
from station.auth import add_reviewer
from station.files import DocumentFiles

AMBER_DOSSIER = "HN2026-004"  # a scanned statement: its revenues are read with low confidence
AMBER_PATH = "figures.enterprise_revenue_vnd.2025"
LOCAL = "http://127.0.0.1:8765"


@pytest.fixture
def station_out(sample_run, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(sample_run[0], out, symlinks=True)
    return out


def local_client(out: Path) -> TestClient:
    return TestClient(create_app(open_station(out, "127.0.0.1", 8765)), base_url=LOCAL, follow_redirects=False)


def form_fields(html: str, key: str) -> dict[str, str]:
    """The hidden fields of the entry form of one row."""
    row = html[html.index(f'id="row-{key}"'):]
    form = row[: row.index("</form>")]
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))


def post_entry(client: TestClient, fields: dict[str, str], value: str, reason: str, reviewer: str):
    """Post the entry form of a row (``fields``: its hidden fields) with what a reviewer typed."""
    return client.post(f"/d/{AMBER_DOSSIER}/entry",
                       data=fields | {"value": value, "reason": reason, "reviewer": reviewer})


def test_round_page_lists_every_dossier_needing_review_first(station_out):
    client = local_client(station_out)
    page = client.get("/")
    assert page.status_code == 200
    ids = re.findall(r'<a href="/d/(HN2026-\d+)">', page.text)
    assert sorted(ids) == sorted(r.dossier_id for r in read_records(station_out))
    needs = [int(n) for n in re.findall(r'data-need="(\d)"', page.text)]
    assert needs == sorted(needs, reverse=True) and needs[0] == 2
    assert f'class="need-1" data-need="1">\n        <td><a href="/d/{AMBER_DOSSIER}">' in page.text


def test_dossier_page_marks_a_doubtful_value_amber_with_its_page(station_out):
    client = local_client(station_out)
    page = client.get(f"/d/{AMBER_DOSSIER}")
    assert page.status_code == 200
    row = page.text[page.text.index(f'id="row-{AMBER_PATH}"'):][:3000]
    assert "state-doubtful" in row
    record = next(r for r in read_records(station_out) if r.dossier_id == AMBER_DOSSIER)
    evidence = record.figures.enterprise_revenue_vnd["2025"].evidence[0]
    doc = next(n for n, d in enumerate(record.documents) if d.file == evidence.file)
    image = client.get(f"/d/{AMBER_DOSSIER}/doc/{doc}/page/{evidence.page}.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert list((station_out / ".work" / "station" / "pages").glob("*.png"))  # cached for the next request


def test_an_entry_is_decided_at_once_and_lands_in_overrides_and_worksheet(station_out):
    client = local_client(station_out)
    before = next(r for r in read_records(station_out) if r.dossier_id == AMBER_DOSSIER)
    fields = form_fields(client.get(f"/d/{AMBER_DOSSIER}").text, AMBER_PATH)
    posted = post_entry(client, fields, "9000000000000", "Đối chiếu BCTC bản gốc", "Nguyễn Thị Lan")
    assert posted.status_code == 303
    after = next(r for r in read_records(station_out) if r.dossier_id == AMBER_DOSSIER)
    assert after.figures.enterprise_revenue_vnd["2025"].value == 9_000_000_000_000
    assert after.score.total != before.score.total  # the share of product revenue fell: fewer points
    saved = json.loads((station_out / "overrides.json").read_text(encoding="utf-8"))
    entry = saved["dossiers"][AMBER_DOSSIER]["values"][-1]
    assert (entry["path"], entry["value"], entry["reviewer"], entry["source"]) == (
        AMBER_PATH, 9_000_000_000_000, "Nguyễn Thị Lan", "station")
    page = client.get(posted.headers["location"])
    assert "state-reviewed" in page.text[page.text.index(f'id="row-{AMBER_PATH}"'):][:300]
    assert f'<strong id="total">{after.score.total:g}</strong>' in page.text
    typed = next(t for t in read_worksheet(station_out / "worksheet.xlsx").typed
                 if t.dossier == AMBER_DOSSIER and t.key == AMBER_PATH)
    cell = load_workbook(station_out / "worksheet.xlsx")[typed.sheet][typed.cells[L.VALUE_INPUT]]
    assert cell.value == 9_000_000_000_000 and cell.fill.fgColor.rgb.endswith("C6EFCE")  # green: in force
    audit = (station_out / ".work" / "station" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(audit[-1])["outcome"] == "đã ghi"


def test_an_entry_the_worksheet_would_refuse_is_refused_and_not_kept(station_out):
    client = local_client(station_out)
    fields = form_fields(client.get(f"/d/{AMBER_DOSSIER}").text, AMBER_PATH)
    posted = post_entry(client, fields, "khoảng 9000 tỷ", "x", "Lan")
    assert posted.status_code == 409
    assert "Chưa ghi" in posted.text and "ước chừng" in posted.text
    assert not (station_out / "overrides.json").exists()


def test_a_stale_form_after_another_reviewers_entry_is_refused(station_out):
    client = local_client(station_out)
    fields = form_fields(client.get(f"/d/{AMBER_DOSSIER}").text, AMBER_PATH)
    first = post_entry(client, fields, "2318745903211", "đúng", "A")
    assert first.status_code == 303
    second = post_entry(client, fields, "1", "khác", "B")
    assert second.status_code == 409 and "vừa có người khác sửa" in second.text
    saved = json.loads((station_out / "overrides.json").read_text(encoding="utf-8"))
    assert [e["reviewer"] for e in saved["dossiers"][AMBER_DOSSIER]["values"]] == ["A"]


def test_a_form_without_its_csrf_token_is_refused(station_out):
    client = local_client(station_out)
    fields = form_fields(client.get(f"/d/{AMBER_DOSSIER}").text, AMBER_PATH)
    forged = {k: v for k, v in fields.items() if k != "csrf"} | {"value": "1", "reason": "x", "reviewer": "y"}
    assert client.post(f"/d/{AMBER_DOSSIER}/entry", data=forged).status_code == 403
    assert client.post(f"/d/{AMBER_DOSSIER}/entry", data=forged | {"csrf": "guess"}).status_code == 403
    assert not (station_out / "overrides.json").exists()


def test_a_local_station_refuses_requests_naming_another_host(station_out):
    client = TestClient(create_app(open_station(station_out, "127.0.0.1", 8765)), base_url="http://evil.example")
    assert client.get("/").status_code == 400


def test_on_a_lan_every_page_needs_sign_in(station_out):
    add_reviewer(station_out, "Trần Văn Bình", "mật-khẩu-dài")
    app = create_app(open_station(station_out, "0.0.0.0", 8765))
    client = TestClient(app, base_url="http://192.168.1.10:8765", follow_redirects=False)
    for path in ("/", f"/d/{AMBER_DOSSIER}", f"/d/{AMBER_DOSSIER}/letter", f"/d/{AMBER_DOSSIER}/doc/0/page/1.png",
                 f"/d/{AMBER_DOSSIER}/doc/0/view"):
        refused = client.get(path)
        assert refused.status_code == 401 and AMBER_DOSSIER not in refused.text, path
    assert client.post(f"/d/{AMBER_DOSSIER}/entry", data={"value": "1"}).status_code == 403
    form = client.get("/signin")
    pre = re.search(r'name="pre" value="([^"]+)"', form.text).group(1)
    wrong = client.post("/signin", data={"pre": pre, "name": "Trần Văn Bình", "password": "sai"})
    assert wrong.status_code == 401 and "Sai tên hoặc mật khẩu" in wrong.text
    pre = re.search(r'name="pre" value="([^"]+)"', wrong.text).group(1)
    signed = client.post("/signin", data={"pre": pre, "name": "Trần Văn Bình", "password": "mật-khẩu-dài"})
    assert signed.status_code == 303
    assert client.get("/").status_code == 200
    page = client.get(f"/d/{AMBER_DOSSIER}")
    assert "Trần Văn Bình" in page.text and 'name="reviewer"' not in page.text  # the name is the account's
    fields = form_fields(page.text, AMBER_PATH)
    posted = client.post(f"/d/{AMBER_DOSSIER}/entry", data=fields | {"value": "2318745903211", "reason": "đúng"})
    assert posted.status_code == 303
    saved = json.loads((station_out / "overrides.json").read_text(encoding="utf-8"))
    assert saved["dossiers"][AMBER_DOSSIER]["values"][-1]["reviewer"] == "Trần Văn Bình"


def test_requests_never_reach_files_outside_the_rounds_documents(station_out):
    client = local_client(station_out)
    for path in ("/d/..%2F..%2Fetc%2Fpasswd", "/d/%2Fetc%2Fpasswd", f"/d/{AMBER_DOSSIER}/doc/999/page/1.png",
                 f"/d/{AMBER_DOSSIER}/doc/-1/page/1.png", "/static/..%2Foverrides.json",
                 "/static/../dossiers/HN2026-001.json", "/d/NOPE/doc/0/page/1.png"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert b"root:" not in answer.content and b"dossier_id" not in answer.content


def record_with(file: str, sha: str) -> DossierRecord:
    return DossierRecord(dossier_id="D1", status="complete", proposed=False,
                         documents=[DocumentEntry(file=file, kind="other", pages=1, ocr=False,
                                                       sha256=sha, error=None)])


def test_document_files_refuse_dotdot_absolute_and_symlinked_paths(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 secret")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    inbox = tmp_path / "inbox"
    (inbox / "D1").mkdir(parents=True)
    os.symlink(secret, inbox / "D1" / "link.pdf")
    (inbox / "D1" / "real.pdf").write_bytes(secret.read_bytes())
    files = DocumentFiles(tmp_path / "out", inbox)
    assert files.path(record_with("real.pdf", digest), 0) == inbox / "D1" / "real.pdf"
    for name in ("link.pdf", "../secret.pdf", str(secret), "D1/../../secret.pdf"):
        assert files.path(record_with(name, digest), 0) is None, name
    (inbox / "D1" / "real.pdf").write_bytes(b"%PDF-1.4 swapped since the run")
    assert files.path(record_with("real.pdf", digest), 0) is None  # not the bytes that were read


def test_letter_page_lists_the_letters_items_and_the_letter_as_printed(station_out):
    client = local_client(station_out)
    record = next(r for r in read_records(station_out) if r.status == "incomplete")
    page = client.get(f"/d/{record.dossier_id}/letter")
    assert page.status_code == 200
    for missing in record.missing_evidence:
        assert missing.message.replace('"', "&#34;") in page.text or missing.message in page.text
    assert "Kính gửi" in page.text  # the written letter itself, as it will print
    assert f'href="/d/{record.dossier_id}#letter-1"' in page.text


def test_a_value_read_from_a_word_file_shows_its_paragraph_highlighted(station_out):
    client = local_client(station_out)
    record = next(r for r in read_records(station_out) if r.dossier_id == "HN2026-001")
    evidence = record.product.name.evidence[0]
    assert evidence.file.endswith(".docx")
    doc = next(n for n, d in enumerate(record.documents) if d.file == evidence.file)
    view = client.get(f"/d/HN2026-001/doc/{doc}/view", params={"text": evidence.text})
    assert view.status_code == 200
    hit = view.text[view.text.index('id="hit"') - 40:][:400]
    assert 'class="hit"' in hit and "Bo mạch điện tử lắp ráp (PCBA)" in hit


def test_an_entry_typed_in_the_worksheet_shows_in_the_station(station_out):
    from pipeline.review import review_worksheet

    sheet_path = station_out / "worksheet.xlsx"
    typed = next(t for t in read_worksheet(sheet_path).typed if t.dossier == AMBER_DOSSIER and t.key == AMBER_PATH)
    book = load_workbook(sheet_path)
    sheet = book[typed.sheet]
    sheet[typed.cells[L.VALUE_INPUT]] = 2_318_745_903_211
    sheet[typed.cells[L.VALUE_REASON]] = "Đúng với BCTC"
    sheet[typed.cells[L.VALUE_WHO]] = "Phạm Hà"
    book.save(sheet_path)
    review_worksheet(sheet_path)
    page = local_client(station_out).get(f"/d/{AMBER_DOSSIER}")
    row = page.text[page.text.index(f'id="row-{AMBER_PATH}"'):][:600]
    assert "state-reviewed" in row and "2.318.745.903.211" in row


def test_add_reviewer_asks_the_password_and_saves_only_its_hash(tmp_path):
    from typer.testing import CliRunner

    from spcncl.cli import app
    from station.auth import load_accounts, verify_password

    answer = CliRunner().invoke(app, ["review", str(tmp_path), "--add-reviewer", "Lê Minh"],
                                input="một-mật-khẩu\nmột-mật-khẩu\n")
    assert answer.exit_code == 0, answer.output
    (account,) = load_accounts(tmp_path).reviewers
    assert account.name == "Lê Minh" and verify_password("một-mật-khẩu", account.password_hash)
    assert "một-mật-khẩu" not in (tmp_path / "reviewers.json").read_text(encoding="utf-8")
