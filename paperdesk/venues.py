"""Short venue names for narrow columns: "ACL 2023", "Findings of EMNLP 2020", "TACL 2019".

The full venue ("Proceedings of the 61st Annual Meeting of the Association for
Computational Linguistics (Volume 1: Long Papers)") stays in the library; :func:`short_venue`
only shapes what a list shows. No Qt here: the table, the CLI and exports may all use it.
"""

from __future__ import annotations

import re

#: (pattern in the full name, acronym), checked in order; the first match wins
KNOWN: list[tuple[str, str]] = [
    (r"Transactions of the Association for Computational Linguistics", "TACL"),
    (r"Annual Meeting of the Association for Computational Linguistics", "ACL"),
    (r"Empirical Methods in Natural Language Processing", "EMNLP"),
    (r"(North American|Nations of the Americas) Chapter of the Association", "NAACL"),
    (r"European Chapter of the Association", "EACL"),
    (r"Asia-Pacific Chapter of the Association|Asian Chapter of the Association", "AACL"),
    (r"Language Resources and Evaluation", "LREC"),
    (r"International Conference on Computational Linguistics", "COLING"),
    (r"Computational Natural Language Learning", "CoNLL"),
    (r"International Joint Conference on Natural Language Processing", "IJCNLP"),
    (r"Semantic Evaluation", "SemEval"),
    (r"Neural Information Processing Systems", "NeurIPS"),
    (r"International Conference on Machine Learning", "ICML"),
    (r"International Conference on Learning Representations", "ICLR"),
    (r"AAAI Conference on Artificial Intelligence", "AAAI"),
    (r"International Joint Conference on Artificial Intelligence", "IJCAI"),
    (r"Computer Vision and Pattern Recognition", "CVPR"),
    (r"^Computational Linguistics(,|$)", "CL"),
    (r"European Association for Machine Translation", "EAMT"),
    (r"Association for Machine Translation in the Americas", "AMTA"),
    (r"Conference on Machine Translation", "WMT"),
    (r"SIGdial Meeting", "SIGDIAL"),
    (r"Joint Conference on Lexical and Computational Semantics", "*SEM"),
    (r"International (Conference|Workshop) on Natural Language Generation", "INLG"),
    (r"Workshop on Representation Learning for NLP", "RepL4NLP"),
    (r"^arXiv", "arXiv"),
]
_KNOWN = [(re.compile(p, re.IGNORECASE), short) for p, short in KNOWN]
_VOLUME = re.compile(r"\s*\((Volume|Vol\.)[^)]*\)\s*$", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9][A-Za-z0-9\-’'@ ]{0,28})(,[^)]*)?\)\s*$")
_FINDINGS = re.compile(r"^Findings of the Association for Computational Linguistics:?\s*(.+)$",
                       re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_PREFIX = re.compile(
    r"^(Proceedings of (the )?|Proc\. (of )?(the )?)"
    r"((\d+(st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|"
    r"Eight|Eleventh|Twelfth|Thirteenth|Fourteenth|Fifteenth|Sixteenth|Seventeenth|"
    r"Eighteenth|Nineteenth|Twentieth)\s+)?((19|20)\d\d\s+)?",
    re.IGNORECASE)
MAX_LEN = 40


def _with_year(name: str, text: str, year: int | None) -> str:
    short_year = re.search(r"['’](\d\d)$", name)
    if short_year:  # "LREC'16" -> "LREC 2016"
        return f"{name[:short_year.start()]} 20{short_year.group(1)}"
    if _YEAR.search(name):
        return name
    found = _YEAR.search(text)
    year_text = found.group(1) if found else (str(year) if year else "")
    return f"{name} {year_text}".strip()


def short_venue(venue: str | None, year: int | None = None, max_len: int = MAX_LEN) -> str:
    """A short, recognisable name for ``venue`` (with ``year`` where the venue has none).

    >>> short_venue("Proceedings of the 61st Annual Meeting of the Association for "
    ...             "Computational Linguistics (Volume 1: Long Papers)", 2023)
    'ACL 2023'
    >>> short_venue("Findings of the Association for Computational Linguistics: EMNLP 2020")
    'Findings of EMNLP 2020'
    """
    text = " ".join((venue or "").split())
    if not text:
        return ""
    findings = _FINDINGS.match(text)
    if findings:
        return f"Findings of {_with_year(findings.group(1), text, year)}"
    bare = _VOLUME.sub("", text)
    acronym = _ACRONYM.search(bare)
    # an acronym has two capitals in its first word ("EMNLP", "WOAH 2021", "SereTOD"),
    # unlike "(Long Papers)" or "(Demonstrations)"
    if acronym and sum(c.isupper() for c in acronym.group(1).split()[0]) >= 2:
        return _with_year(acronym.group(1).strip(), text, year)
    for pattern, short in _KNOWN:
        if pattern.search(bare):
            return _with_year(short, text, year)
    rest = _PREFIX.sub("", bare)
    rest = rest[:1].upper() + rest[1:]
    if len(rest) > max_len:
        rest = rest[:max_len - 1].rstrip() + "…"
    return rest
