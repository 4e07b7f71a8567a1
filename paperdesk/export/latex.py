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


#: control words a field that came in as LaTeX may keep when it is written back as LaTeX:
#: text formatting, letters and symbols, and math. Anything else (``\input``, ``\write``,
#: ``\def``, ``\csname``, ``\catcode``, unknown macros …) makes the field plain text again.
SAFE_CONTROL_WORDS = frozenset("""
i j o O l L ss ae AE oe OE aa AA dh DH th TH ng NG u v r H d c k b t
textit textbf textsc texttt textsf textrm textsl textup textmd emph em it bf sc tt sf rm
textsuperscript textsubscript textbackslash textasciitilde textasciicircum textbraceleft
textbraceright textendash textemdash textquoteleft textquoteright textquotedblleft
textquotedblright textbullet textdegree textregistered texttrademark textcopyright
textsection textparagraph textdagger textdaggerdbl textellipsis textperiodcentered
ldots dots cdots vdots ddots dag ddag S P copyright pounds euro
mbox hbox LaTeX TeX BibTeX LaTeXe relax nobreakspace slash space quad qquad
noindent par newline linebreak
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
mathrm mathbf mathit mathcal mathbb mathsf mathtt mathfrak boldsymbol bm operatorname
text frac dfrac tfrac sqrt sum prod int oint lim log ln exp sin cos tan min max arg sup inf
det dim ker Pr mod bmod pmod
le leq ge geq ne neq lt gt ll gg approx sim simeq cong equiv propto pm mp times div cdot
ast star circ bullet oplus otimes odot setminus cup cap wedge vee neg lnot land lor
in notin ni subset subseteq supset supseteq emptyset varnothing forall exists nexists
infty partial nabla ell hbar Re Im aleph wp prime top bot perp parallel mid nmid
to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto
longrightarrow longleftarrow uparrow downarrow implies iff gets
left right big Big bigg Bigg langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert
vert Vert backslash
hat widehat tilde widetilde bar overline underline vec dot ddot acute grave breve check
overrightarrow overleftarrow underbrace overbrace
""".split())
_CONTROL_WORD = re.compile(r"\\([A-Za-z@]+)")


def inert_latex(text: str) -> bool:
    """True when LaTeX ``text`` (a field read from a .bib) may be written back as it is:
    balanced braces, no ``^^`` character codes, and only control words of
    :data:`SAFE_CONTROL_WORDS` (control symbols such as ``\\'`` or ``\\%`` are harmless)."""
    if "^^" in text or not braces_balanced(text):
        return False
    return all(m.group(1) in SAFE_CONTROL_WORDS for m in _CONTROL_WORD.finditer(text))


def latex_source(raw: object, current: str) -> str | None:
    """``raw`` (a field's LaTeX as it came from a .bib) when it is still what the paper
    shows (it decodes to ``current``, white space aside, so no edit came after) and is
    inert; else None, and the field is written as escaped plain text."""
    from paperdesk.importers.latex import latex_to_unicode

    if not isinstance(raw, str) or not raw.strip() or not inert_latex(raw):
        return None
    if " ".join(latex_to_unicode(raw).split()) != " ".join(current.split()):
        return None
    return raw
