"""Papers named by an identifier pasted into the search box: a DOI (bare, ``doi:`` or a
doi.org link), an arXiv id (with or without its version, ``arXiv:`` or an arxiv.org
link), a web address, an ACL Anthology id or a citation key. The search index holds
none of them (they are no words), so the library is asked directly; a search lists the
papers found so first."""

from __future__ import annotations

import re

import sqlite_utils

from paperdesk.importers.fields import (
    bare_arxiv_id,
    find_arxiv_id,
    normalize_doi,
    strip_arxiv_version,
)

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_URL_RE = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
# an id or key: one token with a digit and an inner mark ("2016.gwc-1.1", "smith2020-x")
_KEY_RE = re.compile(r"^(?=.*\d)[\w.:/+-]*[\w][.:/_-][\w.:/+-]*$")


def identified(db: sqlite_utils.Database, text: str, trashed: bool = False) -> list[int]:
    """Ids of the papers ``text`` names by an identifier, in the library's order; [] when
    ``text`` is no identifier or names no paper."""
    token = text.strip().strip("<>\"'“”‘’()[]").rstrip(".,;")
    if not token or any(c.isspace() for c in token):
        return []
    where, args = _where(token)
    if not where:
        return []
    trash = "trashed IS NOT NULL" if trashed else "trashed IS NULL"
    rows = db.execute(f"SELECT id FROM papers WHERE ({where}) AND {trash} ORDER BY id", args)
    return [int(r[0]) for r in rows]


def _where(token: str) -> tuple[str, list[str]]:
    """The SQL condition (and its arguments) of the papers ``token`` may name."""
    if _DOI_RE.search(token):
        doi = normalize_doi(token)
        return "lower(doi) = lower(?) AND doi != ''", [doi]
    arxiv = find_arxiv_id(token) or bare_arxiv_id(token.removeprefix("arXiv:").strip())
    if arxiv:
        bare = strip_arxiv_version(arxiv)
        return ("arxiv_id = ? OR arxiv_id LIKE ? || 'v%' OR url LIKE '%arxiv.org/abs/' || ? "
                "OR url LIKE '%arxiv.org/abs/' || ? || 'v%'", [bare, bare, bare, bare])
    if _URL_RE.match(token):
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", token, flags=re.IGNORECASE)
        address = address.rstrip("/")
        # a paper's PDF link names its page too ("aclanthology.org/2025.naacl-long.173.pdf",
        # the link people copy, names "aclanthology.org/2025.naacl-long.173")
        addresses = [address, *([address[:-4]] if address.lower().endswith(".pdf") else [])]
        one = ("url LIKE '%://' || ? OR url LIKE '%://' || ? || '/' "
               "OR url LIKE '%://www.' || ? OR url LIKE '%://www.' || ? || '/'")
        return (f"url != '' AND ({' OR '.join([one] * len(addresses))})",
                [a for a in addresses for _ in range(4)])
    if _KEY_RE.match(token):
        return "key = ? OR url LIKE '%/' || ? OR url LIKE '%/' || ? || '/'", [token] * 3
    return "", []
