"""Sign-in sessions, CSRF tokens, sign-in throttling and loopback binds of the review station
(accounts and password hashes: ``test_station_auth.py``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from station import auth
from station.auth import AuthError, Sessions, SignInGuard, add_reviewer, csrf_ok, loopback, sign_in

from .test_station_auth import BAD_PAIR, THROTTLED, FakeClock

# ---- sessions and CSRF -----------------------------------------------------------------------


def test_sessions_open_get_close() -> None:
    clock = FakeClock()
    sessions = Sessions(clock=clock)
    one, two = sessions.open("Nguyễn Văn An"), sessions.open("Trần Thị Bình")
    assert one.reviewer == "Nguyễn Văn An" and one.created == one.last_seen == 1000.0
    assert len({one.token, one.csrf, two.token, two.csrf}) == 4
    assert len(one.token) >= 40 and len(one.csrf) >= 40
    assert sessions.get(one.token) is one
    assert sessions.get(two.token) is two
    assert sessions.get(None) is None
    assert sessions.get("") is None
    assert sessions.get("forged-token") is None
    sessions.close(one.token)
    assert sessions.get(one.token) is None
    assert sessions.get(two.token) is two
    sessions.close(None)
    sessions.close("")
    sessions.close("unknown")


def test_sessions_expire_when_idle_and_use_refreshes() -> None:
    clock = FakeClock()
    sessions = Sessions(idle_seconds=100, clock=clock)
    busy, idle = sessions.open("busy"), sessions.open("idle")
    for _ in range(5):  # used every 60 s for 300 s: stays open
        clock.now += 60
        assert sessions.get(busy.token) is busy
    assert busy.last_seen == clock.now
    assert busy.created == 1000.0
    assert sessions.get(idle.token) is None
    clock.now = 1000.0  # dropped, not merely hidden: it does not come back
    assert sessions.get(idle.token) is None
    clock.now = busy.last_seen + 100  # exactly the idle limit still counts
    assert sessions.get(busy.token) is busy
    clock.now += 100.5
    assert sessions.get(busy.token) is None


def test_opening_sweeps_expired_sessions() -> None:
    clock = FakeClock()
    sessions = Sessions(idle_seconds=10, clock=clock)
    for index in range(50):
        sessions.open(f"r{index}")
    clock.now += 11
    fresh = sessions.open("fresh")
    assert list(sessions._sessions) == [fresh.token]


def test_local_session_is_stable_and_not_a_cookie() -> None:
    clock = FakeClock()
    sessions = Sessions(idle_seconds=10, clock=clock)
    local = sessions.local()
    assert local.reviewer == ""
    assert local.csrf and local.token
    clock.now += 10_000
    assert sessions.local() is local
    assert sessions.local().csrf == local.csrf
    assert sessions.get(local.token) is None  # no one on the LAN can use it to sign in
    assert Sessions().local().csrf != local.csrf  # per process (per Sessions), not a constant
    assert csrf_ok(sessions.local(), local.csrf)


def test_csrf_ok() -> None:
    sessions = Sessions()
    session, other = sessions.open("An"), sessions.open("Bình")
    assert csrf_ok(session, session.csrf) is True
    assert csrf_ok(session, other.csrf) is False
    assert csrf_ok(session, session.csrf[:-1]) is False
    assert csrf_ok(session, session.csrf + "x") is False
    assert csrf_ok(session, session.token) is False
    assert csrf_ok(session, None) is False
    assert csrf_ok(session, "") is False
    assert csrf_ok(None, session.csrf) is False
    assert csrf_ok(None, None) is False
    assert csrf_ok(session, "mã-giả-mạo") is False  # non-ASCII: no TypeError from compare_digest
    assert csrf_ok(session, "\udcff") is False


# ---- throttling and sign-in ------------------------------------------------------------------


def test_guard_throttles_after_five_failures_and_recovers() -> None:
    clock = FakeClock()
    guard = SignInGuard(clock=clock)
    key = "192.168.1.20|Nguyễn Văn An"
    for _ in range(4):
        assert guard.allowed(key)
        guard.failed(key)
        clock.now += 1
    assert guard.allowed(key)
    guard.failed(key)
    assert not guard.allowed(key)
    assert guard.allowed("192.168.1.21|Nguyễn Văn An")  # other keys are not affected
    clock.now += 895  # the first failure (at 1000) is now 899 s old
    assert not guard.allowed(key)
    clock.now += 1  # the first failure is 900 s old: out of the window, four remain
    assert guard.allowed(key)
    guard.failed(key)
    assert not guard.allowed(key)
    clock.now += 900
    assert guard.allowed(key)


def test_guard_success_clears_failures() -> None:
    guard = SignInGuard(max_failures=3, clock=FakeClock())
    guard.failed("k")
    guard.failed("k")
    guard.succeeded("k")
    guard.failed("k")
    guard.failed("k")
    assert guard.allowed("k")
    guard.failed("k")
    assert not guard.allowed("k")
    guard.succeeded("never-failed")


def test_guard_memory_stays_bounded() -> None:
    clock = FakeClock()
    guard = SignInGuard(clock=clock)
    for index in range(10_001):
        guard.failed(f"10.0.0.1|{index}")
    clock.now += 901
    guard.failed("last")
    assert list(guard._failures) == ["last"]


def test_sign_in(tmp_path: Path) -> None:
    add_reviewer(tmp_path, "Nguyễn Văn An", "mật-khẩu-đúng")
    guard = SignInGuard(clock=FakeClock())
    assert sign_in(tmp_path, "Nguyễn Văn An", "mật-khẩu-đúng", guard, "ip|a") == "Nguyễn Văn An"
    spelled = unicodedata.normalize("NFD", "  nguyễn văn an ")
    assert sign_in(tmp_path, spelled, "mật-khẩu-đúng", guard, "ip|b") == "Nguyễn Văn An"  # the canonical name


def test_sign_in_bad_pair_message_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_reviewer(tmp_path, "Nguyễn Văn An", "mật-khẩu-đúng")
    checked: list[str] = []
    real_verify = auth.verify_password

    def spy(password: str, encoded: str) -> bool:
        checked.append(encoded)
        return real_verify(password, encoded)

    monkeypatch.setattr(auth, "verify_password", spy)
    guard = SignInGuard(clock=FakeClock())
    with pytest.raises(AuthError) as wrong_password:
        sign_in(tmp_path, "Nguyễn Văn An", "mật-khẩu-sai", guard, "ip|1")
    with pytest.raises(AuthError) as unknown_name:
        sign_in(tmp_path, "Không Có Ai", "mật-khẩu-đúng", guard, "ip|2")
    with pytest.raises(AuthError) as empty:
        sign_in(tmp_path, "", "", guard, "ip|3")
    assert wrong_password.value.message_vi == unknown_name.value.message_vi == empty.value.message_vi == BAD_PAIR
    assert str(wrong_password.value) == str(unknown_name.value) == BAD_PAIR
    assert len(checked) == 3  # an unknown name spends a scrypt too
    assert all(encoded.startswith("scrypt$16384$8$1$") for encoded in checked)


def test_sign_in_with_no_accounts_file(tmp_path: Path) -> None:
    with pytest.raises(AuthError) as caught:
        sign_in(tmp_path, "Ai đó", "password-1", SignInGuard(), "ip|x")
    assert caught.value.message_vi == BAD_PAIR


def test_sign_in_throttled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_reviewer(tmp_path, "An", "mật-khẩu-đúng")
    clock = FakeClock()
    guard = SignInGuard(clock=clock)
    for _ in range(5):
        with pytest.raises(AuthError) as caught:
            sign_in(tmp_path, "An", "đoán-mò", guard, "10.0.0.9|An")
        assert caught.value.message_vi == BAD_PAIR
    calls: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda password, encoded: calls.append(password) or True)
    with pytest.raises(AuthError) as caught:
        sign_in(tmp_path, "An", "mật-khẩu-đúng", guard, "10.0.0.9|An")  # even the right password
    assert caught.value.message_vi == THROTTLED
    assert calls == []  # throttled before any scrypt
    monkeypatch.undo()
    assert sign_in(tmp_path, "An", "mật-khẩu-đúng", guard, "10.0.0.10|An") == "An"  # another address
    clock.now += 901
    assert sign_in(tmp_path, "An", "mật-khẩu-đúng", guard, "10.0.0.9|An") == "An"
    assert guard.allowed("10.0.0.9|An")


# ---- loopback --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("[::1]", True),
        ("0:0:0:0:0:0:0:1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST", True),
        (" localhost ", True),
        ("0.0.0.0", False),
        ("::", False),
        ("[::]", False),
        ("192.168.1.10", False),
        ("10.0.0.5", False),
        ("172.16.0.1", False),
        ("fe80::1", False),
        ("::ffff:192.168.1.10", False),
        ("128.0.0.1", False),
        ("", False),
        ("localhost.example.com", False),
        ("my-laptop", False),
        ("127.0.0.1.nip.io", False),
        ("127.1", False),
    ],
)
def test_loopback(host: str, expected: bool) -> None:
    assert loopback(host) is expected
