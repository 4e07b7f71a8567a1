"""Small English abstracts on two topics (machine translation, dependency parsing) for the
vocabulary tests with the real model, and helpers to load and read them."""

from __future__ import annotations

from paperdesk.records import Paper, ParsedEntry, ParseResult

MT = [
    ("Neural machine translation for low-resource languages",
     "Neural machine translation (NMT) struggles when parallel data is scarce. We train NMT "
     "systems with back-translation for low-resource language pairs."),
    ("Improving NMT with monolingual data",
     "We study neural machine translation (NMT) with monolingual corpora and back-"
     "translation, improving BLEU for English-German translation."),
    ("Document-level neural machine translation",
     "Document-level neural machine translation models use context beyond the sentence. "
     "Our NMT model attends to previous sentences."),
    ("Unsupervised machine translation",
     "Unsupervised machine translation learns to translate without parallel corpora, using "
     "back-translation and denoising."),
]
PARSING = [
    ("Fast dependency parsing with transformers",
     "We present a dependency parser for syntactic parsing of many languages. Dependency "
     "parsing accuracy improves with transformer encoders."),
    ("Cross-lingual dependency parsing",
     "Dependency parsing for low-resource languages transfers from treebanks of related "
     "languages; our dependency parser uses multilingual encoders."),
    ("Graph-based dependency parsers revisited",
     "Graph-based dependency parsing scores arcs between words; we revisit graph-based "
     "dependency parsers and syntactic parsing with biaffine attention."),
]

def make_lib(lib, docs):
    lib.import_parsed(ParseResult([ParsedEntry(Paper(title=t, abstract=a)) for t, a in docs]),
                      on_duplicate="keep-both")
    return lib


def suggestions(lib) -> dict[int, list[str]]:
    return {p.id: [t.name for t in p.suggested_tags]
            for p in lib.get_many(lib.papers.ids(sort="id"))}
