"""Checks on uploaded files by their content, never by their name.

Accepted, the same for every document slot (the checklist says so): PDF, JPEG, PNG (a photo or
a scan of a signed paper), DOC (Word 97-2003) and DOCX (a zip holding word/document.xml). Empty files, files over
settings.THIDUA_MAX_UPLOAD_BYTES and anything else (an executable renamed .pdf…) are refused
with a Vietnamese message that names the file.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Kinds we accept: filetype's extension -> (content type, label).
ACCEPTED = {
    "pdf": ("application/pdf", "PDF"),
    "jpg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "doc": ("application/msword", "DOC"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
}
REPORT_KINDS = frozenset(ACCEPTED)
EXECUTABLE_KINDS = frozenset({"exe", "elf", "dmg", "sh", "deb", "rpm", "dex", "swf", "crx"})
ACCEPT_ATTR = ".pdf,.jpg,.jpeg,.png,.doc,.docx"
# How the accepted kinds are named on every page and in the checklist.
ACCEPTED_LABEL = gettext_lazy("PDF, ảnh chụp JPEG/PNG, Word (DOC, DOCX)")


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def clean_filename(name: str) -> str:
    """The user's file name for display only: no control characters, no path, bounded length."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip()[:200] or "tep"


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} byte"


def _is_docx(upload: UploadedFile) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def check_upload(
    upload: UploadedFile | None, *, allowed: frozenset[str] = frozenset(ACCEPTED)
) -> CheckedUpload:
    """Validate one uploaded file by content; raise ValidationError with a clear message."""
    if upload is None:
        raise ValidationError(_("Chưa chọn tệp."), code="required")
    name = clean_filename(upload.name or "")
    if getattr(upload, "too_large", False):
        raise ValidationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (tối đa %(limit)s).")
            % {"name": name, "limit": human_size(settings.THIDUA_MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(
            _("Tệp “%(name)s” rỗng (0 byte). Vui lòng chọn đúng tệp có nội dung.") % {"name": name},
            code="empty",
        )
    if size > settings.THIDUA_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {
                "name": name,
                "size": human_size(size),
                "limit": human_size(settings.THIDUA_MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else ""
    if extension in {"zip", "docx"}:
        extension = "docx" if _is_docx(upload) else "zip"
    labels = ", ".join(ACCEPTED[k][1] for k in ACCEPTED if k in allowed)
    if extension in EXECUTABLE_KINDS:
        raise ValidationError(
            _(
                "Tệp “%(name)s” thực chất là một chương trình máy tính, không phải tài liệu. "
                "Chỉ nhận tệp %(labels)s."
            )
            % {"name": name, "labels": labels},
            code="executable",
        )
    if extension not in allowed:
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không phải là tệp %(labels)s (hệ thống kiểm tra nội dung "
                "tệp, không dựa vào tên tệp). Vui lòng chọn tệp khác."
            )
            % {"name": name, "labels": labels},
            code="type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        extension=extension,
        content_type=ACCEPTED[extension][0],
        size=size,
        sha256=digest.hexdigest(),
        original_name=name,
    )


class _TooLargeFile:
    """Stands in for a file whose upload was cut off at the size limit."""

    too_large = True
    size = 0

    def __init__(self, name: str) -> None:
        self.name = name


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading a file part once it passes the limit, so a 100 MB upload is never stored.

    The field then receives a stand-in marked too_large, which check_upload turns into a message.
    """

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.limit = settings.THIDUA_MAX_UPLOAD_BYTES
        self.received = 0
        self.skipped: dict[str, str] = {}

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.skipped[self.field_name] = self.file_name
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int):
        return None

    def upload_complete(self) -> None:
        if self.request is not None and self.skipped:
            self.request._too_large_files = dict(self.skipped)


def install_size_limit(request) -> None:
    """Call before touching request.POST/FILES in a view that accepts uploads."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))


def files_with_too_large(request):
    """request.FILES plus stand-ins for the parts cut off by SizeLimitUploadHandler."""
    files = request.FILES.copy()
    for field, name in getattr(request, "_too_large_files", {}).items():
        if field not in files:
            files[field] = _TooLargeFile(name)
    return files
