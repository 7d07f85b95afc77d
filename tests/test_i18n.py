"""The English catalog: complete, placeholder-safe, compiled, and used only when chosen."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file with the standard library only (polib is not a dependency)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, target
        if target is not None:
            entries.append(current)
        current, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"line {number}: continuation without keyword"
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += value
            else:
                setattr(current, target[0], getattr(current, target[0]) + value)
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword == "msgctxt":
                current.msgctxt, target = text, ("msgctxt", 0)
            elif keyword == "msgid":
                current.msgid, current.line, target = text, number, ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = text, ("msgid_plural", 0)
            elif keyword == "msgstr":
                current.msgstr[0], target = text, ("msgstr", 0)
            elif keyword.startswith("msgstr["):
                index = int(keyword[7:-1])
                current.msgstr[index], target = text, ("msgstr", index)
            else:
                raise AssertionError(f"line {number}: unexpected {keyword!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    entries = [e for e in parse_po(CATALOG / "django.po") if e.msgid]
    assert len(entries) > 800  # the whole UI, not a stub
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_catalog_en_has_no_empty_or_fuzzy_translation(po_entries):
    empty = [e.msgid for e in po_entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in po_entries if "fuzzy" in e.flags]
    assert empty == []
    assert fuzzy == []


def test_catalog_en_plural_entries_have_both_forms(po_entries):
    plurals = [e for e in po_entries if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if sorted(e.msgstr) != [0, 1]] == []


def test_catalog_en_keeps_every_placeholder(po_entries):
    wrong = [
        (e.line, e.msgid, text)
        for e in po_entries
        for text in e.msgstr.values()
        if placeholders(text) != placeholders(e.msgid)
    ]
    assert wrong == []


def test_catalog_en_compiled_file_matches_the_po(po_entries):
    """The committed .mo is what a machine without gettext serves: it must not lag the .po."""
    with open(CATALOG / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in po_entries:
        if e.msgid_plural is None and e.msgctxt is None:
            got = [compiled.gettext(e.msgid)]
        elif e.msgid_plural is None:
            got = [compiled.pgettext(e.msgctxt, e.msgid)]
        else:
            assert e.msgctxt is None, "no contextual plurals yet: extend this test"
            got = [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        if got != [e.msgstr[i] for i in sorted(e.msgstr)]:
            stale.append(e.msgid)
    assert stale == []


# (user fixture or None, URL name, English that must appear, Vietnamese that must not)
PAGES = {
    "login": (
        None,
        "login",
        ["Log in", "Emulation and Commendation Management System", "Username", "Password"],
        ["Đăng nhập", "Hệ thống quản lý thi đua, khen thưởng", "Tên đăng nhập", "Mật khẩu"],
    ),
    "clerk_home": (
        "clerk",
        "home_clerk",
        [
            "Emulation plans your unit takes part in",
            "Recent dossiers",
            "Unit information",
            "Log out",
            "Unit clerk",
        ],
        ["Trang của cán bộ đơn vị", "Hồ sơ gần đây", "Thông tin đơn vị", "Đăng xuất"],
    ),
    "appraiser_inbox": (
        "appraiser",
        "appraisal:inbox",
        [
            "Dossier inbox",
            "Clear filters",
            "No matching dossiers.",
            "Newest submission first",
            ">Appraisal</a>",
        ],
        ["Hộp hồ sơ đến", "Xóa lọc", "Không có hồ sơ nào phù hợp.", ">Thẩm định</a>"],
    ),
}


def _get(client, request, page: str):
    user_fixture, url_name, _, _ = PAGES[page]
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    return client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_language_switch_to_english_renders_page_in_english(client, request, page):
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = _get(client, request, page)

    html = response.content.decode()
    _, _, english, vietnamese = PAGES[page]
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert [s for s in english if s not in html] == []
    assert [s for s in vietnamese if s in html] == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_language_without_cookie_stays_vietnamese_despite_english_browser(client, request, page):
    response = _get(client, request, page)

    html = response.content.decode()
    _, _, english, vietnamese = PAGES[page]
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in html
    assert [s for s in vietnamese if s not in html] == []
    assert [s for s in english if s in html] == []


@pytest.mark.django_db
def test_language_english_dossier_history_labels_follow_the_request(client, clerk):
    """The history labels are defined at import time: they must still follow each request."""
    from nominations.services.dossiers import create_dossier
    from tests.factories import make_campaign

    dossier = create_dossier(actor=clerk, campaign=make_campaign(clerk.authority))
    client.force_login(clerk)
    url = reverse("nominations:detail", args=[dossier.pk])

    vietnamese = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url).content.decode()

    assert "Lập hồ sơ" in vietnamese
    assert "Create dossier" in english
    assert "Lập hồ sơ" not in english
    assert f"Nomination dossier #{dossier.pk}" in english
