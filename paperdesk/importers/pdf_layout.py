"""Page layout from pypdfium2: characters grouped into lines, lines into reading order.

Coordinates are PDF points with the origin at the bottom left of the page. A
:class:`Line` knows its text, box, font size (the size as printed, text matrix
included) and whether it is bold, which is all the header extraction needs.

Reading order is two-column aware: the page is cut into horizontal bands at every
line that spans both columns; within a band the left column is read before the right.
"""

from __future__ import annotations

import ctypes
import statistics
import unicodedata
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

#: characters the text layer uses for soft hyphens and line-end hyphens
HYPHENS = "-\u00ad\u2010\u2011"
_BOLD_WEIGHT = 600


@dataclass
class Line:
    """One printed line: its text, box (x0, y0, x1, y1) and typography."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool = False
    upper_ratio: float = 0.0
    #: (x0, x1) of every character, for quads of a piece of the line
    char_x: list[tuple[float, float]] = field(default_factory=list, repr=False)
    #: the text with raised small characters (affiliation marks "Feketa^a,*") as commas
    marked: str = ""

    @property
    def width(self) -> float:
        """Horizontal extent in points."""
        return self.x1 - self.x0


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    y0: float
    y1: float
    base: float
    size: float
    weight: int


def _chars(textpage: object, side: list[str] | None = None) -> list[_Char]:
    raw = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(raw)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    chars: list[_Char] = []
    for i in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code == 2:
            code = 0x2D  # pdfium's mark for a hyphen at a line end
        if code in (0, 0xFFFE, 0xFFFF) or code > 0x10FFFF:
            continue
        generated = pdfium_c.FPDFText_IsGenerated(raw, i) == 1
        ch = chr(code)
        if generated and ch != " ":
            continue  # pdfium's own line breaks: we find lines ourselves
        if ch in "\r\n":
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
        pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
            if abs(matrix.b) > abs(matrix.a) + 1e-6:  # rotated: a stamp in the margin
                if side is not None:
                    side.append(ch)
                continue
            scale = (matrix.c**2 + matrix.d**2) ** 0.5
            if scale > 0:
                size *= scale
        if generated:
            chars.append(_Char(" ", ox.value, ox.value, oy.value, oy.value, oy.value, size, 0))
            continue
        chars.append(
            _Char(
                ch,
                left.value,
                right.value,
                bottom.value,
                top.value,
                oy.value,
                size,
                pdfium_c.FPDFText_GetFontWeight(raw, i),
            )
        )
    return chars


def _new_line(prev: _Char, char: _Char) -> bool:
    size = max(prev.size, char.size, 1.0)
    if abs(char.base - prev.base) > 0.6 * size:
        # superscripts and subscripts stay on their line when they overlap it
        overlap = min(prev.y1, char.y1) - max(prev.y0, char.y0)
        if overlap < 0.3 * min(prev.y1 - prev.y0 or size, char.y1 - char.y0 or size):
            return True
    if char.x0 < prev.x0 - 2 * size:
        return True  # back to the left: a new line
    return char.x0 > prev.x1 + 2.5 * size  # a column gutter


def _make_line(chars: list[_Char]) -> Line | None:
    chars = [
        c for i, c in enumerate(chars) if c.ch != " " or (i > 0 and chars[i - 1].ch != " ")
    ]
    while chars and chars[-1].ch == " ":
        chars.pop()
    text = "".join(c.ch for c in chars)
    if not text.strip():
        return None
    printed = [c for c in chars if c.ch != " "]
    sizes = [round(c.size, 1) for c in printed]
    size = statistics.median(sizes) if sizes else 0.0
    letters = [c.ch for c in printed if c.ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    bold = sum(c.weight >= _BOLD_WEIGHT for c in printed) > len(printed) / 2
    full = [c.base for c in printed if c.size >= 0.9 * size]
    base = statistics.median(full) if full else 0.0
    marked = "".join(
        "," if c.ch != " " and c.size < 0.85 * size and c.base - base > 0.15 * size else c.ch
        for c in chars
    )
    return Line(
        text=text,
        x0=min(c.x0 for c in printed),
        y0=min(c.y0 for c in printed),
        x1=max(c.x1 for c in printed),
        y1=max(c.y1 for c in printed),
        size=size,
        bold=bold,
        upper_ratio=upper,
        char_x=[(c.x0, c.x1) for c in chars],
        marked=marked,
    )


def page_lines(page: object, side: list[str] | None = None) -> list[Line]:
    """The lines of a pypdfium2 page in reading order (see module docstring).

    Rotated characters (an arXiv stamp along the margin) are left out of the lines and
    appended to ``side`` when it is given.
    """
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        chars = _chars(textpage, side)
    finally:
        textpage.close()
    lines: list[Line] = []
    current: list[_Char] = []
    last: _Char | None = None
    for char in chars:
        if char.ch == " ":
            if current:
                current.append(char)
            continue
        if last is not None and _new_line(last, char):
            line = _make_line(current)
            if line:
                lines.append(line)
            current = []
        current.append(char)
        last = char
    line = _make_line(current)
    if line:
        lines.append(line)
    width = page.get_width()  # type: ignore[attr-defined]
    return reading_order(_merge_same_baseline(_place_accents(lines)), width)


def _is_accent(text: str) -> bool:
    return len(text) == 1 and (text in _SPACING_ACCENTS or unicodedata.combining(text) > 0)


def _place_accents(lines: list[Line]) -> list[Line]:
    """Accents drawn on their own (old TeX fonts) go back before the letter they sit on."""
    accents = [ln for ln in lines if _is_accent(ln.text)]
    if not accents:
        return lines
    kept = [ln for ln in lines if not _is_accent(ln.text)]
    for accent in accents:
        centre = (accent.x0 + accent.x1) / 2
        host = min(
            (
                ln
                for ln in kept
                if ln.x0 <= centre <= ln.x1 and -2 <= accent.y0 - ln.y0 <= 1.5 * ln.size
            ),
            key=lambda ln: accent.y0 - ln.y0,
            default=None,
        )
        if host is None or len(host.char_x) != len(host.text):
            continue
        at = next(
            (i for i, (x0, x1) in enumerate(host.char_x) if x0 - 1 <= centre <= x1 + 1), None
        )
        if at is None:
            continue
        if _SPACING_ACCENTS.get(accent.text, accent.text) in _BELOW:
            at += 1  # a cedilla follows its letter
        host.text = host.text[:at] + accent.text + host.text[at:]
        host.marked = host.marked[:at] + accent.text + host.marked[at:]
        host.char_x.insert(at, (accent.x0, accent.x1))
    return kept


def _merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Join consecutive pieces printed on one baseline with a small gap (word by word output)."""
    merged: list[Line] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and abs(prev.y0 - line.y0) < 0.3 * max(prev.size, 1)
            and 0 <= line.x0 - prev.x1 < 1.2 * max(prev.size, line.size, 1)
            and abs(prev.size - line.size) < 0.5
        ):
            gap = " " if line.x0 - prev.x1 > 0.15 * prev.size else ""
            merged[-1] = Line(
                prev.text + gap + line.text,
                prev.x0,
                min(prev.y0, line.y0),
                line.x1,
                max(prev.y1, line.y1),
                prev.size,
                prev.bold and line.bold,
                (prev.upper_ratio + line.upper_ratio) / 2,
                prev.char_x + line.char_x,
                prev.marked + gap + line.marked,
            )
        else:
            merged.append(line)
    return merged


def reading_order(lines: list[Line], page_width: float) -> list[Line]:
    """Lines sorted for reading: bands between full-width lines, left column first."""
    mid = page_width / 2
    left = [ln for ln in lines if ln.x1 <= mid + 8]
    right = [ln for ln in lines if ln.x0 >= mid - 8]
    if len(left) < 5 or len(right) < 5:
        return sorted(lines, key=lambda ln: -ln.y1) if _is_shuffled(lines) else lines
    bands: list[list[Line]] = [[]]
    ordered: list[Line] = []
    for line in sorted(lines, key=lambda ln: -ln.y1):
        spans = line.x0 < mid - 8 and line.x1 > mid + 8
        if spans:
            bands.append([line])
            bands.append([])
        else:
            bands[-1].append(line)
    for band in bands:
        if len(band) == 1 and band[0].x0 < mid - 8 and band[0].x1 > mid + 8:
            ordered.extend(band)
            continue
        ordered.extend(ln for ln in band if ln.x0 < mid - 8 or ln.x1 <= mid + 8)
        ordered.extend(ln for ln in band if not (ln.x0 < mid - 8 or ln.x1 <= mid + 8))
    return ordered


def _is_shuffled(lines: list[Line]) -> bool:
    """True when a one-column page's lines are not printed top to bottom."""
    ups = sum(1 for a, b in zip(lines, lines[1:], strict=False) if b.y1 > a.y1 + 2 * a.size)
    return ups > max(3, len(lines) // 4)


def nfkc(text: str) -> str:
    """NFKC with combining accents recomposed; a spacing accent before its letter joined."""
    text = _join_spacing_accents(text).replace("\u00ad", "")
    return unicodedata.normalize("NFKC", text)


_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "^": "\u0302",
    "\u02dc": "\u0303",  # tilde
    "~": "\u0303",
    "\u00b8": "\u0327",  # cedilla
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u02da": "\u030a",  # ring
    "\u00af": "\u0304",  # macron
    "\u02d9": "\u0307",  # dot above
    "\u02db": "\u0328",  # ogonek
}
#: accents TeX draws after their letter (below it); the others come before the letter
_BELOW = {"\u0327", "\u0328"}
_DOTLESS = {"\u0131": "i", "\u0237": "j"}


def _compose(letter: str, accent: str) -> str | None:
    composed = unicodedata.normalize("NFC", _DOTLESS.get(letter, letter) + accent)
    return composed if len(composed) == 1 else None


def _join_spacing_accents(text: str) -> str:
    """Accents printed apart from their letter put back on it: "Franc ̧ois" -> "François",
    "M¨uller" -> "Müller", "Mar ́ıa" -> "María" (TeX's old fonts draw accents as separate
    characters: above-accents before the letter, the cedilla and ogonek after it)."""
    if not any(ch in _SPACING_ACCENTS or unicodedata.combining(ch) for ch in text):
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        accent = _SPACING_ACCENTS.get(ch) if ch not in "`^~" else None
        if accent is None and unicodedata.combining(ch):
            accent = ch
        if accent is None:
            out.append(ch)
            i += 1
            continue
        spacing = ch in _SPACING_ACCENTS
        if accent in _BELOW:
            k = len(out) - 1
            while k >= 0 and out[k] == " ":
                k -= 1
            takes = "cCsStT" if accent == "\u0327" else "aAeEiIoOuU"
            after = text[i + 1] if i + 1 < n else ""
            if k >= 0 and out[k] not in takes and after in takes:
                composed = _compose(after, accent)  # "Fran¸cois": the letter comes next
                if composed:
                    out.append(composed)
                    i += 2
                    continue
            composed = _compose(out[k], accent) if k >= 0 and k >= len(out) - 2 else None
            if composed:
                del out[k + 1 :]
                out[k] = composed
                i += 1
                if i < n and text[i] == " " and i + 1 < n and text[i + 1].isalpha():
                    i += 1  # "Franc ̧ ois"
                continue
        else:
            j = i + 1
            if j < n and text[j] == " " and j + 1 < n and text[j + 1].isalpha():
                j += 1
            composed = _compose(text[j], accent) if j < n and text[j].isalpha() else None
            if composed:
                if out and out[-1] == " " and len(out) >= 2 and out[-2].isalpha():
                    out.pop()  # "Mar ́ıa": the space stood for the accent
                out.append(composed)
                i = j + 1
                continue
        if not spacing:  # a lone combining mark with nothing to sit on
            if out and out[-1].isalpha():
                composed = _compose(out[-1], accent)
                if composed:
                    out[-1] = composed
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)
