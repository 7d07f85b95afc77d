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
