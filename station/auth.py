"""Reviewer accounts, sign-in sessions and CSRF tokens for the review station.

Passwords are kept as scrypt hashes: scrypt is in the standard library (``hashlib``, nothing to
install) and memory-hard (16 MiB per guess at n=16384, r=8), so a leaked file is costly to crack on
GPUs. Each hash carries its parameters, so they can be raised later without breaking old accounts.

Accounts live in ``OUT/reviewers.json`` beside the round they review, written atomically with mode
0600. A damaged file is reported, never replaced: overwriting it would lock everyone out silently.

Sessions are in memory only: a restart signs everyone out, and no session secret reaches the disk.
CSRF tokens are per session: another site can make the reviewer's browser post with its cookie but
cannot read the page, so cannot know the token; and the token dies with the session at sign-out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

ACCOUNTS_FILE = "reviewers.json"

_N, _R, _P, _SALT_BYTES, _DKLEN = 16384, 8, 1, 16, 32
_MAX_MEMORY = 2**26  # 64 MiB: a tampered hash cannot make one sign-in take gigabytes
_MAX_NAME, _MIN_PASSWORD = 60, 8
_write_lock = threading.Lock()  # one read-modify-write of the accounts file at a time


class AuthError(Exception):
    """A refused account change or sign-in; ``message_vi`` is shown to the user."""

    def __init__(self, message_vi: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi


class Account(BaseModel, extra="forbid"):
    """One reviewer: the name shown in the audit trail and a scrypt hash of the password."""

    name: str
    password_hash: str
    created: datetime


class Accounts(BaseModel, extra="forbid"):
    """The content of ``OUT/reviewers.json``."""

    reviewers: list[Account] = []


def accounts_path(out: Path) -> Path:
    """Where the accounts of the round in ``out`` are kept."""
    return Path(out) / ACCOUNTS_FILE


def load_accounts(out: Path) -> Accounts:
    """Read the accounts; none when the file is missing, ``AuthError`` when it is damaged."""
    path = accounts_path(out)
    try:
        return Accounts.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return Accounts()
    except (OSError, ValidationError, ValueError) as error:
        raise AuthError(f"Tệp tài khoản {path} bị hỏng; hãy sửa hoặc xóa tệp này rồi tạo lại tài khoản") from error


def _key(name: str) -> str:
    """The form a name is matched in: trimmed, NFC (keyboards differ), case-folded."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def _find(accounts: Accounts, name: str) -> Account | None:
    return next((account for account in accounts.reviewers if _key(account.name) == _key(name)), None)


def _check_name(name: str) -> str:
    clean = unicodedata.normalize("NFC", name.strip())
    if not clean or len(clean) > _MAX_NAME:
        raise AuthError(f"Tên người thẩm định phải có từ 1 đến {_MAX_NAME} ký tự")
    if any(unicodedata.category(char).startswith("C") for char in clean):
        raise AuthError("Tên người thẩm định không được chứa ký tự điều khiển")
    return clean


def _save(out: Path, accounts: Accounts) -> None:
    """Write the accounts atomically (temporary file beside the target, then a rename), mode 0600."""
    target = accounts_path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(accounts.model_dump_json(indent=2) + "\n")
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, target)
    finally:
        Path(temp_name).unlink(missing_ok=True)


def add_reviewer(out: Path, name: str, password: str) -> Account:
    """Create a reviewer, or give an existing one (same name) a new password."""
    clean = _check_name(name)
    if len(password) < _MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {_MIN_PASSWORD} ký tự")
    encoded = hash_password(password)
    with _write_lock:
        accounts = load_accounts(out)  # a damaged file raises here and stays as it is
        account = _find(accounts, clean)
        if account is None:
            account = Account(name=clean, password_hash=encoded, created=datetime.now(UTC))
            accounts.reviewers.append(account)
        account.password_hash = encoded
        _save(out, accounts)
    return account


def remove_reviewer(out: Path, name: str) -> bool:
    """Remove a reviewer; ``False`` when there was none of that name."""
    with _write_lock:
        accounts = load_accounts(out)
        account = _find(accounts, name)
        if account is None:
            return False
        accounts.reviewers.remove(account)
        _save(out, accounts)
    return True


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate is hashed, not an error


def hash_password(password: str) -> str:
    """Hash a password as ``scrypt$n$r$p$<salt b64>$<hash b64>`` with a fresh 16-byte salt."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(_utf8(password), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches ``encoded``; ``False`` (never an exception) for a malformed hash."""
    try:
        scheme, n_text, r_text, p_text, salt_text, hash_text = encoded.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = base64.b64decode(salt_text, validate=True), base64.b64decode(hash_text, validate=True)
        sane = n >= 2 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and 128 * r * n <= _MAX_MEMORY
        if scheme != "scrypt" or not sane or not salt or not 16 <= len(expected) <= 64:
            return False
        digest = hashlib.scrypt(_utf8(password), salt=salt, n=n, r=r, p=p, dklen=len(expected),
                                maxmem=128 * r * (n + p + 2) + 2**20)
    except (AttributeError, TypeError, ValueError, MemoryError):  # binascii.Error is a ValueError
        return False
    return hmac.compare_digest(digest, expected)


# checked for unknown names so they spend a scrypt like known ones (timing tells no names); nothing hashes to zeros
_DUMMY_HASH = f"scrypt${_N}${_R}${_P}${_b64(bytes(_SALT_BYTES))}${_b64(bytes(_DKLEN))}"


@dataclass
class Session:
    """A signed-in reviewer: the cookie token, the CSRF token and when it was last used."""

    token: str
    reviewer: str
    csrf: str
    created: float
    last_seen: float


class Sessions:
    """The station's sessions, in memory and thread-safe; idle ones expire."""

    def __init__(self, idle_seconds: float = 8 * 3600, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}
        self._local: Session | None = None

    def open(self, reviewer: str) -> Session:
        """Start a session for ``reviewer`` with fresh random tokens (expired ones are dropped)."""
        with self._lock:
            now = self._clock()
            self._sessions = {t: s for t, s in self._sessions.items() if now - s.last_seen <= self.idle_seconds}
            session = Session(secrets.token_urlsafe(32), reviewer, secrets.token_urlsafe(32), now, now)
            self._sessions[session.token] = session
            return session

    def get(self, token: str | None) -> Session | None:
        """The session of a cookie token, its idle time reset; ``None`` if unknown or expired."""
        with self._lock:
            session, now = self._sessions.get(token or ""), self._clock()
            if session is None or now - session.last_seen > self.idle_seconds:
                self._sessions.pop(token or "", None)
                return None
            session.last_seen = now
            return session

    def close(self, token: str | None) -> None:
        """Sign out: forget the session (nothing happens for an unknown token)."""
        with self._lock:
            self._sessions.pop(token or "", None)

    def local(self) -> Session:
        """The one session of a loopback-only station without sign-in (reviewer ``""``); not in ``get``."""
        with self._lock:
            now = self._clock()
            self._local = self._local or Session(secrets.token_urlsafe(32), "", secrets.token_urlsafe(32), now, now)
            return self._local


def csrf_ok(session: Session | None, token: str | None) -> bool:
    """Whether a form's CSRF token is the session's (constant-time); ``False`` when either is missing."""
    if session is None or not session.csrf or not token:
        return False
    return hmac.compare_digest(_utf8(session.csrf), _utf8(token))


class SignInGuard:
    """Throttle password guessing: at most ``max_failures`` failures per key in a sliding window."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 900,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}

    def _recent(self, key: str, now: float) -> list[float]:
        recent = [at for at in self._failures.pop(key, []) if now - at < self.window_seconds]
        if recent:
            self._failures[key] = recent
        return recent

    def allowed(self, key: str) -> bool:
        """Whether ``key`` (e.g. ``f"{ip}|{name}"``) may try a password now."""
        with self._lock:
            return len(self._recent(key, self._clock())) < self.max_failures

    def failed(self, key: str) -> None:
        """Count a failed attempt (old keys are swept now and then so memory stays bounded)."""
        with self._lock:
            now = self._clock()
            if len(self._failures) > 10_000:  # keys whose last failure left the window
                self._failures = {k: v for k, v in self._failures.items() if now - v[-1] < self.window_seconds}
            self._failures.setdefault(key, []).append(now)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` after a successful sign-in."""
        with self._lock:
            self._failures.pop(key, None)


def sign_in(out: Path, name: str, password: str, guard: SignInGuard, key: str) -> str:
    """Check a name and password; return the account's name as stored, or raise ``AuthError``."""
    if not guard.allowed(key):
        raise AuthError(f"Đăng nhập sai quá nhiều lần; thử lại sau {math.ceil(guard.window_seconds / 60)} phút")
    account = _find(load_accounts(out), name)
    encoded = account.password_hash if account is not None else _DUMMY_HASH
    if not verify_password(password, encoded) or account is None:
        guard.failed(key)
        raise AuthError("Sai tên hoặc mật khẩu")
    guard.succeeded(key)
    return account.name


def loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost`` (nothing on the LAN can reach it)."""
    text = host.strip().lower().removeprefix("[").removesuffix("]")
    if text.removesuffix(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None  # ::ffff:127.0.0.1
    return (mapped or address).is_loopback
