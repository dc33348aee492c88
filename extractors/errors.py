"""Every error spcncl raises on purpose, each with its user message and CLI exit code.

Library code raises these and never calls ``sys.exit``; ``spcncl.cli`` is the one place
that turns them into exit codes. Document-level errors (:class:`DocumentLoadError` and its
subclasses) never stop a batch: the pipeline records them on the document instead.
"""

from __future__ import annotations

import re

MAX_DETAIL_CHARS = 300
# C0/C1 control characters (tab and newline aside) and lone surrogates (undecodable file names):
# a detail goes into JSON, XML letters and worksheet cells, which cannot all carry them.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_detail(detail: str) -> str:
    """A technical detail fit for a record, a letter and a worksheet: printable, one line, bounded."""
    text = _UNPRINTABLE.sub("\ufffd", str(detail)).replace("\n", " ").replace("\t", " ").strip()
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"


class SpcnclError(Exception):
    """Base class: a message for the user in Vietnamese and English, and an exit code."""

    exit_code = 1
    message_vi = "Lỗi không xác định."
    message_en = "Unspecified error."

    def __init__(self, detail: str = "", *, message_vi: str | None = None, message_en: str | None = None):
        self.detail = clean_detail(detail)
        if message_vi is not None:
            self.message_vi = message_vi
        if message_en is not None:
            self.message_en = message_en
        super().__init__(self.user_message())

    def user_message(self) -> str:
        """Vietnamese message first, English after, then the technical detail."""
        text = f"{self.message_vi} ({self.message_en})"
        return f"{text}: {self.detail}" if self.detail else text


class InputError(SpcnclError):
    """The command was given something it cannot work with (missing inbox, bad option)."""

    exit_code = 2
    message_vi = "Đầu vào không hợp lệ"
    message_en = "Invalid input"


class CriteriaError(SpcnclError):
    """A rubric file is missing, malformed or inconsistent."""

    exit_code = 3
    message_vi = "Tệp tiêu chí không hợp lệ"
    message_en = "Invalid criteria file"


class OutputError(SpcnclError):
    """The output folder cannot be written."""

    exit_code = 4
    message_vi = "Không ghi được kết quả"
    message_en = "Cannot write outputs"


class WorksheetError(SpcnclError):
    """A reviewer worksheet cannot be read back."""

    exit_code = 5
    message_vi = "Không đọc được phiếu thẩm định"
    message_en = "Cannot read the reviewer worksheet"


class StaleEntryError(InputError):
    """An entry made on a page shown before another reviewer changed the same dossier."""

    message_vi = "Hồ sơ vừa có người khác sửa; tải lại trang rồi nhập lại"
    message_en = "Another reviewer changed the dossier; reload and enter again"


class EmptyInboxError(InputError):
    """The inbox holds no dossier (no sub-folder, no .zip): a run would only empty the outputs."""

    exit_code = 7
    message_vi = "Thư mục hồ sơ không có hồ sơ nào (mỗi hồ sơ là một thư mục con hoặc một tệp .zip)"
    message_en = "The inbox holds no dossier"


class InterruptedRun(SpcnclError):
    """The user stopped the command (Ctrl-C). What was finished is kept; the next run goes on from it."""

    exit_code = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C
    message_vi = "Đã dừng; chạy lại lệnh để tiếp tục, phần đã xong được giữ"
    message_en = "Stopped; run the command again to continue, what was done is kept"


class DocumentLoadError(SpcnclError):
    """One document cannot be read. Recorded on the document; never stops the batch.

    ``code`` is a stable machine-readable name for the failure (kept in the record).
    """

    exit_code = 6
    code = "unreadable"
    message_vi = "Không đọc được tệp"
    message_en = "Cannot read the file"


class UnsupportedFormatError(DocumentLoadError):
    """The file's content is of a format spcncl has no reader for."""

    code = "unsupported_format"
    message_vi = "Định dạng tệp không được hỗ trợ"
    message_en = "Unsupported file format"


class EmptyFileError(DocumentLoadError):
    """The file has no bytes."""

    code = "empty_file"
    message_vi = "Tệp rỗng, 0 byte"
    message_en = "Empty file"


class CorruptFileError(DocumentLoadError):
    """The file claims a format but its structure is broken (truncated, bad zip, bad xref)."""

    code = "corrupt_file"
    message_vi = "Tệp bị hỏng hoặc không đầy đủ"
    message_en = "Corrupt or truncated file"


class EncryptedFileError(DocumentLoadError):
    """The file is password-protected."""

    code = "encrypted_file"
    message_vi = "Tệp được đặt mật khẩu, không mở được"
    message_en = "Password-protected file"


class LimitExceededError(DocumentLoadError):
    """The file exceeds a configured safety limit (size, pages, pixels, decompressed bytes)."""

    code = "limit_exceeded"
    message_vi = "Tệp vượt quá giới hạn an toàn"
    message_en = "File exceeds a safety limit"


class UnsafeContentError(DocumentLoadError):
    """The file holds something spcncl refuses to process (external entities, entity bombs)."""

    code = "unsafe_content"
    message_vi = "Tệp chứa nội dung không an toàn"
    message_en = "Unsafe file content"


class DocumentTimeoutError(DocumentLoadError):
    """Reading the file took longer than the configured limit."""

    code = "timeout"
    message_vi = "Đọc tệp quá thời gian cho phép"
    message_en = "Reading the file timed out"


class FileAccessError(DocumentLoadError):
    """The file could not be opened or read from disk (gone, no permission, I/O failure)."""

    code = "io_error"
    message_vi = "Không truy cập được tệp"
    message_en = "Cannot access the file"


class NotRegularFileError(DocumentLoadError):
    """The path is a pipe, a socket or a device: reading it could block for ever."""

    code = "unsupported_format"
    message_vi = "Không phải tệp thông thường"
    message_en = "Not a regular file"


class InternalReadError(DocumentLoadError):
    """A bug met while handling this file: recorded on it, and tried again on the next pass."""

    code = "internal_error"
    message_vi = "Lỗi nội bộ khi đọc tệp"
    message_en = "Internal error while reading the file"


class ToolMissingError(DocumentLoadError):
    """An external program needed for this file (Tesseract, LibreOffice) is not installed."""

    code = "tool_missing"
    message_vi = "Thiếu phần mềm cần để đọc tệp"
    message_en = "A required external tool is missing"
