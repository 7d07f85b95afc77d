"""Names of downloaded files: meaningful, ASCII-folded, never a storage hash.

"01-2026_To-trinh_UBND-xa-Ba-Cung.pdf": the number and year, the document's type, whose it is.
The Content-Disposition header carries that ASCII name in `filename` and the original
(Vietnamese) name in RFC 5987's `filename*`, so every browser saves a readable name.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9.]+")
_DASHES = re.compile(r"-{2,}")
MAX_STEM = 120


def ascii_fold(text: str) -> str:
    """'Tờ trình UBND xã Ba Cung' -> 'To trinh UBND xa Ba Cung' (case kept, đ -> d)."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ord(ch) < 128)


def slug_part(text: str) -> str:
    """One part of a file name: folded, words joined by '-', nothing a file system dislikes."""
    folded = _UNSAFE.sub("-", ascii_fold(text).replace("/", "-"))
    return _DASHES.sub("-", folded).strip("-.")


def document_filename(*parts: str, ext: str = "pdf") -> str:
    """Parts joined by '_': document_filename("01-2026", "To trinh", "UBND xã Ba Cung")."""
    stem = "_".join(p for p in (slug_part(part) for part in parts) if p)[:MAX_STEM]
    return f"{stem or 'tep'}.{ext}"


def upload_filename(original: str, *, fallback: str = "tep") -> str:
    """The ASCII name of an uploaded file from its original name (extension kept)."""
    path = PurePath(original or "")
    suffix = slug_part(path.suffix.lstrip(".")).lower()[:10]
    stem = slug_part(path.stem)[:MAX_STEM] or fallback
    return f"{stem}.{suffix}" if suffix else stem


def content_disposition(filename: str, *, inline: bool = False, original: str = "") -> str:
    """`attachment; filename="ascii.pdf"; filename*=UTF-8''<original, percent-encoded>`."""
    ascii_name = filename.replace("\\", "").replace('"', "")
    utf8_name = original or filename
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"
