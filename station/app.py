"""The station's web app (Starlette, server-rendered Jinja templates, a little plain JavaScript).

Pages: the round (``/``), a dossier (``/d/{id}``) with its values beside their pages, a document's
page image or sheet/Word view, the dossier's letter. Entries go through ``pipeline.review``'s
:func:`~pipeline.review.enter_typing` — the worksheet's own checks — and the round is decided and
written again before the page comes back, so the worksheet, letters and summary always agree with
the station. One entry at a time (a lock): two reviewers never run a pass at once, and an entry made
on a page shown before someone else's entry on the same dossier is refused (its version is stale).

Bound to a loopback address the station trusts the machine's user (no sign-in; requests must name
the loopback host, which stops a web page elsewhere from reaching it through DNS rebinding); on any
other address every page asks for a reviewer's sign-in. Every form carries a CSRF token.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import secrets
import threading
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from extractors.errors import InputError, SpcnclError
from extractors.settings import Settings
from pipeline.models import DossierRecord
from pipeline.overrides import load_overrides
from pipeline.reconcile import load_run_params
from pipeline.review import Typing, dossier_version, enter_typing
from pipeline.round import load_round
from pipeline.rubric import Round, Rubric
from pipeline.writers.doubt import field_at
from pipeline.writers.records import read_records, record_filename
from pipeline.writers.worksheet import WORKSHEET
from station import views
from station.auth import AuthError, Session, Sessions, SignInGuard, csrf_ok, loopback, sign_in
from station.files import DocumentFiles
from station.pages import PageRenderError, docx_html, page_image, preview_kind, sheet_html

HERE = Path(__file__).resolve().parent
COOKIE = "spcncl_session"
PRE_COOKIE = "spcncl_signin"
PAGE_WIDTH = 1100
POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"
ACCEPTED = "Đã đối chiếu với tài liệu: đúng"


@dataclass
class Station:
    """What every request of one station shares."""

    out: Path
    rubric: Rubric
    rnd: Round
    threshold: float
    sign_in: bool
    hosts: set[str]
    files: DocumentFiles
    sessions: Sessions = field(default_factory=Sessions)
    guard: SignInGuard = field(default_factory=SignInGuard)
    entry_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cache(self) -> Path:
        """Where page images are kept between requests."""
        return self.out / ".work" / "station" / "pages"

    def record(self, dossier_id: str) -> DossierRecord | None:
        """One dossier's record as last written (None when the round has no such dossier)."""
        path = self.out / "dossiers" / f"{record_filename(dossier_id)}.json"
        if not path.is_file():
            return None
        record = DossierRecord.model_validate_json(path.read_text(encoding="utf-8"))
        return record if record.dossier_id == dossier_id else None

    def document(self, dossier_id: str, index: int) -> tuple[Path, str] | None:
        """The file of a dossier's document ``index`` and its sha256, when it may be shown."""
        record = self.record(dossier_id)
        path = self.files.path(record, index) if record is not None else None
        return (path, record.documents[index].sha256) if record is not None and path is not None else None

    def audit(self, **entry: object) -> None:
        """One line per change made in the station: who, from where, what, and what came of it."""
        target = self.out / ".work" / "station" / "audit.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        entry["at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with target.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def open_station(out: Path, host: str = "127.0.0.1", port: int = 8765) -> Station:
    """A station on a round's output folder (``spcncl run`` must have written it)."""
    params = load_run_params(out)
    if params is None or not (out / "dossiers").is_dir():
        raise InputError(str(out), message_vi="Thư mục này chưa có kết quả của «spcncl run»",
                          message_en="No spcncl run output in this folder")
    rubric, rnd = load_round(params.criteria, params.round)
    local = loopback(host)
    hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")} | {"127.0.0.1", "localhost"}
    inbox = Path(params.inbox) if params.inbox else None
    return Station(out.resolve(), rubric, rnd, Settings.from_env().review_threshold, sign_in=not local,
                   hosts=hosts if local else set(), files=DocumentFiles(out, inbox))


def create_app(station: Station) -> Starlette:
    """The web app of a station."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["quote"] = urllib.parse.quote

    def render(request: Request, name: str, status: int = 200, **context: object) -> Response:
        session = request.state.session
        context |= {"request": request, "csrf": session.csrf if session else "", "signed_in": station.sign_in,
                    "reviewer": session.reviewer if session else "", "round": station.rnd.year}
        response = templates.TemplateResponse(request, name, context, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def home(request: Request) -> Response:
        records = read_records(station.out)
        rows = views.overview(records, station.rubric, station.rnd, station.threshold, load_overrides(station.out))
        return render(request, "round.html", rows=rows, written=views.modified(station.out / WORKSHEET))

    async def dossier(request: Request) -> Response:
        record = station.record(request.path_params["dossier_id"])
        if record is None:
            return not_found(request)
        return show_dossier(request, record)

    def show_dossier(request: Request, record: DossierRecord, status: int = 200, error: str = "",
                     draft: dict[str, str] | None = None) -> Response:
        overrides = load_overrides(station.out)
        view = views.dossier_view(record, station.rubric, station.rnd, station.threshold, overrides)
        return render(request, "dossier.html", status, view=view, version=dossier_version(overrides, record.dossier_id),
                      error=error, draft=draft or {}, notice=request.query_params.get("ok", ""))

    async def page(request: Request) -> Response:
        found = station.document(request.path_params["dossier_id"], request.path_params["doc"])
        if found is None:
            return not_found(request)
        path, sha = found
        try:
            rendered = page_image(path, sha, request.path_params["page"], station.cache, PAGE_WIDTH)
        except PageRenderError as exc:
            return HTMLResponse(f"<p>{html.escape(exc.message_vi)}</p>", status_code=422)
        return FileResponse(rendered.path, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    async def view_document(request: Request) -> Response:
        found = station.document(request.path_params["dossier_id"], request.path_params["doc"])
        if found is None:
            return not_found(request)
        path = found[0]
        snippet = request.query_params.get("text", "")
        try:
            if preview_kind(path.name) == "docx":
                body = docx_html(path, snippet)
            elif preview_kind(path.name) == "sheet":
                body = sheet_html(path, request.query_params.get("sheet") or None, snippet)
            else:
                return not_found(request)
        except PageRenderError as exc:
            return HTMLResponse(f"<p class='problem'>{html.escape(exc.message_vi)}</p>", status_code=422)
        return HTMLResponse(body, headers={"Cache-Control": "no-store"})

    async def letter(request: Request) -> Response:
        record = station.record(request.path_params["dossier_id"])
        if record is None:
            return not_found(request)
        view = views.dossier_view(record, station.rubric, station.rnd, station.threshold, load_overrides(station.out))
        written = station.out / "letters" / f"{record_filename(record.dossier_id)}.docx"
        body = docx_html(written, "") if written.is_file() else ""
        return render(request, "letter.html", view=view, body=body)

    async def enter(request: Request) -> Response:
        record = station.record(request.path_params["dossier_id"])
        if record is None:
            return not_found(request)
        form = await request.form()
        data = {key: str(value) for key, value in form.items() if isinstance(value, str)}
        if not csrf_ok(request.state.session, data.get("csrf")):
            return refused(request, "Biểu mẫu không hợp lệ (thiếu mã chống giả mạo); tải lại trang rồi nhập lại")
        kind: Literal["value", "points"] = "points" if data.get("kind") == "points" else "value"
        reviewer = request.state.session.reviewer or data.get("reviewer", "")
        key = data.get("key", "")
        shown = current_value(record, kind, key)
        value, reason = data.get("value", ""), data.get("reason", "")
        if data.get("accept") and shown is not None:  # the value read is right: it becomes the reviewer's
            value, reason = entry_text(shown), reason.strip() or ACCEPTED
        typing = Typing(kind=kind, key=key, value=value, reason=reason, reviewer=reviewer, shown=shown)
        with station.entry_lock:
            try:
                entry, _ = enter_typing(station.out, record.dossier_id, typing, data.get("version"))
            except SpcnclError as exc:
                station.audit(reviewer=reviewer, client=client(request), dossier=record.dossier_id, kind=kind,
                              key=typing.key, value=typing.value, outcome=exc.message_vi)
                return show_dossier(request, station.record(record.dossier_id) or record, 409, exc.message_vi, data)
        outcome = "không đổi" if entry is None else "đã ghi"
        station.audit(reviewer=reviewer, client=client(request), dossier=record.dossier_id, kind=kind, key=typing.key,
                      value=typing.value, reason=typing.reason, outcome=outcome)
        target = f"/d/{urllib.parse.quote(record.dossier_id)}?ok={urllib.parse.quote(outcome)}#row-{typing.key}"
        return RedirectResponse(target, status_code=303)

    async def signin_page(request: Request) -> Response:
        return signin_form(request, "")

    async def signin_post(request: Request) -> Response:
        form = await request.form()
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or form.get("pre") != pre:
            return signin_form(request, "Phiên đăng nhập đã hết hạn; nhập lại", 403)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        try:
            reviewer = sign_in(station.out, name, password, station.guard, guard_key(request, name))
        except AuthError as exc:
            return signin_form(request, exc.message_vi, 401)
        session = station.sessions.open(reviewer)
        station.audit(reviewer=reviewer, client=client(request), action="đăng nhập")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, session.token, httponly=True, samesite="strict", path="/")
        response.delete_cookie(PRE_COOKIE, path="/")
        return response

    async def signout(request: Request) -> Response:
        form = await request.form()
        if csrf_ok(request.state.session, str(form.get("csrf", ""))):
            station.sessions.close(request.cookies.get(COOKIE))
        response = RedirectResponse("/signin", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    def signin_form(request: Request, error: str, status: int = 200) -> Response:
        token = secrets.token_urlsafe(24)
        response = templates.TemplateResponse(request, "signin.html", {"request": request, "error": error,
                                                                       "pre": token, "round": station.rnd.year},
                                              status_code=status)
        response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    def not_found(request: Request) -> Response:
        return HTMLResponse("<h1>404</h1><p>Không có hồ sơ hoặc tệp này trong vòng xét chọn.</p>", status_code=404)

    def refused(request: Request, message: str) -> Response:
        return HTMLResponse(f"<h1>403</h1><p>{html.escape(message)}</p>", status_code=403)

    async def guard(request: Request, call_next):  # type: ignore[no-untyped-def]
        if station.hosts and request.headers.get("host", "") not in station.hosts:
            return HTMLResponse("<h1>400</h1><p>Địa chỉ truy cập không hợp lệ.</p>", status_code=400)
        open_paths = request.url.path == "/signin" or request.url.path.startswith("/static/")
        session: Session | None = station.sessions.local() if not station.sign_in else \
            station.sessions.get(request.cookies.get(COOKIE))
        request.state.session = session
        if session is None and not open_paths:
            if request.method != "GET":
                return refused(request, "Cần đăng nhập")
            return signin_form(request, "", 401)
        response = await call_next(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    routes = [
        Route("/", home),
        Route("/signin", signin_page, methods=["GET"]),
        Route("/signin", signin_post, methods=["POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/d/{dossier_id}", dossier),
        Route("/d/{dossier_id}/entry", enter, methods=["POST"]),
        Route("/d/{dossier_id}/letter", letter),
        Route("/d/{dossier_id}/doc/{doc:int}/page/{page:int}.png", page),
        Route("/d/{dossier_id}/doc/{doc:int}/view", view_document),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])


def current_value(record: DossierRecord, kind: str, key: str) -> object:
    """The value in force beside an entry (its old value)."""
    if kind == "points":
        return next((c.points for c in record.score.criteria if c.id == key), None)
    found = field_at(record, key)
    return found.value if found is not None else None


def guard_key(request: Request, name: str) -> str:
    """Whom sign-in failures are counted against: the address and the name as sign-in matches it."""
    return f"{client(request)}|{unicodedata.normalize('NFC', name.strip()).casefold()}"


def entry_text(value: object) -> str:
    """A value in force as a reviewer would type it to confirm it."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def client(request: Request) -> str:
    """The address a request came from."""
    return request.client.host if request.client else "?"


def serve(out: Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the station until interrupted."""
    import uvicorn  # heavy: the server, loaded only to serve

    station = open_station(out, host, port)
    uvicorn.run(create_app(station), host=host, port=port, log_level="warning")
