"""Certificate numbers, date roles and issuers on the lines readers give (OCR noise included)."""

from __future__ import annotations

import pytest

from extractors.base import Page
from extractors.fields.certificate_dates import assign_roles, choose_dates
from extractors.fields.certificates import clean_issuer, find_issuer, find_number, patterns
from extractors.fields.common import Line


def lines_of(text: str) -> list[Line]:
    page = Page(number=1, text=text, source="ocr", confidence=0.9)
    return [Line(t, page, i) for i, t in enumerate(text.splitlines()) if t.strip()]


def dates_of(text: str) -> tuple[str | None, str | None]:
    chosen = choose_dates(assign_roles(lines_of(text), patterns()["date_roles"], patterns()["range_words"]))
    return (chosen.issued.found.date.isoformat() if chosen.issued else None,
            chosen.expires.found.date.isoformat() if chosen.expires else None)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Certificate No.: VN012880.", "VN012880"),  # OCR's trailing dot
        ("Certificate No.:\tVN012880", "VN012880"),  # the number in the next cell
        ("Certificate number\nVN 012880", "VN 012880"),  # on the next line, a space inside as written
        ("Certificate No.: 44 100 2211873", "44 100 2211873"),  # digit groups
        ("Số/No: QMS. 2451.24", "QMS.2451.24"),
        ("Số/No: VNC-9001-24-1235", "VNC-9001-24-1235"),
        ("CERTIFICATE\nCertificate VN24/81102\nThis is to certify that", "VN24/81102"),
        ("Cert. No HACCP-2207/22", "HACCP-2207/22"),
        ("Số chứng nhận: 1234/2025/CN-TĐC", "1234/2025/CN-TĐC"),
        ("Certificate Registration No: 4410012345 TMS", "4410012345"),
    ],
)
def test_number_after_any_label(text, number):
    found = find_number(lines_of(text))
    assert found is not None and found[0] == number


@pytest.mark.parametrize(
    "text",
    [
        "UKAS MANAGEMENT SYSTEMS 0008\nBoA\nVICAS 001",
        "Certificate ISO 9001:2015",
        "Certificate No.: 14/03/2027",
        "Số 8 Hoàng Quốc Việt, Cầu Giấy, Hà Nội",  # "Số" of an address, no colon
        "Certificate No.: 0243 756 1234\nTel: 0243 756 1234",
        "No. 51 Nguyen Trai Street, Hanoi",
        "Accredited by UKAS, Registration No. 0008",
        "CERTIFICATE OF REGISTRATION",
        "Certificate issued 2024 to the organization",
    ],
)
def test_never_a_number(text):
    assert find_number(lines_of(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # label before, on the same line (two cells)
        ("Ngày cấp / Date oƒissue:\t15/03/2024\nNgày hết hạn / Expiry đatfe:\t14/03/2027",
         ("2024-03-15", "2027-03-14")),
        # the original certification is not this issue
        ("Ngày cấp lần đầu / Original date:\t15/03/2018\nNgày cấp:\t15/03/2024\nHiệu lực đến:\t14/03/2027",
         ("2024-03-15", "2027-03-14")),
        # one label, a range: from … to …
        ("Hiệu lực: từ ngày 01/06/2025 đến ngày 31/05/2028", ("2025-06-01", "2028-05-31")),
        ("Valid from 1 June 2025 to 31 May 2028", ("2025-06-01", "2028-05-31")),
        # a label that wraps: "Certification / Recertification" ⏎ "cycle start date: …"
        ("Original cycle start date: 14-October-2021\nExpiry date of previous cycle: 13-October-2024\n"
         "Certification / Recertification\ncycle start date: 14-October-2024\nCertificate expiry: 13-October-2027",
         ("2024-10-14", "2027-10-13")),
        # label after the date, on its own line
        ("Subject to the continued operation of the organization's\n13-October-2027\n"
         "Management System, this certificate expires on:\nCertification cycle start date: 14-October-2024",
         ("2024-10-14", "2027-10-13")),
        # a date broken over two lines by a photo's OCR, under its label
        ("Date of original certification:\t24\nJune 2021\nDate of issue:\n24 June 2024\nExpiry date:\t23 June 2027",
         ("2024-06-24", "2027-06-23")),
        # label after the date on the same line
        ("15/03/2024 (ngày cấp)\n14/03/2027 (ngày hết hạn)\n15/03/2018 (ngày cấp lần đầu)",
         ("2024-03-15", "2027-03-14")),
        # the previous cycle's expiry is later than nothing else: still never the expiry
        ("Expiry date of previous cycle: 02-May-2029\nCertification cycle start date: 03-May-2025\n"
         "Valid until: 02-May-2028", ("2025-05-03", "2028-05-02")),
        # a column of labels read before its column of dates
        ("Date of original certification:\nDate of issue:\nExpiry date:\n22 April 2022\n22 April 2025\n"
         "21 April 2028", ("2025-04-22", "2028-04-21")),
    ],
)
def test_date_roles_by_label(text, expected):
    assert dates_of(text) == expected


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Signed on behalf\nof SGS\nVietnam Ltd.", "SGS"),
        ("Signed on behalf of SGS Vietnam Ltd.", "SGS Vietnam Ltd."),
        ("SGS Vietnam Ltd., 119-121 Ly Chinh Thang, Ward 7, District 3", "SGS Vietnam Ltd."),
        ("© VINACERT\nGIẤY CHỨNG NHẬN", "VINACERT"),
        ("@® VINACERT\nGIẤY CHỨNG NHẬN", "VINACERT"),
        ("1828\tBUREAU VERITAS\nCertification", "BUREAU VERITAS"),
        ("Trung tâm Chứng nhận Phù hợp - QUACERT, số 8 Hoàng Quốc Việt", "Trung tâm Chứng nhận Phù hợp - QUACERT"),
        # named only inside a sentence: the body's own name from certificates.yaml
        ("To check this certificate validity please visit www.sgs.com or call SGS, phone 028 3935 1920.",
         "SGS"),
    ],
)
def test_issuer_as_written_without_the_page_noise(text, body):
    assert find_issuer(lines_of(text), None) == (body, 0.9)


def test_unknown_issuer_is_written_without_noise():
    assert clean_issuer("Signed on behalf of Hong Ha Certification Co., Ltd.") == "Hong Ha Certification Co., Ltd."
    assert clean_issuer("© ABC Quality Assurance") == "ABC Quality Assurance"
    issuer, confidence = find_issuer(lines_of("Certification body: of Hong Ha Certification\nCERTIFICATE"), None)
    assert issuer == "Hong Ha Certification" and confidence < 0.9


def test_expiry_that_is_not_the_last_date_is_doubtful():
    chosen = choose_dates(assign_roles(lines_of("Expiry date: 21 April 2025\nAudit date: 02 March 2026"),
                                       patterns()["date_roles"], patterns()["range_words"]))
    assert chosen.expires is not None and chosen.consistent is False and "muộn hơn" in (chosen.note or "")
