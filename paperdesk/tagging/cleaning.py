"""What in a title or abstract is not the paper's words: markup, links and notices.

Abstracts come into a library from many places, and some carry text that is not the
paper's: HTML or JATS markup (Crossref's ``<jats:p>``, a Zotero item's ``<strong>``), web
addresses ("https://github.com/..."), a publisher's copyright notice ("© 2014 Elsevier
Inc. All rights reserved.") and the ACM Digital Library's note on OCR errors in its
reference lists; and where a source had no abstract, a stand-in for one ("[No abstract
available]" in Scopus exports, the ACM Digital Library's "No contact information provided
yet." or "An abstract is not available." after a title); and the proceedings template's
"(Here the title in English)" after the French titles of a few TALN papers. Read as
words, they make keyphrases and tags ("github.com", "https", "reference List extracted",
"title", "english") and shift the paper's vector. :func:`plain_text` takes them out
before the tagger reads a text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# a tag of HTML, JATS or MathML markup: "<p>", "</jats:italic>", "<a href='...'>", "<br/>"
# (not the angle brackets of a linguist's "<Adjectif – Nom>" or a name as "<TextCoop>")
_MARKUP_RE = re.compile(
    r"</?(?:jats:|mml:)?(?:p|i|b|u|em|strong|sub|sup|br|hr|a|span|div|sc|italic|bold|title"
    r"|sec|list|list-item|label|abstract|inline-formula|tex-math|ext-link|xref|math|mi|mo|mn"
    r"|mrow|msub|msup|h[1-6]|ul|ol|li|code|pre|font|small|tt|blockquote)(?:\s[^<>]*)?/?>",
    re.IGNORECASE)
# a web address, with its scheme ("http ://" too, as some PDFs space it) or "www.", a bare
# lower-case domain ("github.com/x"; "Amazon.com" is a name), or an e-mail address
_LINK_RE = re.compile(
    r"(?:\b(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])\s?:\s?//|\bwww\.(?=\w))\S*"
    r"|\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|edu|gov|info)(?:/\S*)?(?![\w-])")
# a copyright notice, to the end of the text (where publishers put it): "© 2014 Elsevier
# Inc. All rights reserved.", "Copyright 2009 ACM", "(c) 2004 Wiley Periodicals, Inc."
_NOTICE_RE = re.compile(
    r"\s*(?:©|\([cC]\)\s*(?:19|20)\d\d|\bCopyright\s*(?:©|\([cC]\))?\s*(?:19|20)\d\d"
    r"|\bPublished by Elsevier\b)[^©]{0,300}$")
# a file's name standing for a title (an attachment saved on its own in Zotero)
_FILE_NAME_RE = re.compile(
    r"\s*([\w\s.,'()&+-]+?)\.(?:pdf|docx?|odt|rtf|txt|html?|epub|djvu|ps)\s*", re.IGNORECASE)
_FILE_SEPARATOR_RE = re.compile(r"[_.]|-(?=\w)")
# sentences that are notices wherever they stand
_SENTENCE_RE = re.compile(
    r"\s*(?:All rights reserved\.?|This article is protected by copyright\.?"
    r"|Note: OCR errors may be found in this Reference List[^.]*\.(?:[^.]*?"
    r"references\.)?|No contact information provided yet\.?|An abstract is not available\."
    r"|\(\s*Here the title in English\.?\s*\))", re.I)
# a stand-in for an abstract, the whole text: "[No abstract available]", "Abstract not
# available.", "An abstract is not available for this content so a preview has been
# provided.", "N/A"
_NO_ABSTRACT_RE = re.compile(
    r"\W*(?:(?:no\s+abstracts?(?:\s+is)?\s+available"
    r"|(?:an?\s+)?abstracts?(?:\s+is)?\s+(?:not\s+|un)available)\b.{0,200}"
    r"|no\s+abstract|n/?a|none|abstract)\W*", re.I | re.S)


@lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """``text`` without markup, web addresses and copyright notices; a file's name
    ("Smith_2019_deep-parsing.pdf") as the words it is made of; "" for a stand-in for a
    missing abstract ("[No abstract available]").

    Markup becomes a space ("the <i>BERT</i> model" is "the BERT model"); a link becomes a
    comma, which ends a phrase as the link did ("code https://... available" never makes
    "code available"); notices go. Text without any of them comes back unchanged, but
    for accents written as a letter and a combining mark ("e" + U+0301), which become one
    letter ("é"): words split at the mark made keyphrases such as "ologismes
    scientifiques" of "néologismes".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if len(text) <= 200:  # a whole text that stands for something else
        if _NO_ABSTRACT_RE.fullmatch(text):
            return ""
        named = _FILE_NAME_RE.fullmatch(text)
        if named:  # "Patrick-Wyatt-Writing-reliable-online-game-services.pdf"
            return _FILE_SEPARATOR_RE.sub(" ", named.group(1))
    if "<" in text:
        text = _MARKUP_RE.sub(" ", text)
    if "." in text or "@" in text:
        text = _LINK_RE.sub(",", text)
    if "©" in text or "opyright" in text or "(c)" in text.lower() or "Elsevier" in text:
        text = _NOTICE_RE.sub("", text)
    if ("reserved" in text or "OCR" in text or "protected" in text or "contact" in text
            or "title in English" in text or "not available" in text):
        text = _SENTENCE_RE.sub("", text)
    return text


def has_words(text: str) -> bool:
    """True when ``text`` (an abstract) says anything once cleaned: not blank, not a
    stand-in such as "[No abstract available]"."""
    return bool(plain_text(text).strip())
