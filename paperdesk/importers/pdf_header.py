"""Header fields of a paper read from the layout of its first page(s).

:func:`extract_header` takes the lines of page 1 (and 2) from
:mod:`paperdesk.importers.pdf_layout` and finds the title (the largest text near the top),
the authors (name lines between title and abstract, row by row), the abstract (after the
word "Abstract", in reading order, ending at the first heading, size change or gap), the
keywords, DOI, arXiv id, year and venue. Nothing is guessed from outside the page; the
PDF's embedded metadata is only used where it agrees with what the page prints.
"""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from paperdesk.importers.pdf_layout import Line, nfkc
from paperdesk.importers.pdf_text import join_hyphenated, vocabulary
from paperdesk.records import Author

MAX_ABSTRACT_CHARS = 5000
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+)", re.IGNORECASE)
ARXIV_RE = re.compile(
    r"arXiv\s*:\s*((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(v\d+)?", re.IGNORECASE
)
_YEAR = re.compile(r"(?<![\d./-])(19[5-9]\d|20[0-4]\d)(?![\d/])")
_VENUE_LINE = re.compile(
    r"proceedings|conference|copyright|©|\(c\)|\bc\s+(?:19|20)\d\d|journal|published|"
    r"workshop|symposium|arxiv|accepted|received|transactions|vol\.|volume|\d{4}\s+acm|ieee",
    re.IGNORECASE,
)
_ABSTRACT_HEAD = re.compile(
    r"^\s*(?:a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary)\b\s*[.:—–-]?\s*", re.IGNORECASE
)
_KEYWORDS_HEAD = re.compile(
    r"^\s*(?:key\s*words|index\s+terms|author\s+keywords)\s*[.:—–-]?\s*", re.IGNORECASE
)
_SECTION_HEAD = re.compile(
    r"^\s*(?:(?:\d{1,2}|[IVX]{1,4})\.?\s+[A-Z][A-Za-z]|introduction\b|keywords\b|key\s*words\b|"
    r"index terms\b|ccs concepts\b|categories and subject|general terms\b|acm reference|"
    r"background\b|motivation\b)",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(
    r"universit|department|dept\b|institut|laborator|\blab\b|\blabs\b|school|college|"
    r"center|centre|research|inc\b|corporation|\bcorp\b|street|avenue|\bave\b|\bbox\b|"
    r"faculty|division|group|\bsciences?\b|academy|hospital|company|google|microsoft|ibm|yahoo|facebook|amazon|"
    r"\b(?:usa|germany|france|china|japan|india|canada|uk|italy|spain|israel|russia)\b|"
    r"california|texas|washington|@|http|www\.|\d{4,}|abstract|proceedings|conference",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\s{2,}|\t)\s*")
_MARKS = re.compile(r"[\d*∗†‡§¶◦•⋆♮♯♭⊥⊤#]+|\(\s*\)")
_PARTICLES = {"van", "von", "der", "den", "de", "da", "dos", "das", "del", "della", "di", "le", "la", "du", "ten", "ter", "bin", "al", "el"}  # noqa: E501
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*\.?|[A-Z][a-z]?\.(?:-?[A-Z][a-z]?\.)*"
    r"|[a-z]{1,4})$"
)
_TITLE_JUNK = re.compile(
    r"^(?:editorial|research article|original article|article|review|letter|preprint|"
    r"technical report|short paper|full paper|draft|arxiv)\b",
    re.IGNORECASE,
)


@dataclass
class Header:
    """Fields found on the first page(s); empty where not printed."""

    title: str = ""
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    doi: str = ""
    arxiv_id: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)


def extract_header(
    pages: list[list[Line]],
    page_height: float,
    side_text: str = "",
    metadata: dict[str, str] | None = None,
    words: Collection[str] = frozenset(),
) -> Header:
    """The header of a paper from the lines of its first pages (reading order).

    Args:
        pages: lines of page 1 and, when present, page 2.
        page_height: height of page 1 in points.
        side_text: rotated text on page 1 (an arXiv stamp in the margin).
        metadata: the PDF's document information (Title, Author, Subject, Keywords).
        words: the lower-case words the document writes whole (see
            :func:`~paperdesk.importers.pdf_text.vocabulary`): a word broken at a line
            end keeps its hyphen when the document writes it so; those of these pages
            count too.
    """
    metadata = metadata or {}
    words = set(words) | vocabulary([[ln.text for ln in lines] for lines in pages])
    header = Header()
    page = pages[0] if pages else []
    title_lines, start = _title_lines(page, page_height)
    if not title_lines and len(pages) > 1:  # a cover page without a title: try page 2
        page = pages[1]
        title_lines, start = _title_lines(page, page_height)
    text = "\n".join(ln.text for ln in page)
    header.title = (_join_lines(title_lines, words)
                    or _embedded_title(metadata.get("Title", ""), text))
    abstract_at = _abstract_index(page)
    header.abstract, after = (_abstract(page, abstract_at, words) if abstract_at is not None
                              else ("", 0))
    if abstract_at is None:
        for candidate in pages[:2]:
            header.abstract = _abstract_before_terms(candidate, words)
            if header.abstract:
                break
    end = abstract_at if abstract_at is not None else _first_heading(page, start)
    header.authors = _authors(_between(page, title_lines, page[end] if end < len(page) else None))
    header.title = unshout(header.title, header.abstract)
    header.keywords = _keywords(page[after:] if after else page)
    all_text = f"{side_text}\n{text}"
    header.doi = _doi(all_text) or _doi_from_metadata(metadata, all_text)
    arxiv = ARXIV_RE.search(all_text)
    header.arxiv_id = arxiv.group(1) if arxiv else ""
    header.year = _year(page, side_text, header.arxiv_id)
    header.venue = _venue([ln for ln in page if ln not in title_lines])
    return header


#: words a title in capitals keeps lower-case, unless first or after a colon
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on onto or over per the to up via vs "
    "with".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def unshout(title: str, context: str) -> str:
    """A title printed in capitals ("COHERENCE PROPERTIES OF QUANTUM DOTS") in title case
    ("Coherence Properties of Quantum Dots"); words in capitals in ``context`` (the
    abstract) are acronyms and stay as they are ("DNA", "COVID"). Titles with any
    lower-case letter are returned unchanged."""
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 12 or any(c.islower() for c in letters):
        return title
    context_letters = [c for c in context if c.isalpha()]
    lower = sum(c.islower() for c in context_letters)
    acronyms = (set(re.findall(r"\b[^\W\d_a-z]{2,}\b", context))
                if lower > len(context_letters) / 2 else set())

    def case(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in acronyms:
            return word
        before = title[: match.start()].rstrip()
        if word.lower() in _SMALL_WORDS and before and not before.endswith((":", "?", "!", "—")):
            return word.lower()
        return word[0] + word[1:].lower()

    return _WORD.sub(case, title)


def _clean_text(text: str) -> str:
    return " ".join(nfkc(text).replace("\u00ad", "").split())


def _join_lines(lines: list[Line], words: Collection[str]) -> str:
    text = ""
    for line in lines:
        piece = line.text.strip()
        if text.endswith("-") and not text.endswith(" -") and piece[:1].isalpha():
            text = join_hyphenated(text[:-1], piece, words)
        else:
            text = f"{text} {piece}" if text else piece
    return _strip_marks(_clean_text(text))


def _strip_marks(text: str) -> str:
    return re.sub(r"[\s*∗†‡§¶⋆✩☆★]+$|(?<=[A-Za-z])\d+$", "", text).strip()


def _title_lines(page: list[Line], height: float) -> tuple[list[Line], int]:
    """The largest lines in the top 60% of the page, and the index just after them."""
    candidates = [
        (i, ln)
        for i, ln in enumerate(page)
        if ln.y1 > 0.35 * height
        and sum(ch.isalpha() for ch in ln.text) >= 3
        and not _TITLE_JUNK.match(ln.text)
        and not DOI_RE.search(ln.text)
        and "@" not in ln.text
        and not ARXIV_RE.search(ln.text)
    ]
    if not candidates:
        return [], 0
    body = statistics.median(ln.size for ln in page) if page else 0
    biggest = max(ln.size for _, ln in candidates)
    if biggest < body + 0.5 and not any(ln.bold for _, ln in candidates[:3]):
        return [], 0
    first_i, first = next((i, ln) for i, ln in candidates if ln.size >= biggest - 0.6)
    lines = [first]
    last_i = first_i
    by_top = sorted(range(len(page)), key=lambda k: -page[k].y1)
    position = by_top.index(first_i)
    for k in by_top[position + 1 :]:
        line = page[k]
        gap = lines[-1].y0 - line.y1
        if abs(line.size - first.size) > 0.6 or gap > 1.2 * first.size:
            break
        if gap < -0.5 * first.size:
            continue  # beside the title (a logo, a page header)
        lines.append(line)
        last_i = max(last_i, k)
    return lines, last_i + 1


def _embedded_title(embedded: str, page_text: str) -> str:
    """The embedded title when nothing is printed large but the page prints it too
    (embedded titles are often junk: "doi:", a file name)."""
    embedded = _clean_text(html.unescape(embedded))
    if len(embedded) >= 8 and fuzz.partial_ratio(embedded.lower(), page_text.lower()) >= 95:
        return embedded
    return ""


def _between(page: list[Line], title: list[Line], stop: Line | None) -> list[Line]:
    """Lines printed below the title and above ``stop`` (the abstract or first heading)."""
    if not title:
        return []
    top = min(ln.y0 for ln in title)
    bottom = stop.y1 if stop is not None else 0.0
    return [
        ln for ln in page if ln not in title and bottom < ln.y0 and top - 260 < ln.y1 <= top + 1
    ]


_TERMS_HEAD = re.compile(
    r"^\s*(?:categories and subject descriptors|ccs concepts|general terms|index terms|"
    r"additional key words|key\s*words)\b", re.IGNORECASE)


def _abstract_before_terms(page: list[Line], words: Collection[str]) -> str:
    """An unlabelled abstract: the paragraph just above "Categories and Subject Descriptors"
    (ACM journals) or "Index Terms"/"Keywords"."""
    at = next((i for i, ln in enumerate(page) if _TERMS_HEAD.match(ln.text)), None)
    if at is None or at == 0:
        return ""
    size = page[at - 1].size
    block: list[Line] = []
    for line in reversed(page[:at]):
        if abs(line.size - size) > 0.6:
            break
        if block and line.y0 - block[0].y1 > 1.5 * size:
            break
        if block and line.y1 < block[0].y0:
            break  # not above: another column
        block.insert(0, line)
    return _join_lines(block, words)[:MAX_ABSTRACT_CHARS] if len(block) >= 2 else ""

def _abstract_index(page: list[Line]) -> int | None:
    for i, line in enumerate(page):
        if _ABSTRACT_HEAD.match(line.text) and (
            len(line.text) < 14 or line.bold or re.match(r"^\s*abstract\s*[.:—–-]", line.text, re.I)
        ):
            return i
    return None


def _is_heading(line: Line, body_size: float) -> bool:
    if not _SECTION_HEAD.match(line.text):
        return False
    short = len(line.text) < 60
    return short and (line.bold or line.size > body_size + 0.4 or line.upper_ratio > 0.8
                      or bool(re.match(r"^\s*(\d{1,2}|[IVX]{1,4})\.?\s+[A-Z]", line.text)))


def _abstract(page: list[Line], at: int, words: Collection[str]) -> tuple[str, int]:
    """The abstract's text starting at line ``at``, and the index of the line after it."""
    head = page[at]
    rest = _ABSTRACT_HEAD.sub("", head.text, count=1).strip()
    body: list[Line] = []
    if rest:
        body.append(Line(rest, head.x0, head.y0, head.x1, head.y1, head.size, head.bold))
    following = page[at + 1 :]
    if not following:
        return _join_lines(body, words)[:MAX_ABSTRACT_CHARS], at + 1
    size = next((ln.size for ln in following if len(ln.text) > 20), following[0].size)
    spacing: list[float] = []
    end = at + 1
    prev: Line | None = body[-1] if body else None
    for k, line in enumerate(following):
        if _is_heading(line, size) or _KEYWORDS_HEAD.match(line.text):
            break
        if abs(line.size - size) > 0.6 and len(line.text) > 20:
            break
        if prev is not None:
            gap = prev.y0 - line.y1
            jumped = line.y1 > prev.y1 + 3 * size  # to the top of the next column
            if jumped:
                if not body or body[-1].y0 > 0.25 * max(ln.y1 for ln in page):
                    break  # the column did not end at the bottom: abstract ended
            else:
                typical = statistics.median(spacing) if spacing else 0.4 * size
                if gap > max(2.2 * typical, 1.1 * size) and gap > 0.8 * size:
                    break
                left = min(ln.x0 for ln in body) if body else line.x0
                indent = 1.5 * size if len(body) > 1 else 3.5 * size  # a first-line indent
                if body and (line.x0 < left - indent or line.x1 > _right(body) + 2 * size):
                    break  # wider than the abstract: the body text
                spacing.append(max(gap, 0.0))
        body.append(line)
        prev = line
        end = at + 2 + k
    text = _INLINE_TERMS.split(_join_lines(body, words))[0]  # "... abstract. Keywords: a; b"
    text = re.sub(r"(?<=[.!?])[\d∗*†‡]+$", "", text)  # a footnote mark
    return text[:MAX_ABSTRACT_CHARS], end


_INLINE_TERMS = re.compile(r"(?<=[.!?])\s+(?:Keywords|Key words|Index Terms)\s*[:—–.]")


def _right(lines: list[Line]) -> float:
    return max(ln.x1 for ln in lines)


def _first_heading(page: list[Line], start: int) -> int:
    body = statistics.median(ln.size for ln in page) if page else 0
    for i in range(start, len(page)):
        if _is_heading(page[i], body):
            return i
        words = page[i].text.split()
        if len(page[i].text) > 90 and sum(w[:1].islower() for w in words) >= 6:
            return i  # a full line of body text: the header is over
    return min(len(page), start + 12)


def _authors(lines: list[Line]) -> list[Author]:
    """Names on the lines between title and abstract, read row by row."""
    rows = _row_major(lines)
    names: list[str] = []
    open_end: Line | None = None  # the last name line, when it ended inside a name
    for line in rows:
        text = original = _clean_text(line.text)
        if not text or _AFFILIATION.search(text) or text.lower() in {"and", "&"}:
            continue
        if text[0].isdigit():  # "1Brain & Cognitive Sciences": an affiliation's mark
            continue
        if len(line.marked) == len(line.text):
            text = _clean_text(line.marked)  # superscript marks become separators
        text = _spread(line, text)
        text = _MARK_SPLIT.sub("\t", text)
        text = re.sub(r"(?<=[A-Z])\.(?=[A-Z][a-z])", ". ", text)  # "D.Smirnov"
        pieces = [_MARKS.sub("", p).strip(" .,") for p in _NAME_SPLIT.split(text)]
        pieces = [p for p in pieces if p]
        broken = open_end is not None and 0 < open_end.y0 - line.y1 < line.size
        if broken and names and pieces and re.fullmatch(r"[A-Z][a-z]+", pieces[0]):
            names[-1] += " " + pieces.pop(0)  # a name broken at the line end: "Van" / "Keuren"
        good = [p for p in pieces if _looks_like_name(p)]
        if not good or len(good) < 0.6 * len(pieces):
            continue
        names.extend(good)
        open_end = line if original.rstrip()[-1:].isalpha() else None
    return [_author(n) for n in names]


_MARK_SPLIT = re.compile(r"(?<=[^\W\d_])(?:[\d∗†‡§¶◦⋆*]+(?:\s*,\s*[\d∗†‡§¶◦⋆*]+)*)(?=\s|$)")


def _row_major(lines: list[Line]) -> list[Line]:
    """Lines grouped into rows (vertical overlap), rows top to bottom, each left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: -ln.y1):
        if rows and line.y1 > min(ln.y0 for ln in rows[-1]) + 0.3 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _spread(line: Line, text: str) -> str:
    """The line with wide gaps between words shown as tabs (names set apart by space)."""
    if len(line.char_x) != len(line.text) or len(line.text) != len(text):
        return text
    gaps = {
        i: line.char_x[i + 1][0] - line.char_x[i - 1][1]
        for i, ch in enumerate(text)
        if ch == " " and 0 < i < len(text) - 1
    }
    if len(gaps) < 2:
        return text
    usual = statistics.median(gaps.values())
    wide = max(2.2 * usual, 0.6 * line.size)
    return "".join("\t" if gaps.get(i, 0) > wide else ch for i, ch in enumerate(text))


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    lower = [w for w in words if w[:1].islower()]
    return all(w in _PARTICLES for w in lower) and words[-1][:1].isupper()


def _author(name: str) -> Author:
    words = name.split()
    if all(w.isupper() for w in words if w.isalpha()) and any(len(w) > 2 for w in words):
        words = [w.capitalize() if w.isalpha() else w for w in words]
    k = len(words) - 1
    while k > 1 and words[k - 1].lower() in _PARTICLES:
        k -= 1
    given = " ".join(words[:k])
    family = " ".join(words[k:])
    return Author(family=family, given=given)


def _keywords(lines: list[Line]) -> list[str]:
    for i, line in enumerate(lines):
        match = _KEYWORDS_HEAD.match(line.text)
        if not match:
            continue
        text = line.text[match.end() :]
        for nxt in lines[i + 1 : i + 4]:
            if _SECTION_HEAD.match(nxt.text) or abs(nxt.y1 - line.y0) > 2 * line.size:
                break
            text = text[:-1] + nxt.text if text.endswith("-") else f"{text} {nxt.text}"
            line = nxt
        parts = re.split(r"\s*[;,·•—]\s*", _clean_text(text))
        return [p.strip(" .") for p in parts if 1 < len(p.strip(" .")) < 80][:20]
    return []


def _doi(text: str) -> str:
    match = DOI_RE.search(nfkc(text))
    return match.group(1).rstrip(".)]}") if match else ""


def _doi_from_metadata(metadata: dict[str, str], text: str) -> str:
    for value in metadata.values():
        match = DOI_RE.search(value or "")
        if match and match.group(1).lower() in text.lower():
            return match.group(1)
    return ""


def _year(page: list[Line], side_text: str, arxiv_id: str) -> int | None:
    stamp = _YEAR.findall(side_text)
    if stamp:
        return int(stamp[-1])
    if re.match(r"\d{4}\.", arxiv_id):
        return 2000 + int(arxiv_id[:2])
    votes: Counter[int] = Counter()
    for i, line in enumerate(page):
        if _VENUE_LINE.search(line.text) and not _OTHER_VERSION.search(line.text):
            text = line.text
            if i + 1 < len(page) and abs(page[i + 1].size - line.size) < 0.5:
                text += " " + page[i + 1].text
            for y in _YEAR.findall(text):
                votes[int(y)] += 2 if re.search(r"©|copyright|\(c\)|\bc\s", text, re.I) else 1
    if votes:
        return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return None


_VENUE = re.compile(
    r"((?:Proceedings of|In Proceedings of|Appearing in Proceedings of)\s+(?:the\s+)?[^,.;]+"
    r"|[A-Z][A-Za-z ]*(?:Journal|Transactions|Conference|Workshop|Symposium)[A-Za-z :]*)"
)


_PROCEEDINGS = re.compile(r"((?:In |Appearing in )?Proceedings of\s+(?:the\s+)?[^,.;]+)")


_ORDINAL = re.compile(r"\b(\d+)\s+(st|nd|rd|th)\b")


_PROCEEDINGS_OF = re.compile(r"^(?:In |Appearing in )?Proceedings of\s+(?:the\s+)?")


#: a line about another version of the paper ("A preliminary version of this paper was
#: presented at the ACM-SIAM Symposium…"): its venue and year are not this paper's
_OTHER_VERSION = re.compile(r"\b(?:preliminary|earlier|previous|shorter|abridged|conference)\s+"
                            r"version\b|\bextended\s+abstract\b", re.IGNORECASE)
#: a journal's citation line: "Journal of Physics: Conference Series 2188 (2022) 012011",
#: "Immunology. 2022;165:141–142."
_CITATION = re.compile(r"^\s*(?P<venue>[A-Z][A-Za-z&:,'’ -]{3,90}?)\.?\s+"
                       r"(?:\d{1,5}\s*\((?:19|20)\d\d\)|(?:19|20)\d\d\s*;\s*\d)")
#: ACM's permission block: "STOC’07, June 11–13, 2007, San Diego, California, USA."
_EVENT = re.compile(r"^\s*(?P<venue>[A-Z][A-Za-z-]{1,15}\s?['’‘]\d\d)\s*,\s*(?:January|"
                    r"February|March|April|May|June|July|August|September|October|November|"
                    r"December)\b")
#: words that start a body line, not a venue's name ("Table 1 (2019)")
_NOT_A_VENUE = re.compile(r"^(?:Table|Figure|Fig|Section|Eq|Equation|In|The|This|We|Our|See)\b")
#: what ACM's templates print until the authors fill it in ("ACM Journal Name, Vol. V",
#: "Conference’17, July 2017", "Woodstock ’18")
_PLACEHOLDER = re.compile(r"Journal Name|Conference Name|^Conference\s?['’‘]\d\d|^Woodstock\b")


def _venue(page: list[Line]) -> str:
    page = [ln for ln in page if not _OTHER_VERSION.search(ln.text)]
    for i, line in enumerate(page):
        text = _clean_text(line.text)
        if i + 1 < len(page) and abs(page[i + 1].y0 - line.y0) < 1.0:  # (one baseline, two
            text += " " + _clean_text(page[i + 1].text)  # runs: "Journal of …" "2188 (2022)")
        match = _CITATION.match(text) or _EVENT.match(text)
        if match and not _NOT_A_VENUE.match(match.group("venue")) and not _PLACEHOLDER.search(
                match.group("venue")):
            return match.group("venue").strip(" .,:")
    lines = [ln for ln in page if _VENUE_LINE.search(ln.text)]
    for i, line in enumerate(page):
        if line not in lines:
            continue
        text = _clean_text(line.text)
        nxt = page[i + 1].text if i + 1 < len(page) else ""
        if text.endswith("-"):
            text = text[:-1] + nxt
        elif nxt:
            text = f"{text} {nxt}"
        match = _PROCEEDINGS.search(text) or _VENUE.search(text)
        if match:
            venue = _PROCEEDINGS_OF.sub("", match.group(1))
            venue = re.sub(r"\s+\d.*$", "", venue).strip(" :")
            venue = _ORDINAL.sub(r"\1\2", venue)  # "28 th International …" -> "28th …"
            if len(venue) > 6 and not _PLACEHOLDER.search(venue):
                return venue[:200]
    return ""
