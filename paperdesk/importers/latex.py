"""LaTeX to Unicode for BibTeX field values, fast.

:func:`latex_to_unicode` gives what pylatexenc's ``LatexNodes2Text`` gives (math kept
verbatim, case-protecting braces removed) but only runs pylatexenc when it must: plain
text is returned as is, and the common cases of bibliographies (braces, accent commands
such as ``{\\'e}`` or ``\\"{o}``, escaped ``\\%`` ``\\&`` ``\\_`` ``\\#``) are handled with
regular expressions. Results are cached, since names and venues recur.

One convention of the ACL Anthology is applied on top: ``{'}`` and ``{`}`` (their
encodings of typographic single quotes) become ``’`` and ``‘``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

#: characters that make a value worth decoding at all
_LATEX_HINT = re.compile(r"[\\{}$~`]|--|''")
#: what the fast path leaves to pylatexenc: math, and a backslash before a brace or space
_NEEDS_PYLATEXENC = re.compile(r"\$|\\[{}\s\\]")

_COMBINING = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_SYMBOL_ACCENTS = "`'^\"~=."
_LETTER_ACCENTS = "uvrHdckb"
_ACCENT_RE = re.compile(
    r"\{\\(?P<a1>[`'^\"~=.])\s*(?:\{(?P<c1>\w)\}|(?P<d1>\w))\}"  # {\'e} {\'{e}}
    r"|\{\\(?P<a2>[uvrHdckb])\s*(?:\{(?P<c2>\w)\}|\s(?P<d2>\w))\}"  # {\v{s}} {\v s}
    r"|\\(?P<a3>[`'^\"~=.])\s*(?:\{(?P<c3>\w)\}|(?P<d3>\w))"  # \'{e} \'e
    r"|\\(?P<a4>[uvrHdckb])(?:\{(?P<c4>\w)\}|\s+(?P<d4>\w))"  # \v{s} \v s
)
_ENDS_IN_COMMAND = re.compile(r"\\[A-Za-z]+$")
_DOTLESS_RE = re.compile(r"\\([ij])(?![A-Za-z])\s*")
_ESCAPE_RE = re.compile(r"\\([%&_#])")
_SYMBOLS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "th": "þ",
    "TH": "Þ",
    "dh": "ð",
    "DH": "Ð",
}
#: logos ("The \TeX book" was "The book": pylatexenc prints unknown commands as nothing);
#: like LaTeX, the command eats the space after it ("The \TeX book" is "The TeXbook")
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
          "XeTeX": "XeTeX", "LuaTeX": "LuaTeX", "AmSTeX": "AMS-TeX", "METAFONT": "METAFONT",
          "ConTeXt": "ConTeXt"}
_LOGO_RE = re.compile(r"\\(" + "|".join(sorted(_LOGOS, key=len, reverse=True))
                      + r")(?:\{\}|[ \t]+|(?=[^A-Za-z]|$))")
_SYMBOL_NAMES = "|".join(sorted(_SYMBOLS, key=len, reverse=True))
_SYMBOL_RE = re.compile(
    rf"\{{\\({_SYMBOL_NAMES})\}}|\\({_SYMBOL_NAMES})(?:\{{\}}|\s+|(?=[^A-Za-z]|$))"
)
#: font commands whose argument is kept as plain text
_FONT_RE = re.compile(r"\\(?:text(?:it|bf|tt|sc|rm|sf|sl|up|md)|emph)\s*(?=\{)")
#: typographic ligatures, in the order pylatexenc applies them
_LIGATURES = (
    ("---", "\u2014"),
    ("--", "\u2013"),
    ("``", "\u201c"),
    ("''", "\u201d"),
    ("~", "\xa0"),
)
_BREAK = "\ue002"  # stands for an empty group "{}" while ligatures are applied
#: the ACL Anthology's encodings of typographic single quotes
_ACL_QUOTES = (("{'}", "\u2019"), ("{`}", "\u2018"))


def _make_decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # like bibtexparser: do not wrap URLs in < >
    context.add_context_category(
        "paperdesk-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            # the ASCII characters themselves, not pylatexenc's modifier letters
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textbackslash", simplify_repl="\\"),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


_DECODER = _make_decoder()


def has_latex(text: str) -> bool:
    """True when ``text`` holds anything LaTeX would render differently."""
    return _LATEX_HINT.search(text) is not None


_NOOPSORT_RE = re.compile(r"\\noopsort\s*\{[^{}]*\}")
_BOX_RE = re.compile(r"\\(?:mbox|hbox|makebox|fbox)\s*\{([^{}]*)\}")


@lru_cache(maxsize=65536)
def latex_to_unicode(text: str) -> str:
    """Decode a LaTeX field value to display text (math ``$...$`` kept as is).

    Args:
        text: the field value without its outer ``{}`` or ``""``.

    Returns:
        Unicode text with case-protecting braces removed.
    """
    for acl_form, quote in _ACL_QUOTES:
        if acl_form in text:
            text = text.replace(acl_form, quote)
    if not has_latex(text):
        return text
    if "\\noopsort" in text or "box" in text:
        # \noopsort{1973c} only sorts (xampl.bib's year "{\noopsort{1973c}}1981" is
        # 1981); \mbox{G-Animal's} prints its text (pylatexenc dropped both ways)
        text = _NOOPSORT_RE.sub("", text)
        text = _BOX_RE.sub(r"{\1}", text)
    if "$\\{$" in text or "$\\}$" in text:  # Google Scholar's braces: "$\{$USENIX$\}$"
        text = text.replace("$\\{$", "").replace("$\\}$", "")
    if "TeX" in text or "METAFONT" in text:
        text = _LOGO_RE.sub(lambda m: _LOGOS[m.group(1)], text)
    fast = _fast_decode(text)
    if fast is not None:
        return fast
    # pylatexenc is slow (~3 ms per abstract): give it only the words that need it
    return "".join(
        piece if piece.isspace() else (_fast_decode(piece) or _pylatexenc(piece))
        for piece in _split_words(text)
    )


@lru_cache(maxsize=8192)
def _pylatexenc(text: str) -> str:
    try:
        return _DECODER.latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds; keep the raw text
        return text.replace("{", "").replace("}", "")


def _split_words(text: str) -> list[str]:
    """Split at white space outside braces and math, keeping the white space as pieces.

    A word ending in a command name (``\\textit {x}``, ``\\ss x``) stays with the next
    word, so every piece decodes on its own as it would in context.
    """
    pieces: list[str] = []
    depth, math, start, i = 0, False, 0, 0
    length = len(text)
    while i < length:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == "$":
            math = not math
        elif char.isspace() and depth == 0 and not math:
            end = i
            while end < length and text[end].isspace():
                end += 1
            word = text[start:i]
            if word and not _ENDS_IN_COMMAND.search(word):
                pieces.extend((word, text[i:end]))
                start = end
            i = end
            continue
        i += 1
    if start < length:
        pieces.append(text[start:])
    return pieces


def _fast_decode(text: str) -> str | None:
    """The common cases by regular expressions, or None when pylatexenc is needed."""
    if _NEEDS_PYLATEXENC.search(text):
        return None
    if "\\" in text:
        text = _ACCENT_RE.sub(_accent, text)
        text = _DOTLESS_RE.sub(lambda m: "ı" if m.group(1) == "i" else "ȷ", text)
        text = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(1) or m.group(2)], text)
        text = _FONT_RE.sub("", text)
        if "\\" in _ESCAPE_RE.sub("", text):
            return None
    # an empty group breaks a ligature ("-{}-" is two hyphens): hold it until after them
    text = text.replace("{}", _BREAK).replace("{", "").replace("}", "")
    for ascii_form, typographic in _LIGATURES:
        if ascii_form in text:
            text = text.replace(ascii_form, typographic)
    text = _ESCAPE_RE.sub(r"\1", text).replace(_BREAK, "")
    return unicodedata.normalize("NFC", text)


def _accent(match: re.Match[str]) -> str:
    groups = match.groupdict()
    for n in "1234":
        accent = groups[f"a{n}"]
        if accent:
            base = groups[f"c{n}"] or groups[f"d{n}"]
            base = {"ı": "i", "ȷ": "j"}.get(base, base)
            return unicodedata.normalize("NFC", base + _COMBINING[accent])
    return match.group(0)


def strip_case_braces(text: str) -> str:
    """Remove braces from text that holds no LaTeX commands (e.g. ``{BERT}: {I}nternet``)."""
    return text.replace("{", "").replace("}", "")
