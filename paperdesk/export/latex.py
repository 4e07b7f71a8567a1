"""Escaping text for BibTeX field values.

Every LaTeX-special character is escaped, so user text (notes with ``$x$``, ``50%``,
``{\\input{…}}``) is inert and a LaTeX decoder gives it back: ``\\ -> \\textbackslash{}``,
``% & # $ _ -> \\% \\& \\# \\$ \\_``, ``~ -> \\textasciitilde{}``, ``^ -> \\textasciicircum{}``.
Matched braces become ``\\{ … \\}``; an unmatched brace becomes ``\\textbraceleft{}`` or
``\\textbraceright{}`` so the field's braces always balance, also for classic BibTeX,
which counts ``\\{`` as a brace. Math in notes is therefore not typeset: ``$x$`` is
written ``\\$x\\$`` and reads back as ``$x$``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latexencode import UnicodeToLatexEncoder

_OPEN, _CLOSE = "\ue000", "\ue001"  # placeholders for matched braces while escaping
_SPECIALS = str.maketrans(
    {
        _OPEN: r"\{",
        _CLOSE: r"\}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "\\": r"\textbackslash{}",
        "%": r"\%",
        "&": r"\&",
        "#": r"\#",
        "$": r"\$",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


#: LaTeX ligatures ("--", "---", "``", "''") to break with "{}" so the characters read back
#: as typed; page ranges (12--34) keep their en dash
_LIGATURES = re.compile(r"(?<![0-9])-(?=-)|`(?=`)|'(?=')")


@lru_cache(maxsize=1)
def _encoder() -> UnicodeToLatexEncoder:
    return UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


def _mark_matched_braces(text: str) -> str:
    chars = list(text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd"))
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            chars[stack.pop()] = _OPEN
            chars[i] = _CLOSE
    return "".join(chars)


def escape_latex(text: str, ascii: bool = False) -> str:
    """``text`` as a BibTeX field value; ``ascii`` LaTeX-encodes non-ASCII ("é" -> "\\'e").

    Characters with no LaTeX form (e.g. CJK) stay as UTF-8 even with ``ascii``.
    """
    if "{" in text or "}" in text:
        text = _mark_matched_braces(text)
    text = text.translate(_SPECIALS)
    text = _LIGATURES.sub(lambda m: m.group() + "{}", text)
    return encode_non_ascii(text) if ascii else text


def encode_non_ascii(text: str) -> str:
    """LaTeX-encode the non-ASCII characters of ``text`` (which is already LaTeX)."""
    return text if text.isascii() else _encoder().unicode_to_latex(text)


def braces_balanced(text: str) -> bool:
    """True when ``{``/``}`` nest properly (escaped ``\\{`` and ``\\}`` ignored)."""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0
