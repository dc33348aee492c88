"""The specification of a synthetic dossier: firm, product, figures, certificates and the files to write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

GROUPS = {
    "co_khi_che_tao": "Cơ khí, chế tạo",
    "dien_dien_tu": "Điện, điện tử",
    "cong_nghe_thong_tin": "Công nghệ thông tin",
    "det_may_da_giay": "Dệt may, da giầy",
    "che_bien_nong_san_thuc_pham": "Chế biến nông sản, thực phẩm",
    "hoa_chat_cao_su_nhua_duoc_pham": "Hóa chất, cao su, nhựa, dược phẩm",
    "vat_lieu_xay_dung": "Vật liệu xây dựng",
    "thu_cong_my_nghe": "Thủ công mỹ nghệ",
}
REQUIRED_KINDS = (
    "registration_form",
    "business_registration",
    "tax_compliance",
    "environmental_compliance",
    "commitment",
)
# formats whose files cannot be read at all
BROKEN_FORMATS = ("truncated_pdf", "notzip_docx", "garbage_pdf")
SCANNED_FORMATS = ("scan", "photo")


def ty(x: str) -> int:
    """Whole VND from a figure in tỷ đồng written as a string (`ty("1250.5")`)."""
    return int(Decimal(x) * 10**9)


def tr(x: str) -> int:
    """Whole VND from a figure in triệu đồng."""
    return int(Decimal(x) * 10**6)


@dataclass
class Firm:
    """The applicant firm as its documents present it."""

    name: str
    tax_code: str
    address: str  # head office as written on the registration form
    factory: str  # factory / production site as written on the form
    rep: str
    rep_title: str
    legal_form: str  # cp | tnhh | tnhh1tv
    founded: date
    capital: int
    short: str  # the name in the middle of the company stamp
    name_en: str = ""
    abbr: str = ""
    rep_male: bool = True
    address_gcn: str = ""  # head office on the business registration (older style), default address
    gcn_changes: int = 0
    gcn_change_date: date | None = None
    gcn_issuer: str = "skhdt"  # skhdt (Sở KH&ĐT, before 2025-03) | stc (Sở Tài chính) | bacninh
    hq_hanoi: bool = True
    factory_hanoi: bool = True
    extra_office: str = ""  # e.g. a Hà Nội sales office of a firm based elsewhere
    tax_office: str = "Thuế thành phố Hà Nội"
    env_issuer: str = "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    stamp_place: str = "T.P HÀ NỘI"
    phone: str = "024 3768 1234"
    email: str = ""
    accountant: str = "Nguyễn Thị Thu Hà"
    preparer: str = "Phạm Minh Tuấn"


@dataclass
class Product:
    """The registered product."""

    name: str
    group: str
    capacity: str = ""
    technology: str = ""
    standards: str = ""
    market: str = ""


@dataclass
class Figures:
    """True figures: product revenue (VND, as declared), line-10 net revenue per year, export (USD)."""

    product: dict[int, int]
    net: dict[int, int]
    export: dict[int, int]
    employees: int


@dataclass
class Cert:
    """A management-system certificate (ISO/HACCP)."""

    ref: str
    standard: str  # contract code: ISO 9001, ISO 14001, ISO 22000, ISO 45001, HACCP, other
    edition: str  # as printed: "ISO 9001:2015"
    number: str
    issuer: str
    holder: str
    holder_address: str
    issued: date
    expires: date
    scope: str
    date_style: str = "slash"
    lang: str = "en"  # en | bi | vi
    original: date | None = None
    is_firm: bool = True  # False when the holder is another legal entity


@dataclass
class IPCert:
    """An intellectual-property title (trademark, patent, utility solution, design)."""

    kind: str  # nhan_hieu | sang_che | giai_phap_huu_ich | kieu_dang
    number: str
    title: str
    filed: date
    granted: date
    expires: date
    classes: str = ""


@dataclass
class HTCert:
    """A high-tech product certificate of the Ministry of Science and Technology."""

    number: str
    issued: date
    expires: date
    list_item: str


@dataclass
class FormSpec:
    """How the registration form is laid out and what it declares."""

    layout: str = "cols"  # cols | rows | paras | checklist
    unit: str = "ty"  # ty | trieu | dong
    decimals: int | None = None
    export_style: str = "usd"  # usd | trieu_usd
    group_style: str = "text"  # text | checkbox | x
    claimed: list[str] = field(default_factory=list)
    ip_count: int = 0
    tax_code: str | None = None  # a different code written on the form (mismatch case)
    date: date = date(2026, 8, 14)
    number: str = ""
    show_enterprise_rev: bool = True
    employees_note: str = "tại thời điểm 31/12/2025"


@dataclass
class Doc:
    """One file of the dossier. `kind` is the true document kind (what it would be if readable)."""

    path: str
    kind: str
    fmt: str  # pdf docx xlsx doc xls scan photo tcvn3 truncated_pdf notzip_docx garbage_pdf
    ref: str = ""
    purpose: str = ""
    opts: dict = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """False for the deliberately broken files."""
        return self.fmt not in BROKEN_FORMATS

    @property
    def scanned(self) -> bool:
        """True when the file holds page images only."""
        return self.fmt in SCANNED_FORMATS


@dataclass
class Dossier:
    """A whole dossier: what it is, what it should teach the pipeline, and its files."""

    id: str
    title: str
    outcome: str
    firm: Firm
    product: Product
    fig: Figures
    form: FormSpec
    docs: list[Doc]
    certs: list[Cert] = field(default_factory=list)
    ip: list[IPCert] = field(default_factory=list)
    hightech: HTCert | None = None
    fs_unit: str = "dong"
    delivery: str = "folder"  # folder | zip
    zip_date: tuple[int, int, int, int, int, int] = (2026, 9, 18, 16, 42, 10)
    notes: list[str] = field(default_factory=list)
    invalid_tax_codes: list[str] = field(default_factory=list)

    def cert(self, ref: str) -> Cert:
        """The certificate with this ref."""
        return next(c for c in self.certs if c.ref == ref)
