"""Vietnamese text helpers shared by every app: accent folding for search, name sort keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Vietnamese alphabet order (tones are ignored at the first level, as in dictionaries).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn belong to the letter


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ to d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def _letter_key(word: str) -> tuple:
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m in _LETTER_MARKS)
        )
        letters.append(_RANK.get(letter, 100 + ord(letter[0])))
        tones.append(sum(_TONES.get(m, 0) for m in marks))
    return (tuple(letters), tuple(tones))


def name_sort_key(full_name: str) -> tuple:
    """Sort people by given name (last word), then middle names, then family name."""
    words = (full_name or "").split()
    if not words:
        return ((), ())
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return tuple(_letter_key(w) for w in ordered)


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def lookup_key(text: str) -> str:
    """A key under which spellings of one name meet: "Ca Dong", "Ca-dong", "CADONG" -> "cadong";
    "Hre" and "Hrê" -> "hre"."""
    return _NOT_ALNUM.sub("", fold(text))


# Characters that change how text is shown without being seen: bidirectional overrides and
# isolates (U+202A–U+202E, U+2066–U+2069), direction marks, and zero-width characters. In a
# name they can make a printed official document read otherwise than what was checked.
HIDDEN_MARKS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad"
)


def has_hidden_marks(text: str) -> bool:
    return any(ch in HIDDEN_MARKS for ch in text or "")


def strip_hidden_marks(text: str) -> str:
    return "".join(ch for ch in text if ch not in HIDDEN_MARKS)
