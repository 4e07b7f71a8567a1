"""LaTeX math in titles, as Unicode for display and formatted references.

Imported titles keep math verbatim (``$\\leftrightarrow$``, ``$E^5$``).
:func:`math_to_unicode` decodes each ``$…$`` span: commands through pylatexenc
(``\\leftrightarrow`` → ↔, ``\\alpha`` → α, ``\\mathbb{R}`` → ℝ) and super- and
subscripts to Unicode where every character has a form (``E^5`` → E⁵, ``x_{i}`` → xᵢ);
otherwise they stay readable as ``x^(n+q)``. Text outside math is left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

#: pandoc's rule: no space just inside the dollars, no digit just after ("$5 and $10")
_MATH_RE = re.compile(r"(?<!\\)\$(?!\s)([^$]+?)(?<![\s\\])\$(?!\d)")
_SCRIPT_RE = re.compile(r"([\^_])\s*(?:\{([^{}]*)\}|(\\[A-Za-z]+|[A-Za-z0-9+\-=()*]))")
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW*",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ*",
        strict=True,
    )
)
_SUB = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_DECODER = LatexNodes2Text(math_mode="text")


def _decode(latex: str) -> str:
    try:
        return _DECODER.latex_to_text(latex)
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds; keep it readable
        return latex.replace("{", "").replace("}", "")


def script(body: str, mark: str) -> str:
    """``body`` as Unicode super- (``mark`` "^") or subscript ("_") characters when each has
    one, else readable as ``^(n+q)`` / ``_q``."""
    table = _SUP if mark == "^" else _SUB
    if body and all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return f"{mark}({body})" if len(body) > 1 else f"{mark}{body}"


def _script(m: re.Match[str]) -> str:
    mark, group, single = m.groups()
    return script(_decode(group if group is not None else single).strip(), mark)


#: operator names, set apart from what follows as LaTeX sets them ("n \\log n": "n log n",
#: not "n logn")
_OPERATOR_RE = re.compile(r"\\(log|ln|lg|exp|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|arcsin|"
                          r"arccos|arctan|lim|liminf|limsup|max|min|sup|inf|det|dim|ker|deg|"
                          r"gcd|arg|Pr|mod|bmod)(?![A-Za-z])(?!\s*[\^_])\s*")


def _math(m: re.Match[str]) -> str:
    body = _OPERATOR_RE.sub(r"\\\1{} ", m.group(1))
    marked = _SCRIPT_RE.sub(lambda s: "\ue010" + _script(s) + "\ue011", body)
    pieces = re.split(r"\ue010(.*?)\ue011", marked)
    # odd pieces are finished scripts; even ones still LaTeX
    text = "".join(p if i % 2 else _decode(p) for i, p in enumerate(pieces))
    return re.sub(r"\s{2,}", " ", text).strip()


@lru_cache(maxsize=8192)
def math_to_unicode(text: str) -> str:
    """``text`` with each ``$…$`` math span decoded to Unicode (see the module doc)."""
    if "$" not in text:
        return text
    return _MATH_RE.sub(_math, text)
