"""Dossiers HN2026-013 … HN2026-019: ineligible, handicrafts, broken files, error, zip delivery."""

from __future__ import annotations

import unicodedata
from datetime import date

from .catalog_common import D, cert, mst, patent, required_docs, trademark
from .model import Dossier, Figures, Firm, FormSpec, Product, tr, ty


def d013() -> Dossier:
    """Plastics parts maker based in Bắc Ninh with a factory in Hưng Yên; only a sales office in Hà Nội."""
    f = Firm(name="Công ty Cổ phần Linh kiện Nhựa Kim Hưng", tax_code=mst("HN2026-013"),
             address="Lô C5, Khu công nghiệp Yên Phong, xã Yên Phong, tỉnh Bắc Ninh",
             factory="Khu công nghiệp Phố Nối A, huyện Văn Lâm, tỉnh Hưng Yên", rep="Trịnh Văn Kiên",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2010, 3, 18), capital=200_000_000_000,
             short="LINH KIỆN NHỰA\nKIM HƯNG", gcn_changes=6, gcn_change_date=date(2025, 10, 2),
             gcn_issuer="bacninh",
             hq_hanoi=False, factory_hanoi=False,
             extra_office="Tầng 8, tòa nhà Center Point, số 27 Lê Văn Lương, phường Thanh Xuân, Thành phố Hà "
                          "Nội",
             tax_office="Thuế tỉnh Bắc Ninh", env_issuer="ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
             stamp_place="BẮC NINH",
             phone="0222 3699 868")
    p = Product("Linh kiện nhựa kỹ thuật cho thiết bị điện tử", "hoa_chat_cao_su_nhua_duoc_pham",
                capacity="9.000 tấn/năm")
    fig = Figures(product={2023: ty("612.7"), 2024: ty("744.2"), 2025: ty("835.4")},
                  net={2023: 702_339_118_451, 2024: 851_207_335_906, 2025: 960_455_812_773},
                  export={2023: 18_500_000, 2024: 22_100_000, 2025: 26_800_000}, employees=1240)
    form = FormSpec(layout="cols", unit="ty", decimals=1, date=date(2026, 9, 9), number="73/KH-KHP")
    docs = [D("Phieu dang ky tham gia.docx", "registration_form", "docx",
              purpose="head office in Bắc Ninh, factory in Hưng Yên, a Hà Nội sales office as a trap; "
                      "tax code starts with 01 (firm moved out of Hà Nội)"),
            *required_docs(names=("scan_GCN.pdf", "scan_thue.pdf", "scan_GPMT.pdf", "cam ket.docx"),
                           gcn="scan",
                           tax="scan", env="scan", commit="docx", gray=True,
                           issuer="ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN",
                           number="214/GPMT-UBND", date=date(2023, 12, 5)),
            D("BCTC/BCTC 2025.xlsx", "financial_statement", "xlsx", ref="FY2025", numbers="num"),
            D("BCTC/BCTC 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", numbers="text_vn",
              purpose="numbers as Vietnamese-formatted text (1.234.567)"),
            D("XK2025.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-013", "Plastic parts maker outside Hà Nội",
                   "ineligible: in_hanoi fails (head office "
                   "Bắc Ninh, factory Hưng Yên)", f, p, fig, form, docs)


def d014() -> Dossier:
    """Leather shoes: product revenue below the 100 tỷ floor although the firm's revenue is above it."""
    f = Firm(name="Công ty TNHH Giầy da Phú Xuyên", tax_code=mst("HN2026-014"),
             address="Cụm công nghiệp Phú Minh, xã Phú Xuyên, Thành phố Hà Nội",
             address_gcn="Cụm công nghiệp Phú Minh, xã Phú Minh, huyện Phú Xuyên, thành phố Hà Nội",
             factory="Cụm công nghiệp Phú Minh, xã Phú Xuyên, Thành phố Hà Nội", rep="Lê Thị Thanh Mai",
             rep_male=False, rep_title="Giám đốc", legal_form="tnhh", founded=date(2014, 8, 6),
             capital=30_000_000_000,
             short="GIẦY DA\nPHÚ XUYÊN", gcn_changes=2, gcn_change_date=date(2022, 4, 19),
             phone="024 3385 6677")
    p = Product("Giầy da nam công sở", "det_may_da_giay", capacity="1,1 triệu đôi/năm")
    fig = Figures(product={2023: tr("61240"), 2024: tr("70515"), 2025: tr("78630")},
                  net={2023: 108_337_004_512, 2024: 121_900_467_330, 2025: 134_250_116_400},
                  export={2023: 1_560_000, 2024: 1_930_000, 2025: 2_240_000}, employees=690)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN.25.0311",
                  "Công ty Cổ phần Chứng nhận Quốc tế ICB",
                  date(2025, 3, 11), date(2028, 3, 10), "Sản xuất giầy da.", "slash", lang="vi")]
    form = FormSpec(layout="cols", unit="trieu", claimed=["ISO 9001:2015"], date=date(2026, 9, 14))
    docs = [D("Phieu DK SPCNCL PX.docx", "registration_form", "docx",
              purpose="product revenue 78.630 triệu < 100 tỷ, enterprise revenue 134 tỷ (trap)"),
            *required_docs(names=("GCN DKDN.pdf", "Thue.pdf", "Dang ky moi truong.pdf", "Cam ket.docx"),
                           commit="docx", env_type="dkmt", issuer="ỦY BAN NHÂN DÂN\nXÃ PHÚ XUYÊN"),
            D("BCTC 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd", tt="133"),
            D("BCTC 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd", tt="133",
              headers="years"),
            D("ISO 9001.pdf", "quality_certificate", ref="QMS"),
            D("Bang ke XK 2025.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-014", "Leather shoes below the revenue floor", "ineligible: revenue_floor fails "
                   "(non-high-tech, 2025 product revenue 78,63 tỷ < 100 tỷ)", f, p, fig, form, docs, certs)


def _craft_firm(dossier_id: str, **kw) -> Firm:
    return Firm(tax_code=mst(dossier_id), legal_form="tnhh", rep_title="Giám đốc", **kw)


def d015() -> Dossier:
    """Bát Tràng ceramics judged on export (1,85 million USD); form typed in TCVN3 (.VnTime)."""
    f = _craft_firm("HN2026-015", name="Công ty TNHH Gốm sứ Mỹ nghệ Hưng Thịnh Bát Tràng",
                    address="Xóm 3, xã Bát Tràng, huyện Gia Lâm, Hà Nội",
                    factory="Xóm 3, xã Bát Tràng, huyện Gia Lâm, Hà Nội", rep="Nguyễn Văn Thịnh",
                    founded=date(2003, 12, 1), capital=12_000_000_000, short="GỐM SỨ MỸ NGHỆ\nHƯNG THỊNH",
                    gcn_changes=4, gcn_change_date=date(2018, 5, 7), phone="024 3874 0212",
                    tax_office="Thuế cơ sở 4 thành phố Hà Nội")
    p = Product("Gốm sứ mỹ nghệ men rạn cao cấp", "thu_cong_my_nghe", capacity="350.000 sản phẩm/năm")
    fig = Figures(product={2023: ty("41.8"), 2024: ty("47.1"), 2025: ty("52.4")},
                  net={2023: 45_118_225_400, 2024: 50_966_310_125, 2025: 56_807_442_918},
                  export={2023: 1_420_000, 2024: 1_610_000, 2025: 1_846_300}, employees=138)
    form = FormSpec(layout="cols", unit="ty", decimals=1, group_style="x", date=date(2026, 8, 18),
                    number="09/CV-HT")
    docs = [D("phieu dang ky.docx", "registration_form", "tcvn3",
              purpose="legacy TCVN3 (ABC) text in .VnTime / .VnTimeH runs: reads as mojibake until "
              "converted"),
            *required_docs(names=("scan GCN.pdf", "scan thue.pdf", "scan moi truong.pdf", "cam ket.docx"),
                           gcn="scan", tax="scan", env="scan", commit="docx", env_type="dkmt", gray=True,
                           issuer="ỦY BAN NHÂN DÂN\nXÃ BÁT TRÀNG"),
            D("bctc 2025.xlsx", "financial_statement", "xlsx", ref="FY2025", tt="133", numbers="num",
              balance=False),
            D("bctc 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", tt="133", numbers="num",
              balance=False),
            D("Ban ke xuat khau 2025.xls", "export_evidence", "xls", ref="2025",
              purpose="legacy Excel 97 .xls converted by LibreOffice")]
    return Dossier("HN2026-015", "Bát Tràng ceramics (handicraft)",
                   "complete, not proposed; revenue floor met by "
                   "export ≥ 1 million USD although product revenue is 52 tỷ", f, p, fig, form, docs)


def d016() -> Dossier:
    """Rattan and bamboo handicraft whose export (935.000 USD) is under the 1 million USD floor."""
    f = _craft_firm("HN2026-016", name="Công ty TNHH Mây tre đan Phú Vinh",
                    address="Thôn Phú Vinh, xã Phú Nghĩa, Thành phố Hà Nội",
                    address_gcn="Thôn Phú Vinh, xã Phú Nghĩa, huyện Chương Mỹ, thành phố Hà Nội",
                    factory="Thôn Phú Vinh, xã Phú Nghĩa, Thành phố Hà Nội", rep="Đinh Thị Nga",
                    rep_male=False,
                    founded=date(2008, 4, 25), capital=8_500_000_000, short="MÂY TRE ĐAN\nPHÚ VINH",
                    gcn_changes=3,
                    gcn_change_date=date(2019, 10, 15), phone="0912 486 357")
    p = Product("Sản phẩm mây tre đan mỹ nghệ xuất khẩu", "thu_cong_my_nghe", capacity="220.000 sản phẩm/năm")
    fig = Figures(product={2023: ty("24.6"), 2024: ty("28.3"), 2025: ty("31.7")},
                  net={2023: 27_304_115_880, 2024: 31_228_409_650, 2025: 35_016_774_302},
                  export={2023: 702_000, 2024: 811_000, 2025: 935_000}, employees=85)
    form = FormSpec(layout="rows", unit="trieu", date=date(2026, 8, 27))
    docs = [D("Phieu dang ky - May tre dan Phu Vinh.docx", "registration_form", "docx"),
            *required_docs(names=("Scan_20260826_0001.pdf", "Scan_20260826_0002.pdf",
                                  "Scan_20260826_0003.pdf",
                                  "ban cam ket.doc"), gcn="scan", tax="scan", env="scan", commit="doc",
                           env_type="dkmt", issuer="ỦY BAN NHÂN DÂN\nXÃ PHÚ NGHĨA"),
            D("BCTC 2025.xlsx", "financial_statement", "xlsx", ref="FY2025", tt="133", balance=False),
            D("BCTC 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", tt="133", balance=False),
            D("Bang ke xuat khau.xlsx", "export_evidence", "xlsx", ref="2025")]
    return Dossier("HN2026-016", "Rattan handicraft under the export floor",
                   "ineligible: revenue_floor fails "
                   "(handicraft, 2025 export 935.000 USD < 1 million)", f, p, fig, form, docs)


def d017() -> Dossier:
    """Paint maker whose environmental permit is a truncated PDF and commitment a .docx that is no zip."""
    f = Firm(name="Công ty Cổ phần Sơn Công nghiệp Kim Lũ", tax_code=mst("HN2026-017"),
             address="Số 12 đường Kim Giang, phường Định Công, Thành phố Hà Nội",
             factory="Khu công nghiệp Hà Nội - Đài Tư, phường Phúc Lợi, Thành phố Hà Nội",
             rep="Vương Đình Hải",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2003, 7, 7), capital=90_000_000_000,
             short="SƠN CÔNG NGHIỆP\nKIM LŨ", gcn_changes=12, gcn_change_date=date(2025, 11, 4),
             phone="024 3641 2233")
    p = Product("Sơn tĩnh điện và sơn công nghiệp gốc dầu", "hoa_chat_cao_su_nhua_duoc_pham",
                capacity="25.000 tấn/năm")
    fig = Figures(product={2023: ty("265.4"), 2024: ty("281.9"), 2025: ty("310.2")},
                  net={2023: 338_900_445_120, 2024: 360_417_202_833, 2025: 395_880_613_004},
                  export={2023: 0, 2024: 0, 2025: 0}, employees=355)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "VN-QMS-31877", "Bureau Veritas Certification",
                  date(2024, 8, 5), date(2027, 8, 4), "Manufacture of powder coatings and industrial paints.",
                  "en_long")]
    form = FormSpec(layout="paras", unit="ty", decimals=1, claimed=["ISO 9001:2015"], date=date(2026, 9, 11))
    docs = [D("Phieu dang ky Kim Lu.pdf", "registration_form"),
            D("GCN DKDN.pdf", "business_registration"), D("Xac nhan thue.pdf", "tax_compliance"),
            D("Giay phep moi truong.pdf", "environmental_compliance", "truncated_pdf",
              purpose="download cut at 30 % of the bytes: no page can be read"),
            D("Cam ket.docx", "commitment", "notzip_docx",
              purpose="only the first kilobyte of a .docx: not a zip"),
            D("BCTC 2025.pdf", "financial_statement", ref="FY2025", variant="kqkd"),
            D("BCTC 2024.xlsx", "financial_statement", "xlsx", ref="FY2024", numbers="text_en"),
            D("ISO 9001.pdf", "quality_certificate", ref="QMS")]
    return Dossier("HN2026-017", "Industrial paints with two broken files",
                   "incomplete: two unreadable files "
                   "(environmental_compliance and commitment therefore absent)", f, p, fig, form, docs, certs)


def d018() -> Dossier:
    """A dossier whose only file is garbage: status error."""
    f = Firm(name="Công ty TNHH In và Bao bì Minh Khai", tax_code=mst("HN2026-018"),
             address="Số 30 phố Minh Khai, phường Vĩnh Tuy, Thành phố Hà Nội", factory="", rep="Hà Văn Long",
             rep_title="Giám đốc", legal_form="tnhh", founded=date(2016, 1, 5), capital=20_000_000_000,
             short="IN VÀ BAO BÌ\nMINH KHAI")
    p = Product("Bao bì carton in offset", "hoa_chat_cao_su_nhua_duoc_pham")
    fig = Figures(product={2023: 0, 2024: 0, 2025: 0}, net={2025: 0}, export={2023: 0, 2024: 0, 2025: 0},
                  employees=0)
    docs = [D("Ho so SPCNCL 2026.pdf", "registration_form", "garbage_pdf",
              purpose="a PDF header followed by random bytes: nothing can be read")]
    return Dossier("HN2026-018", "Packaging printer, unreadable upload",
                   "error: the only file cannot be read",
                   f, p, fig, FormSpec(), docs)


def d019() -> Dossier:
    """Cable maker delivering its dossier as one .zip with nested folders."""
    f = Firm(name="Công ty Cổ phần Cáp điện và Thiết bị Sông Hồng", tax_code=mst("HN2026-019"),
             address="Khu công nghiệp Nội Bài, xã Sóc Sơn, Thành phố Hà Nội",
             address_gcn="Khu công nghiệp Nội Bài, xã Quang Tiến, huyện Sóc Sơn, thành phố Hà Nội",
             factory="Khu công nghiệp Nội Bài, xã Sóc Sơn, Thành phố Hà Nội", rep="Tạ Quang Vinh",
             rep_title="Tổng Giám đốc", legal_form="cp", founded=date(2005, 5, 30), capital=400_000_000_000,
             short="CÁP ĐIỆN VÀ THIẾT BỊ\nSÔNG HỒNG",
             name_en="Song Hong Cable and Equipment Joint Stock Company",
             abbr="SHC", gcn_changes=15, gcn_change_date=date(2025, 6, 9), phone="024 3582 1188",
             tax_office="Thuế cơ sở 6 thành phố Hà Nội")
    p = Product("Cáp điện lực hạ thế ruột đồng cách điện XLPE", "dien_dien_tu", capacity="48.000 km cáp/năm",
                standards="TCVN 5935-1:2013 (IEC 60502-1:2009).")
    fig = Figures(product={2023: ty("1318.5"), 2024: ty("1502.2"), 2025: ty("1811.9")},
                  net={2023: 2_210_338_905_117, 2024: 2_540_112_006_338, 2025: 2_905_447_320_910},
                  export={2023: 6_420_000, 2024: 8_100_000, 2025: 9_870_000}, employees=860)
    certs = [cert(f, "QMS", "ISO 9001", "ISO 9001:2015", "SG25/01842", "SGS United Kingdom Ltd",
                  date(2025, 6, 30),
                  date(2028, 6, 29), "Manufacture of low and medium voltage power cables.", "en_dmy",
                  original=date(2010, 7, 1)),
             cert(f, "EMS", "ISO 14001", "ISO 14001:2015", "SG25/01843", "SGS United Kingdom Ltd",
                  date(2025, 6, 30), date(2028, 6, 29), "Manufacture of low and medium voltage power cables.",
                  "en_dmy")]
    ip = [trademark("4-0188772-000", "SHC (hình)", date(2011, 9, 9), date(2013, 4, 22),
                    "Nhóm 09: Dây cáp điện."),
          patent("giai_phap_huu_ich", "2-0002544-000", "Thiết bị bọc cách điện XLPE ba lớp đồng thời",
                 date(2019, 2, 18), date(2021, 7, 5))]
    form = FormSpec(layout="rows", unit="ty", decimals=1, claimed=["ISO 9001:2015", "ISO 14001:2015"],
                    ip_count=2,
                    number="301/SHC-KD", date=date(2026, 9, 16))
    root = "HO SO SPCNCL 2026 - CAP DIEN SONG HONG/"
    docs = [D(root + "1. Phieu dang ky/Phieu dang ky.pdf", "registration_form"),
            D(root + "1. Phieu dang ky/Phieu dang ky.docx", "registration_form", "docx",
              purpose="the same form as Word next to its PDF"),
            *required_docs(root + "2. Phap ly/", names=("GCN DKDN.pdf", "Thong bao thue.pdf", "GPMT.pdf",
                                                        "Cam ket.docx"), commit="docx"),
            D(root + "2. Phap ly/Xac nhan thue 2024.pdf", "tax_compliance", date=date(2024, 12, 16),
              purpose="letter of the former Cục Thuế thành phố Hà Nội (before the 2025 reorganisation)"),
            D(root + "3. BCTC/BCTC hop nhat 2025.pdf", "financial_statement", ref="FY2025",
              variant="bcdkt+kqkd",
              flow=True, purpose="table crosses a page break with the header repeated"),
            D(root + "3. BCTC/BCTC 2024.pdf", "financial_statement", ref="FY2024", variant="kqkd"),
            D(root + "4. Chung nhan/" + unicodedata.normalize("NFD", "Chứng nhận ISO 9001.pdf"),
              "quality_certificate",
              ref="QMS",
              purpose="file name stored decomposed (NFD) in the zip, as macOS Archive Utility writes it"),
            D(root + "4. Chung nhan/ISO 14001.pdf", "quality_certificate", ref="EMS"),
            D(root + "5. SHTT/NH.pdf", "ip_certificate", ref="0"),
            D(root + "5. SHTT/GPHI.pdf", "ip_certificate",
                                                                     ref="1"),
            D(root + "Bang ke XK 2025.pdf", "export_evidence", ref="2025")]
    return Dossier("HN2026-019", "Power cables, delivered as a zip",
                   "complete, proposed (total 71); dossier is a "
                   ".zip with nested folders", f, p, fig, form, docs, certs, ip, delivery="zip")


DOSSIERS = (d013, d014, d015, d016, d017, d018, d019)
