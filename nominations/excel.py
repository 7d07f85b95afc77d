"""The nominee list as an Excel workbook: a template to download and its import.

Import reports every bad cell by row and column in Vietnamese; the caller decides whether to
import nothing (default) or only the good rows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.enums import RecipientKind
from campaigns.models import AwardOffer, Campaign
from organizations.enums import Gender
from organizations.models import Ethnicity
from organizations.selectors import ethnicity_lookup, find_ethnicity
from organizations.vietnamese import fold, has_hidden_marks, strip_hidden_marks

from .enums import StaffCategory

MAX_ROWS = 2000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# What an import may expand to, checked from the zip directory before anything is parsed (a
# 488 KB file can hold a 500 MB cell; openpyxl parses what the members expand to). Python's
# zipfile never expands a member beyond the size its directory entry declares, so these bound
# what the parser can ever see.
MAX_MEMBERS = 100
MAX_MEMBER_BYTES = {
    "xl/sharedStrings.xml": 16 * 1024 * 1024,
    "xl/worksheets/": 32 * 1024 * 1024,  # any sheet
}
MAX_OTHER_MEMBER_BYTES = 4 * 1024 * 1024
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
MAX_COLUMNS = 40  # the template has 16; columns past this are not read
MAX_SHARED_STRINGS = (MAX_ROWS + 1) * MAX_COLUMNS
DATA_SHEET = "Danh sách"
LISTS_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    max_length: int = 255
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("kind", "Đối tượng", 14, note="Cá nhân, Tập thể hoặc Hộ gia đình"),
    Column("full_name", "Họ và tên / Tên tập thể", 30, note="Bắt buộc. Tên tập thể ghi đầy đủ"),
    Column("gender", "Giới tính", 10, note="Cá nhân: Nam hoặc Nữ"),
    Column("birth_date", "Ngày sinh", 13, note="Cá nhân: ngày/tháng/năm, ví dụ 05/04/1980"),
    Column(
        "ethnicity",
        "Dân tộc",
        14,
        note="Cá nhân: chọn trong danh mục 54 dân tộc, hoặc gõ tên gọi khác (Ca Dong, Hre…)",
    ),
    Column("hometown", "Quê quán", 22),
    Column("position", "Chức vụ", 22),
    Column("workplace", "Đơn vị công tác", 26),
    Column("staff_category", "Đối tượng cán bộ", 30),
    Column("citizen_id", "Số CCCD", 15, max_length=12),
    Column("parent_unit_name", "Đơn vị cấp trên trực tiếp (tập thể)", 28),
    Column("member_count", "Số thành viên (tập thể)", 12),
    Column("women_share", "Tỷ lệ nữ % (tập thể)", 12),
    Column("award_offer", "Hình thức đề nghị", 30),
    Column("achievement_summary", "Tóm tắt thành tích", 40, max_length=5000),
    Column("report_text", "Báo cáo thành tích", 40, max_length=50000),
)
MULTILINE = frozenset({"achievement_summary", "report_text"})
KIND_NAMES = {
    "Cá nhân": RecipientKind.INDIVIDUAL,
    "Tập thể": RecipientKind.COLLECTIVE,
    "Hộ gia đình": RecipientKind.HOUSEHOLD,
}
GENDER_NAMES = {"Nam": Gender.MALE, "Nữ": Gender.FEMALE}
STAFF_NAMES = {str(label): value for value, label in StaffCategory.choices}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # header text, "" for the whole row
    letter: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Dòng %(row)s, cột %(letter)s (“%(column)s”): %(message)s") % {
                "row": self.row,
                "letter": self.letter,
                "column": self.column,
                "message": self.message,
            }
        return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)  # good rows, ready for the service
    row_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    bad_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error and bool(self.rows)


def _offers(campaign: Campaign) -> list[AwardOffer]:
    return list(
        campaign.award_offers.select_related("award_form").order_by("award_form__order", "pk")
    )


def build_template(campaign: Campaign) -> bytes:
    """The workbook a clerk fills in: headers, drop-down lists, and an instructions sheet."""
    offers = _offers(campaign)
    ethnicities = list(Ethnicity.objects.order_by("code"))
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    header_font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="A50E0E")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = header_font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "B2"

    lists = wb.create_sheet(LISTS_SHEET)
    values = {
        "kind": list(KIND_NAMES),
        "gender": list(GENDER_NAMES),
        "ethnicity": [e.name for e in ethnicities],
        "staff_category": list(STAFF_NAMES),
        "award_offer": [o.award_form.name for o in offers] or ["(chưa có hình thức)"],
    }
    for col, (key, items) in enumerate(values.items(), start=1):
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=key)
        for row, item in enumerate(items, start=2):
            lists.cell(row=row, column=col, value=item)
        target = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
        validation = DataValidation(
            type="list",
            formula1=f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Vui lòng chọn một giá trị trong danh sách.",
        )
        validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
        ws.add_data_validation(validation)
    lists.sheet_state = "hidden"
    date_col = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == "birth_date"))
    for row in range(2, 202):
        ws[f"{date_col}{row}"].number_format = "DD/MM/YYYY"

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 34
    help_ws.column_dimensions["B"].width = 90
    help_ws["A1"] = "HƯỚNG DẪN NHẬP DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    help_ws["A1"].font = Font(bold=True, size=13)
    help_ws["A2"] = f"Kế hoạch: {campaign.title}"
    lines = [
        (
            "Cách nhập",
            "Mỗi dòng của trang “Danh sách” là một tập thể, cá nhân hoặc hộ gia đình. "
            "Không đổi tên, thứ tự các cột; không để trống dòng tiêu đề.",
        ),
        (
            "Ô có danh sách chọn",
            "Đối tượng, Giới tính, Dân tộc, Đối tượng cán bộ, Hình thức đề nghị: "
            "bấm vào ô và chọn trong danh sách.",
        ),
        ("Ngày sinh", "Nhập theo dạng ngày/tháng/năm, ví dụ 05/04/1980."),
        (
            "Ví dụ cá nhân",
            "Cá nhân | Đinh Văn Mười | Nam | 12/03/1979 | Hrê | xã Ba Cung | "
            "Trưởng thôn | Thôn Làng Teng | Người lao động trực tiếp, cơ sở",
        ),
        (
            "Ví dụ tập thể",
            "Tập thể | Thôn Làng Teng, xã Ba Cung | | | | | | | | | UBND xã Ba Cung | 120 | 52",
        ),
        (
            "Khi có lỗi",
            "Hệ thống báo từng lỗi theo dòng và cột; chưa nhập gì cho đến khi tệp hết lỗi, "
            "trừ khi anh/chị chọn chỉ nhập các dòng hợp lệ.",
        ),
    ]
    for column in COLUMNS:
        if column.note:
            lines.append((column.header, column.note))
    for row, (title, text) in enumerate(lines, start=4):
        help_ws.cell(row=row, column=1, value=title).font = Font(bold=True)
        help_ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any, *, keep_marks: bool = False) -> str:
    """A cell as text: no control characters, NFC; hidden direction and zero-width characters
    stripped unless `keep_marks` (a name, where they are refused)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not keep_marks:
        text = strip_hidden_marks(text)
    return unicodedata.normalize("NFC", text).strip()


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


NOT_A_WORKBOOK = (
    "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng. "
    "Vui lòng tải mẫu của hệ thống, nhập lại và lưu dạng .xlsx."
)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")
_UNIQUE_COUNT = re.compile(rb"uniqueCount=\"(\d+)\"")


def _member_limit(name: str) -> int:
    for prefix, limit in MAX_MEMBER_BYTES.items():
        if name == prefix or (prefix.endswith("/") and name.startswith(prefix)):
            return limit
    return MAX_OTHER_MEMBER_BYTES


def _head(archive: zipfile.ZipFile, name: str, size: int = 2048) -> bytes:
    with archive.open(name) as member:
        return member.read(size)


def check_bounds(data: bytes) -> tuple[str, int]:
    """(error, rows) for an uploaded workbook, from its zip directory and the first bytes of its
    members, before any parsing: the number of members, each member's and the total expanded
    size, the sheet's declared dimension and the number of shared strings. `error` is "" when
    the file may be parsed; `rows` is the declared number of data rows (for the progress bar)."""
    if len(data) > MAX_IMPORT_BYTES:
        return _("Tệp Excel quá lớn (tối đa 5 MB)."), 0
    too_big = _(
        "Tệp Excel này khi giải nén quá lớn so với một danh sách đề nghị (tối đa %(rows)s dòng, "
        "%(mb)s MB dữ liệu). Vui lòng xóa các trang, cột thừa hoặc chia thành nhiều tệp."
    ) % {"rows": MAX_ROWS, "mb": MAX_EXPANDED_BYTES // (1024 * 1024)}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return too_big, 0
            if sum(m.file_size for m in members) > MAX_EXPANDED_BYTES:
                return too_big, 0
            if any(m.file_size > _member_limit(m.filename) for m in members):
                return too_big, 0
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                return _(NOT_A_WORKBOOK), 0
            rows = 0
            for name in sorted(n for n in names if n.startswith("xl/worksheets/sheet")):
                found = _DIMENSION.search(_head(archive, name))
                if found:
                    rows = max(rows, int(found.group(2)) - 1)
                    if int(found.group(2)) > MAX_ROWS + 1 + 1000:
                        return too_big, 0
            if "xl/sharedStrings.xml" in names:
                found = _UNIQUE_COUNT.search(_head(archive, "xl/sharedStrings.xml", 512))
                if found and int(found.group(1)) > MAX_SHARED_STRINGS:
                    return too_big, 0
    # zlib.error: a member whose compressed data is damaged (a flipped byte in the zip).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error):
        return _(NOT_A_WORKBOOK), 0
    except NotImplementedError:  # a compression method zipfile does not know
        return _(NOT_A_WORKBOOK), 0
    return "", min(rows, MAX_ROWS)


def parse_workbook(
    data: bytes, *, campaign: Campaign, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Read the nominees of an uploaded workbook; never raises on bad content. `progress` is
    called with the number of rows read, every PROGRESS_EVERY rows."""
    result = ImportResult()
    error, _rows = check_bounds(data)
    if error:
        result.file_error = error
        return result
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        IndexError,
        EOFError,
        AttributeError,
        NotImplementedError,
    ):
        result.file_error = _(NOT_A_WORKBOOK)
        return result
    except Exception:  # openpyxl raises many kinds on malformed XML inside a valid zip
        result.file_error = _(
            "Không đọc được tệp: đây không phải tệp Excel (.xlsx) hợp lệ hoặc tệp đã bị hỏng."
        )
        return result
    try:
        return _parse_rows(wb, campaign, result, progress)
    except Exception:  # malformed sheet XML is only discovered while iterating
        result.rows, result.errors = [], []
        result.file_error = _(
            "Không đọc được nội dung tệp Excel: tệp đã bị hỏng. Vui lòng lưu lại tệp dạng .xlsx."
        )
        return result
    finally:
        wb.close()


PROGRESS_EVERY = 100


def _parse_rows(
    wb, campaign: Campaign, result: ImportResult, progress: Callable[[int], None] | None = None
) -> ImportResult:
    ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, None)
    by_header = {fold(c.header): c for c in COLUMNS}
    positions: dict[str, int] = {}
    for index, value in enumerate(header or ()):
        column = by_header.get(fold(_text(value)))
        if column is not None:
            positions[column.key] = index
    missing = [
        c.header for c in COLUMNS if c.key in {"kind", "full_name"} and c.key not in positions
    ]
    if missing:
        result.file_error = _(
            "Dòng tiêu đề không đúng mẫu: thiếu cột %(columns)s. Vui lòng dùng tệp mẫu của hệ thống."
        ) % {"columns": ", ".join(f"“{m}”" for m in missing)}
        return result
    ethnicities = ethnicity_lookup()
    offers = _offers(campaign)
    offers_by_name = {fold(o.award_form.name): o for o in offers}
    kinds = {fold(k): v for k, v in KIND_NAMES.items()}
    genders = {fold(k): v for k, v in GENDER_NAMES.items()}
    staff = {fold(k): v for k, v in STAFF_NAMES.items()}
    today = timezone.localdate()
    for row_number, values in enumerate(rows, start=2):
        if progress is not None and row_number % PROGRESS_EVERY == 0:
            progress(row_number - 1)
        if row_number > MAX_ROWS + 1:
            result.file_error = _("Tệp có quá nhiều dòng (tối đa %(max)s dòng).") % {
                "max": MAX_ROWS
            }
            result.rows, result.errors = [], []
            return result
        cells = {key: (values[i] if i < len(values) else None) for key, i in positions.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        errors: list[RowError] = []

        def error(key: str, message: str, row: int = row_number, errors=errors) -> None:
            column = next(c for c in COLUMNS if c.key == key)
            letter = get_column_letter(positions.get(key, 0) + 1)
            errors.append(RowError(row, column.header, letter, message))

        out: dict[str, Any] = {}
        for column in COLUMNS:
            if column.key in {
                "birth_date",
                "member_count",
                "women_share",
                "ethnicity",
                "award_offer",
            }:
                continue
            text = _text(cells.get(column.key))
            if column.key not in MULTILINE:  # a line break typed in a cell (Alt+Enter)
                text = " ".join(text.split())
            if len(text) > column.max_length:
                error(column.key, _("quá dài (tối đa %(max)s ký tự).") % {"max": column.max_length})
            out[column.key] = text[: column.max_length]
        kind_text = out.pop("kind")
        kind = kinds.get(fold(kind_text)) if kind_text else RecipientKind.INDIVIDUAL
        if kind is None:
            error(
                "kind",
                _("“%(value)s” không phải là Cá nhân, Tập thể hay Hộ gia đình.")
                % {"value": kind_text[:60]},
            )
            kind = RecipientKind.INDIVIDUAL
        out["kind"] = kind
        if not out["full_name"]:
            error("full_name", _("chưa nhập họ và tên (tên tập thể)."))
        elif has_hidden_marks(_text(cells.get("full_name"), keep_marks=True)):
            error(
                "full_name",
                _("tên có ký tự ẩn (ký tự đảo chiều hoặc không độ rộng); vui lòng gõ lại tên."),
            )

        gender_text = out.pop("gender")
        out["gender"] = ""
        if gender_text:
            out["gender"] = genders.get(fold(gender_text), "")
            if not out["gender"]:
                error(
                    "gender", _("“%(value)s” không phải Nam hoặc Nữ.") % {"value": gender_text[:60]}
                )
        staff_text = out.pop("staff_category")
        out["staff_category"] = ""
        if staff_text:
            out["staff_category"] = staff.get(fold(staff_text), "")
            if not out["staff_category"]:
                error(
                    "staff_category",
                    _("“%(value)s” không có trong danh sách chọn.") % {"value": staff_text[:60]},
                )
        if out["citizen_id"] and not (out["citizen_id"].isdigit() and len(out["citizen_id"]) == 12):
            error("citizen_id", _("số CCCD phải gồm đúng 12 chữ số."))
        raw_birth = cells.get("birth_date")
        out["birth_date"] = None
        if _text(raw_birth):
            try:
                birth = _parse_date(raw_birth)
            except ValueError:
                error(
                    "birth_date",
                    _(
                        "“%(value)s” không phải là ngày; nhập theo dạng ngày/tháng/năm, ví dụ 05/04/1980."
                    )
                    % {"value": _text(raw_birth)[:60]},
                )
            else:
                if birth > today:
                    error(
                        "birth_date",
                        _("ngày sinh %(value)s ở trong tương lai.")
                        % {"value": birth.strftime("%d/%m/%Y")},
                    )
                elif birth.year < 1900:
                    error(
                        "birth_date",
                        _("ngày sinh %(value)s không hợp lệ.")
                        % {"value": birth.strftime("%d/%m/%Y")},
                    )
                else:
                    out["birth_date"] = birth
        ethnicity_text = _text(cells.get("ethnicity"))
        out["ethnicity"] = None
        if ethnicity_text:
            found = find_ethnicity(ethnicity_text, ethnicities)
            if found is None:
                error(
                    "ethnicity",
                    _("không có dân tộc “%(value)s” trong danh mục 54 dân tộc Việt Nam.")
                    % {"value": ethnicity_text[:60]},
                )
            out["ethnicity"] = found
        for key, upper in (("member_count", 1_000_000), ("women_share", 100)):
            raw = cells.get(key)
            out[key] = None
            if _text(raw):
                try:
                    number = float(_text(raw).replace(",", "."))
                    if not number.is_integer() or number < 0 or number > upper:
                        raise ValueError
                    out[key] = int(number)
                except ValueError:
                    error(
                        key,
                        _("“%(value)s” phải là số nguyên từ 0 đến %(max)s.")
                        % {"value": _text(raw)[:60], "max": upper},
                    )
        offer_text = _text(cells.get("award_offer"))
        fitting = [o for o in offers if o.award_form.recipient_kind == kind]
        offer = None
        if offer_text:
            offer = offers_by_name.get(fold(offer_text))
            if offer is None:
                error(
                    "award_offer",
                    _("hình thức “%(value)s” không có trong kế hoạch.")
                    % {"value": offer_text[:80]},
                )
            elif offer.award_form.recipient_kind != kind:
                error(
                    "award_offer",
                    _("hình thức “%(value)s” không dành cho %(kind)s.")
                    % {"value": offer.award_form.name, "kind": RecipientKind(kind).label.lower()},
                )
                offer = None
        elif len(fitting) == 1:
            offer = fitting[0]
        else:
            error("award_offer", _("chưa chọn hình thức đề nghị."))
        out["award_offer"] = offer
        if errors:
            result.errors.extend(errors)
            result.bad_rows += 1
        else:
            result.rows.append(out)
            result.row_numbers.append(row_number)
    if not result.rows and not result.errors:
        result.file_error = _("Tệp không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng 2).")
    return result
