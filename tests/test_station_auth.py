"""Reviewer accounts and their password hashes in the review station (sessions, CSRF and sign-in:
``test_station_sessions.py``)."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import threading
import unicodedata
from pathlib import Path

import pytest

from station.auth import (
    ACCOUNTS_FILE,
    Account,
    Accounts,
    AuthError,
    SignInGuard,
    accounts_path,
    add_reviewer,
    hash_password,
    load_accounts,
    remove_reviewer,
    sign_in,
    verify_password,
)

BAD_PAIR = "Sai tên hoặc mật khẩu"
THROTTLED = "Đăng nhập sai quá nhiều lần; thử lại sau 15 phút"


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# ---- password hashes -------------------------------------------------------------------------


def test_hash_roundtrip_and_wrong_password() -> None:
    encoded = hash_password("mật khẩu đúng")
    assert verify_password("mật khẩu đúng", encoded)
    assert not verify_password("mật khẩu sai", encoded)
    assert not verify_password("", encoded)
    assert not verify_password("mat khau dung", encoded)  # diacritics matter


def test_hash_format() -> None:
    encoded = hash_password("password1")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt, validate=True)) == 16
    assert len(base64.b64decode(digest, validate=True)) == 32
    assert "password1" not in encoded


def test_two_hashes_of_one_password_differ() -> None:
    first, second = hash_password("same password"), hash_password("same password")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]  # the salts
    assert verify_password("same password", first) and verify_password("same password", second)


def test_parameters_are_read_from_the_string() -> None:
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(b"cheaper one", salt=salt, n=1024, r=4, p=2, dklen=24)
    encoded = f"scrypt$1024$4$2${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("cheaper one", encoded)
    assert not verify_password("cheaper two", encoded)


def _good() -> str:
    return hash_password("password1")


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "scrypt",
        "plaintext-password1",
        "password1",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$AAAA",  # a field missing
        "scrypt$16384$8$1$AAAA$AAAA$AAAA",  # one too many
        "scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n not a power of 2
        "scrypt$0$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$-16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # 1 TiB
        "scrypt$16384$0$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$%%%",
        "scrypt$16384$8$1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # empty salt
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",  # empty hash
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # 3-byte hash
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # bad padding
        "scrypt$１６３８４$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        None,
        12345,
        b"scrypt$16384$8$1$AAAA$AAAA",
    ],
)
def test_malformed_encodings_are_false(encoded: object) -> None:
    assert verify_password("password1", encoded) is False  # type: ignore[arg-type]


def test_truncated_or_altered_real_hash_is_false() -> None:
    encoded = _good()
    assert verify_password("password1", encoded)
    assert not verify_password("password1", encoded[:-1])  # broken base64
    assert not verify_password("password1", encoded.rsplit("$", 1)[0] + "$" + base64.b64encode(b"\0" * 32).decode())
    assert not verify_password("password1", encoded.replace("scrypt$16384", "scrypt$8192"))
    salt = encoded.split("$")[4]
    assert not verify_password("password1", encoded.replace(salt, base64.b64encode(b"x" * 16).decode()))


def test_verify_never_raises_on_odd_passwords() -> None:
    encoded = _good()
    assert verify_password("\ud800", encoded) is False  # a lone surrogate
    assert verify_password(None, encoded) is False  # type: ignore[arg-type]


# ---- the accounts file -----------------------------------------------------------------------


def test_missing_file_is_empty(tmp_path: Path) -> None:
    assert load_accounts(tmp_path) == Accounts()
    assert load_accounts(tmp_path / "not yet").reviewers == []
    assert accounts_path(tmp_path) == tmp_path / ACCOUNTS_FILE == tmp_path / "reviewers.json"


def test_add_load_replace_remove(tmp_path: Path) -> None:
    first = add_reviewer(tmp_path, "  Nguyễn Văn An ", "mật-khẩu-một")
    assert isinstance(first, Account)
    assert first.name == "Nguyễn Văn An"  # trimmed
    assert first.created.tzinfo is not None
    add_reviewer(tmp_path, "Trần Thị Bình", "mật-khẩu-hai")

    loaded = load_accounts(tmp_path)
    assert [account.name for account in loaded.reviewers] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert verify_password("mật-khẩu-một", loaded.reviewers[0].password_hash)
    assert verify_password("mật-khẩu-hai", loaded.reviewers[1].password_hash)

    replaced = add_reviewer(tmp_path, "Nguyễn Văn An", "mật-khẩu-mới")
    loaded = load_accounts(tmp_path)
    assert [account.name for account in loaded.reviewers] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert replaced.created == first.created
    assert verify_password("mật-khẩu-mới", loaded.reviewers[0].password_hash)
    assert not verify_password("mật-khẩu-một", loaded.reviewers[0].password_hash)

    assert remove_reviewer(tmp_path, "Nguyễn Văn An") is True
    assert remove_reviewer(tmp_path, "Nguyễn Văn An") is False
    assert remove_reviewer(tmp_path, "Không Có Ai") is False
    assert [account.name for account in load_accounts(tmp_path).reviewers] == ["Trần Thị Bình"]


def test_same_name_in_another_case_or_unicode_form_is_the_same_reviewer(tmp_path: Path) -> None:
    add_reviewer(tmp_path, "Nguyễn Văn An", "password-1")
    add_reviewer(tmp_path, unicodedata.normalize("NFD", "NGUYỄN VĂN AN"), "password-2")
    reviewers = load_accounts(tmp_path).reviewers
    assert [account.name for account in reviewers] == ["Nguyễn Văn An"]
    assert verify_password("password-2", reviewers[0].password_hash)
    assert remove_reviewer(tmp_path, " nguyễn văn an ") is True
    assert load_accounts(tmp_path).reviewers == []


def test_file_is_private_atomic_and_holds_no_plaintext(tmp_path: Path) -> None:
    add_reviewer(tmp_path, "Lê Văn Cường", "bí-mật-rất-dài-123")
    add_reviewer(tmp_path, "Lê Văn Cường", "bí-mật-thứ-hai-456")
    path = accounts_path(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    for plain in ("bí-mật-rất-dài-123", "bí-mật-thứ-hai-456"):
        assert plain.encode("utf-8") not in raw
        assert plain.encode("unicode_escape") not in raw
        assert json.dumps(plain).encode() not in raw
    data = json.loads(raw)
    assert set(data) == {"reviewers"}
    assert set(data["reviewers"][0]) == {"name", "password_hash", "created"}
    assert data["reviewers"][0]["password_hash"].startswith("scrypt$16384$8$1$")
    assert [child.name for child in tmp_path.iterdir()] == [ACCOUNTS_FILE]  # no temporary file left
    remove_reviewer(tmp_path, "Lê Văn Cường")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"reviewers": "nobody"}',
        b'{"reviewers": [{"name": "A"}]}',
        b'{"reviewers": [], "admin": true}',
        b'{"reviewers": [{"name": "A", "password_hash": "x", "created": "2024-01-01T00:00:00Z", "role": "x"}]}',
        b'{"reviewers": [{"name": "A", "password_hash": "x", "created": "h\xf4m qua"}]}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_damaged_file_is_reported_and_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = accounts_path(tmp_path)
    path.write_bytes(content)
    with pytest.raises(AuthError) as caught:
        load_accounts(tmp_path)
    assert "bị hỏng" in caught.value.message_vi
    assert str(caught.value) == caught.value.message_vi
    with pytest.raises(AuthError):
        add_reviewer(tmp_path, "Phạm Thị Dung", "password-1")
    with pytest.raises(AuthError):
        remove_reviewer(tmp_path, "A")
    with pytest.raises(AuthError):
        sign_in(tmp_path, "A", "password-1", SignInGuard(), "ip|A")
    assert path.read_bytes() == content


def test_unreadable_file_is_an_auth_error(tmp_path: Path) -> None:
    accounts_path(tmp_path).mkdir()  # a folder where the file should be
    with pytest.raises(AuthError):
        load_accounts(tmp_path)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "\t\n", "a" * 61, "ab\x00cd", "Văn\tAn", "An\nBình", "An\x1b[31m", "An\x7f", "An\u200b", "An\u202e"],
)
def test_bad_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(AuthError) as caught:
        add_reviewer(tmp_path, name, "password-long-enough")
    assert "Tên người thẩm định" in caught.value.message_vi
    assert not accounts_path(tmp_path).exists()


@pytest.mark.parametrize("password", ["", "1234567", "mậtkhẩu"])
def test_short_passwords_are_refused(tmp_path: Path, password: str) -> None:
    with pytest.raises(AuthError) as caught:
        add_reviewer(tmp_path, "Hoàng Văn Em", password)
    assert caught.value.message_vi == "Mật khẩu phải có ít nhất 8 ký tự"
    assert not accounts_path(tmp_path).exists()


def test_limits_are_inclusive(tmp_path: Path) -> None:
    assert add_reviewer(tmp_path, "a" * 60, "12345678").name == "a" * 60
    assert add_reviewer(tmp_path, " " + "b" * 60 + " ", "12345678").name == "b" * 60
    assert add_reviewer(tmp_path, "Đỗ", "mậtkhẩu!").name == "Đỗ"


def test_concurrent_adds_keep_every_reviewer(tmp_path: Path) -> None:
    names = [f"Người thẩm định {index}" for index in range(4)]
    threads = [threading.Thread(target=add_reviewer, args=(tmp_path, name, "password-1")) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(account.name for account in load_accounts(tmp_path).reviewers) == names
