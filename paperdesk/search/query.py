"""PaperDesk's query language, parsed into Whoosh queries.

Plain words are OR-ed and ranked by coordination (papers with all the words first, then
those with most of them; BM25F over all text fields within), and stop words among them
are dropped, so a pasted title or a question finds its papers. Of two to six plain words a
paper must hold enough to be listed (see :attr:`ParsedQuery.needed`). ``"quoted phrases"``,
``+word`` (required), ``-word`` and ``NOT word`` (excluded), ``AND`` / ``OR`` / ``NOT``
and parentheses, ``prefix*``, ``wild?card``, ``fuzzy~``; fields ``title:``,
``author:``, ``abstract:``, ``tag:``, ``note:``, ``venue:``, ``highlight:``, ``pdf:``;
``year:2020``, ``year:2019..2021``, ``year:>=2020``; ``stars:>=4``; ``read:unread``;
``has:note``, ``has:pdf``, ``has:abstract``. Phrases, fields, ``+word`` and groups
must match. ``Word:`` is a field only when Word names one ("BERT: Pre-training …" is
words); ``?`` is a wildcard only inside a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.qparser import syntax
from whoosh.qparser.taggers import FnTagger
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    NullQuery,
    Or,
    Phrase,
    Query,
    Regex,
    Term,
)

from paperdesk.errors import QueryError
from paperdesk.records import READ_STATES
from paperdesk.search.analysis import STOPWORDS, fold
from paperdesk.search.coord import Counted, Exhaustive, words_needed
from paperdesk.search.documents import title_key
from paperdesk.search.schema import TEXT_FIELDS

#: query field name -> index field
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "abstract": "abstract",
    "tag": "tag",
    "tags": "tag",
    "keyphrase": "keyphrases",
    "keyphrases": "keyphrases",
    "note": "note",
    "venue": "venue",
    "highlight": "highlights",
    "highlights": "highlights",
    "pdf": "fulltext",
    "fulltext": "fulltext",
    "year": "year",
    "stars": "stars",
    "read": "read",
    "has": "has",
    "collection": "collection",
    "collections": "collection",
}
HAS_VALUES = ("note", "pdf", "abstract")

_FIELD_RE = re.compile(r'(?<![\w"])(\w+):')
_ET_AL_RE = re.compile(r"(?<=\w)(?:,?\s+)et\s+al\b\.?,?", re.IGNORECASE)
_BRACED_RE = re.compile(r"(?<![:{])\{(\w+)\}")
_RANGE_RE = re.compile(r"\b(year|stars):(\d+)\.\.(\d+)\b")
_VALUE_RE = re.compile(r"\b(read|has):(\S+)")
_NUMBER_RE = re.compile(r"\b(year|stars):(\S+)")
_NUMBER_VALUE_RE = re.compile(r"^(?:(?:>=|<=|>|<)?\d+|\d+\.\.\d+|\[.*)$")
_FUZZY_RE = re.compile(r"(\w{6,})~(?![\d/])")
_SAVED_RE = re.compile(r'(?<![\w"])saved:(?:"([^"]*)"|([^\s()"]+))', re.IGNORECASE)
#: how deep saved searches may refer to other saved searches
SAVED_DEPTH = 8


def expand_saved(text: str, lookup: Callable[[str], str | None], depth: int = 0) -> str:
    """Replace each ``saved:NAME`` by ``(its query)``; ``lookup`` gives a saved query by name
    (None when there is none). Raises :class:`QueryError` for an unknown name or a cycle."""
    if "saved:" not in text.lower():
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        query = lookup(name)
        if query is None:
            raise QueryError(f"no saved search named {name!r}")
        if depth >= SAVED_DEPTH:
            raise QueryError(f"saved search {name!r} refers to itself (through saved:)")
        inner = expand_saved(query, lookup, depth + 1).strip()
        return f"({inner})" if inner else ""  # an empty saved search matches everything

    return _SAVED_RE.sub(one, text)
#: a "?" that is not between two word characters (end of a question, a lone "?")
_LOOSE_QMARK_RE = re.compile(r"(?<!\w)\?+|\?+(?!\w)")
_QUOTED_RE = re.compile(r'("[^"]*")')
_SYNTAX_RE = re.compile(r'["()*~:]|(?<!\w)[+-](?=[\w"(])|\b(?:AND|OR|NOT)\b|\w\?\w')


def _outside_quotes(text: str, fn) -> str:  # noqa: ANN001 - a str -> str function
    """Apply ``fn`` to the parts of ``text`` that are not inside "quotes"."""
    parts = _QUOTED_RE.split(text)
    return "".join(part if part.startswith('"') and part.endswith('"') and len(part) > 1
                   else fn(part) for part in parts)


def _forgive(part: str) -> str:
    """Read "Word:" as words unless Word names a field; drop "?" outside words and
    parentheses around plain words."""

    def colon(m: re.Match[str]) -> str:
        name = m.group(1)
        rest = part[m.end():m.end() + 1]
        if name.lower() in FIELD_ALIASES and (rest == "" or not rest.isspace()):
            return m.group(0)
        return name + " "

    part = _FIELD_RE.sub(colon, part)
    part = _LOOSE_QMARK_RE.sub(" ", part)
    while True:  # innermost first: "(a (b c))"
        ungrouped = _PLAIN_GROUP_RE.sub(_ungroup, part)
        if ungrouped == part:
            return part
        part = ungrouped


#: parentheses not after a field, "-" or "+" (those keep their group); after a word too
#: ("汉语学习者依存句法树库构建(Construction of a Treebank …)": a pasted title)
_PLAIN_GROUP_RE = re.compile(r"(?<![:+-])\(([^()]*)\)")


def _ungroup(m: re.Match[str]) -> str:
    """Parentheses group only around AND / OR / NOT: in "(e.g. MEDLARS)" they are prose."""
    inner = m.group(1)
    if re.search(r"\b(?:AND|OR|NOT)\b", inner) or not inner.strip():
        return m.group(0)
    return f" {inner} "


def _rewrite(text: str) -> str:
    """Check field values, map aliases, and turn ``a..b`` into a range."""
    for field_, value in _VALUE_RE.findall(text):
        allowed = READ_STATES if field_ == "read" else HAS_VALUES
        if value.lower().strip(")") not in allowed:
            raise QueryError(f"'{field_}:' takes one of {', '.join(allowed)}, not '{value}'")
    for field_, value in _NUMBER_RE.findall(text):
        if not _NUMBER_VALUE_RE.match(value.rstrip(")")):
            raise QueryError(
                f"'{field_}:' takes a number, a range like 2019..2021 or >=N, not '{value}'"
            )
    # a bare "word~" allows two edits in words of six letters or more, one below
    text = _FUZZY_RE.sub(r"\1~2", text)
    text = _RANGE_RE.sub(lambda m: f"{m.group(1)}:[{m.group(2)} TO {m.group(3)}]", text)
    return _outside_quotes(text, lambda part: _FIELD_RE.sub(
        lambda m: FIELD_ALIASES[m.group(1).lower()] + ":", part))


# ------------------------------------------------------------------ the parser plugin
class _Plus(syntax.MarkerNode):
    pass


class _Minus(syntax.MarkerNode):
    pass


class _Top(syntax.GroupNode):
    """The query's top level, split into coordinated plain words and required parts."""

    def __init__(self, soft: list, hard: list, negative: list, optional: bool) -> None:
        super().__init__(soft + hard + negative)
        self.soft, self.hard, self.negative, self.optional = soft, hard, negative, optional

    def query(self, parser) -> Parts:  # noqa: ANN001
        def build(nodes: list) -> list[Query]:  # (a word with no letters, "&", is none)
            return [q for q in (n.query(parser) for n in nodes)
                    if q is not None and q.normalize() is not NullQuery]

        return Parts(build(self.soft), build(self.hard), build(self.negative), self.optional)


def _is_plain(node: syntax.SyntaxNode) -> bool:
    return bool(getattr(node, "plain", False))


class ForgivingPlugin(qparser.Plugin):
    """``+word`` and ``-word``; stop words dropped from plain words; plain words marked
    for coordination (see :class:`Parts`)."""

    def taggers(self, parser):  # noqa: ANN001, ANN201
        return [(FnTagger(r'(?<![^\s(])\+(?=[\w"(])', _Plus, "plus"), 0),
                (FnTagger(r'(?<![^\s(])-(?=[\w"(])', _Minus, "minus"), 0)]

    def filters(self, parser):  # noqa: ANN001, ANN201
        return [(self.mark_plain, 105), (self.plus_minus, 520), (self.split_top, 650)]

    @staticmethod
    def _plain_words(group: syntax.GroupNode) -> list[syntax.SyntaxNode]:
        out = []
        for node in group:
            if isinstance(node, syntax.GroupNode):
                out += ForgivingPlugin._plain_words(node)
            elif (node.has_fieldname and node.fieldname is None and node.has_text
                  and type(node).__name__ != "PhraseNode"):
                out.append(node)
        return out

    def mark_plain(self, parser, group):  # noqa: ANN001, ANN201
        """Mark unfielded words (before they are spread over the text fields) and drop
        stop words among them, unless the query has nothing else."""
        words = self._plain_words(group)
        for node in words:
            node.plain = True
        stops = {id(n) for n in words if type(n) is syntax.WordNode
                 and fold(n.text) in STOPWORDS}
        if stops and len(stops) < len(words):
            return self._drop(group, stops)
        return group

    def _drop(self, group, ids: set[int]):  # noqa: ANN001, ANN202
        out = group.empty_copy()
        for node in group:
            if isinstance(node, syntax.GroupNode):
                out.append(self._drop(node, ids))
            elif id(node) not in ids:
                out.append(node)
        return out

    def plus_minus(self, parser, group):  # noqa: ANN001, ANN201
        """``+x`` makes x required; ``-x`` becomes ``NOT x``."""
        out = group.empty_copy()
        pending = None
        for node in group:
            if isinstance(node, (_Plus, _Minus)):
                pending = node
                continue
            if isinstance(node, syntax.GroupNode):
                node = self.plus_minus(parser, node)
            if isinstance(pending, _Minus):
                node = syntax.NotGroup([node])
            elif isinstance(pending, _Plus):
                node.required = True
            pending = None
            out.append(node)
        return out

    def split_top(self, parser, group):  # noqa: ANN001, ANN201
        """Sort the top level into plain words, required parts and exclusions."""
        if not isinstance(group, syntax.AndGroup) or type(group) is not syntax.AndGroup:
            return group
        soft, hard, negative = [], [], []
        required = False
        for node in group:
            if isinstance(node, syntax.NotGroup):
                negative.append(node)
            elif getattr(node, "required", False):
                hard.append(node)
                required = True
            elif (isinstance(node, syntax.OrGroup) and len(node)
                  and all(_is_plain(n) for n in node)) or _is_plain(node):
                soft.append(node)
            else:
                hard.append(node)
        return _Top(soft, hard, negative, optional=required)


@dataclass
class Parts:
    """A parsed query in its parts.

    Attributes:
        soft: one query per plain word (each over every text field); coordinated.
        hard: phrases, fields, ``+words`` and groups: a paper must match all of them.
        negative: ``Not`` queries of ``-word`` / ``NOT word``.
        optional: with ``+words``, plain words only rank (they need not match).
    """

    soft: list[Query] = field(default_factory=list)
    hard: list[Query] = field(default_factory=list)
    negative: list[Query] = field(default_factory=list)
    optional: bool = False

    def __bool__(self) -> bool:
        return True

    def _combine(self, soft: Query | None) -> Query:
        hard = [*self.hard, *self.negative]
        if soft is None:
            return And(hard).normalize() if hard else NullQuery
        if not hard:
            return soft
        if self.optional:
            return Exhaustive(AndMaybe(And(hard), soft).normalize())
        return And([soft, *hard]).normalize()

    @property
    def needed(self) -> int:
        """How many plain words a paper must hold to be listed (see
        :func:`coord.words_needed`); 0 with ``+words`` (plain words then only rank)."""
        return 0 if self.optional else words_needed(len(self.soft))

    def coordinated(self) -> Query:
        """Keyword mode: more plain words matched rank higher (see :mod:`coord`)."""
        soft = [Counted(q.normalize()) for q in self.soft]
        return self._combine(Or(soft) if soft else None)

    def lexical(self, field_boosts: dict[str, float] | None = None) -> Query:
        """BM25F of the plain words OR-ed (no coordination), with the same filters.

        A word typed twice counts twice (BM25's query-term frequency: a long question
        that repeats a word means it), and ``field_boosts`` scale each field's terms.
        """
        if not self.soft:
            return self._combine(None)
        counts: dict[Query, int] = {}
        for q in self.soft:
            q = _scaled(q.normalize(), field_boosts or {})
            counts[q] = counts.get(q, 0) + 1
        words = [q if n == 1 else q.with_boost(q.boost * n) for q, n in counts.items()]
        return self._combine(words[0] if len(words) == 1 else Or(words))

    def filters(self) -> Query | None:
        """What a paper must match whatever its words (None: nothing)."""
        if not (self.hard or self.negative):
            return None
        if not self.hard:  # only exclusions: (Whoosh normalises And([Every, Not]) away)
            return AndNot(Every(), Or([n.query for n in self.negative])).normalize()
        return And([*self.hard, *self.negative]).normalize()


def _scaled(query: Query, boosts: dict[str, float]) -> Query:
    """``query`` with the boost of each term in a field of ``boosts`` multiplied by it."""
    if not boosts:
        return query

    def scale(node: Query) -> Query:
        name = getattr(node, "fieldname", None)
        if node.is_leaf() and name in boosts:
            return node.with_boost(node.boost * boosts[name])
        return node

    return query.accept(scale)


@dataclass
class ParsedQuery:
    """A query's parts, and what Best match needs from it.

    Attributes:
        text: the query as typed.
        parts: see :class:`Parts`; None for the empty query (every paper).
        words: the plain words (and phrase texts), for embedding and explanations.
        plain: only plain words: no fields, operators, phrases or wildcards.
        sentence: the query's words as typed, stop words kept (what Best match embeds).
        title_key: a plain query as a title key (see ``documents``), to rank a paper of
            exactly that title first.
    """

    text: str
    parts: Parts | None
    words: list[str]
    plain: bool
    sentence: str = ""
    title_key: str = ""

    @property
    def keyword(self) -> Query:
        """The Keyword-mode query."""
        return Every() if self.parts is None else self.parts.coordinated()

    @property
    def needed(self) -> int:
        """How many plain words a paper must hold to be listed (see
        :attr:`Parts.needed`); 0 (any) for a question ("what is the effect of data size on
        translation quality?"), whose words are seldom all in one paper."""
        if self.parts is None or _QUESTION_RE.search(self.text):
            return 0
        return self.parts.needed


_QUESTION_RE = re.compile(r"\?\s*$|^\s*(?:what|which|how|why|when|where|who|whom|whose|"
                          r"is|are|does|do|did|can|could|should|would|will)\b", re.IGNORECASE)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """A Whoosh parser with PaperDesk's syntax over ``schema``."""
    parser = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema=schema, fieldboosts=None, group=qparser.AndGroup
    )
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(ForgivingPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: a "phrase" needs a closing quote')
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: ')' without '('")
    if depth:
        raise QueryError("unbalanced parentheses: '(' without ')'")


_DANGLING_RE = re.compile(r"^(AND|OR)\b|\b(AND|OR|NOT)$|\b(AND|OR|NOT)\s*\)")
_EMPTY_FIELD_RE = re.compile(r"\b([A-Za-z_]+):(?=\)|$)")
_BAD_RANGE_RE = re.compile(r"\b(year|stars):(\d+)\.\.(\d+)\b")
_BARE_WILDCARD_RE = re.compile(r"(?:^|[\s(:])[*?]+(?=$|[\s)])")


def _check_shape(text: str) -> None:
    """Catch queries Whoosh would silently read as matching nothing."""
    m = _DANGLING_RE.search(text)
    if m:
        op = next(g for g in m.groups() if g)
        raise QueryError(f"'{op}' needs a word on each side")
    m = _EMPTY_FIELD_RE.search(text)
    if m and m.group(1).lower() in FIELD_ALIASES:
        raise QueryError(f"'{m.group(1)}:' needs a value, e.g. {m.group(1)}:word")
    for field_, lo, hi in _BAD_RANGE_RE.findall(text):
        if int(lo) > int(hi):
            raise QueryError(f"'{field_}:{lo}..{hi}' is an empty range (write {hi}..{lo})")
    if _BARE_WILDCARD_RE.search(text):
        raise QueryError("a wildcard needs some letters before it, e.g. morpholog*")


_WORDS_RE = re.compile(r"\w+(?:[.'’]\w+)*(?:\+\+|#)?")


def _cited(text: str) -> str:
    """``text`` as the library holds it when it was pasted from a citation or BibTeX:
    without "et al." ("Simianer et al. 2012": "et" and "al" are French words) and with
    no braces inside words ("Adverbs in {S}anskrit {W}ord{N}et")."""
    if _LATEX_ACCENT_RE.search(text):  # "Repr{\'e}sentation", "G{\'o}mez-Rodr{\'\i}guez"
        from paperdesk.importers.latex import latex_to_unicode

        text = latex_to_unicode(text)
    return _BRACED_RE.sub(r"\1", _ET_AL_RE.sub(" ", text))


#: a LaTeX accent or letter command copied from BibTeX
_LATEX_ACCENT_RE = re.compile(r"\\(?:['`^\"~=.uvHcdbrk]\s*\{?\\?[A-Za-z]|[oOlLij]\b|ss\b|ae\b|"
                              r"AE\b|oe\b|OE\b|aa\b|AA\b)")


def parse_query(parser: qparser.QueryParser, text: str) -> ParsedQuery:
    """Parse ``text``; an empty query matches every paper; errors are one line."""
    text = _cited(unicodedata.normalize("NFKC", text)).strip()
    if not text:
        return ParsedQuery(text, None, [], False)
    _check_balanced(text)
    typed = text
    text = _outside_quotes(text, _forgive).strip()
    if not text:
        return ParsedQuery(text, None, [], False)
    _check_shape(text)
    plain = _SYNTAX_RE.search(text) is None
    rewritten = _rewrite(text)
    try:
        parts = parser.parse(rewritten, normalize=False)
    except QueryError:
        raise
    except Exception as exc:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query: {exc}") from exc
    if not isinstance(parts, Parts):  # a top level Whoosh made into one group
        parts = Parts(hard=[parts])
    errors = [q for p in (*parts.soft, *parts.hard, *parts.negative)
              for q in ([p] if p.is_leaf() else p.leaves()) if type(q).__name__ == "ErrorQuery"]
    if errors:
        raise QueryError(f"cannot parse query near '{text}'")
    words = _typed_words(text)
    if parts.soft and words and all(fold(w) in STOPWORDS for w in words):
        parts.soft = [stop_words_query(words)]
    return ParsedQuery(text, parts, [w for w in words if fold(w) not in STOPWORDS], plain,
                       _sentence(typed) or " ".join(words), title_key(text) if plain else "")


def stop_words_query(words: list[str]) -> Query:
    """Plain words that are all stop words ("The Who", "to be or not to be"): the index
    drops stop words from titles and abstracts, so look for them as a phrase in the
    titles' keys, or in authors and venue (which keep stop words)."""
    key = re.escape(title_key(" ".join(words)))
    folded = [fold(w) for w in words]
    return Or([Regex("title_sort", rf"(?:.* )?{key}(?: .*)?\Z"),
               *(Phrase(name, folded) if len(folded) > 1 else Term(name, folded[0])
                 for name in ("authors", "venue"))])


_FIELD_VALUE_RE = re.compile(r'(?<![\w"])(\w+):(?:"[^"]*"|[^\s()]+)')
_OPERATOR_RE = re.compile(r'\b(?:AND|OR|NOT)\b|~\d*|["()*]|(?<![^\s(])\+')


def _sentence(text: str) -> str:
    """The query as a sentence for the encoder: as typed (punctuation kept: a question
    reads as one), without field filters, excluded words and operators."""
    text = re.sub(r'(?:(?<![^\s(])-|\bNOT\s+)("[^"]*"|[^\s()]+)', " ", text)
    text = _FIELD_VALUE_RE.sub(
        lambda m: " " if m.group(1).lower() in FIELD_ALIASES else m.group(0), text)
    text = " ".join(_OPERATOR_RE.sub(" ", text).split())
    return text if re.search(r"\w", text) else ""


def _typed_words(text: str) -> list[str]:
    """The words a person typed, without field names, operators and excluded words."""
    text = re.sub(r'(?:(?<![^\s(])-|\bNOT\s+)("[^"]*"|\S+)', " ", text)
    text = re.sub(r'\b\w+:(?:"[^"]*"?|\S+)', " ", text)  # tag:"machine translation" too
    text = re.sub(r"\b(?:AND|OR|NOT)\b", " ", text)
    return _WORDS_RE.findall(text)


#: a question of this many words or more reads its "quoted words" as emphasis in Best
#: match, not as phrases every paper must contain (CISI: 6 of 76 questions quote words)
LONG_QUESTION = 12


_STANDALONE_QUOTE_RE = re.compile(r'(?<![\w:+-])"([^"]*)"')


def loosened(parsed: ParsedQuery) -> str | None:
    """A long question without the quotes around its phrases (for Best match: quotes in a
    question that long mark words, not a phrase every paper must contain); None when the
    query is short or has no such quotes. Fields (``title:"…"``), ``+"…"``, ``-"…"`` and
    operators keep their meaning."""
    if '"' not in parsed.text or len(parsed.words) < LONG_QUESTION:
        return None
    bare = _STANDALONE_QUOTE_RE.sub(lambda m: f" {m.group(1)} ", parsed.text)
    return None if bare == parsed.text else " ".join(bare.split())
