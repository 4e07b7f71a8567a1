"""Candidate phrases and the choice of tags among them (no model)."""

from __future__ import annotations

import pytest

from paperdesk.tagging.keyphrases import (
    candidate_spans,
    candidates,
    choose,
    display_word,
    english_part,
    is_near_duplicate,
    singular,
)


def test_candidates_are_contiguous_runs_of_content_words():
    got = candidates("", "The segmentation of the treebank improves. "
                         "Alignment of MRE on the lexicon")
    assert "segmentation treebank" not in got  # "of the" sits between them
    assert "alignment MRE" not in got
    assert {"segmentation", "treebank", "alignment", "MRE", "lexicon"} <= set(got)


def test_runs_break_at_punctuation_and_numbers_but_keep_inner_hyphens():
    got = candidates("", "few-shot learning, prompt tuning (21 datasets) and GPT-4 models")
    assert "few-shot learning" in got
    assert "learning prompt" not in got
    assert "prompt tuning datasets" not in got
    assert "21" not in got and "21 datasets" not in got
    assert "GPT-4 models" in got


def test_a_word_written_twice_in_a_row_makes_no_phrase():
    # a KDD file runs its title into its abstract: "... in data privacy Privacy is ..."
    got = candidates("", "Composition attacks in data privacy Privacy is an aspect of "
                         "data publishing")
    assert "data privacy" in got
    assert not any("privacy privacy" in p.lower() for p in got)


def test_an_abbreviation_with_dots_is_no_phrase():
    # "U.S" (of "U.S. Government") was a tag of 5 ACL papers
    got = candidates("Human Language Technology in the U.S. Government", "")
    assert "U.S" not in got and "human language technology" in got


def test_kinds_of_learning_are_phrases():
    # "deep learning" (96 times in 5,000 ACL abstracts) and "active learning" were never
    # candidates: a plain adjective and a generic noun; "large learning" still is none
    got = candidates("Empowering Active Learning", "We study deep learning and representation "
                     "learning. A large learning rate helps.")
    assert {"active learning", "deep learning", "representation learning"} <= set(got)
    assert "large learning" not in got


def test_two_generic_nouns_that_name_a_topic_are_a_phrase():
    # "text classification" (98 times in 5,000 ACL abstracts), "information extraction"
    # and "language models" were never candidates, and "weakly supervised text
    # classification" left the fragment "supervised text" alone
    got = candidates("Contextualized Weak Supervision for Text Classification",
                     "We study weakly supervised text classification, information extraction "
                     "and language models. Experimental results show that training data helps.")
    assert {"text classification", "information extraction", "language models"} <= set(got)
    assert not {"experimental results", "training data"} & set(got)


def test_generic_nouns_of_data_and_features_with_a_process_are_a_phrase():
    # SemEval-2017 and Inspec-style abstracts name "feature extraction", "data analysis",
    # "performance evaluation": two generic nouns, so none was a candidate
    got = candidates("", "We apply feature extraction before data analysis, then a "
                         "performance evaluation and parameter optimization. The proposed "
                         "method is a case study; numerical results are given.")
    assert {"feature extraction", "data analysis", "performance evaluation",
            "parameter optimization"} <= set(got)
    assert not {"proposed method", "case study", "numerical results"} & set(got)


def test_an_en_dash_joins_names_and_pairs_into_one_word():
    # "Hamilton–Jacobi equation" left "jacobi equation" and a lone "hamilton"
    got = candidates("", "We solve the Hamilton\u2013Jacobi equation for electron\u2013ion "
                         "interactions in 1990\u20132000, a time\u2013consuming task.")
    assert {"Hamilton-Jacobi equation", "electron-ion interactions"} <= set(got)
    assert "jacobi equation" not in got and "1990-2000" not in got
    assert "time-consuming" not in got  # an adjective, as with a hyphen


def test_thin_and_thick_films_are_topics():
    # "thin" and "thick" are scikit-learn stop words; "thin films" is a field of physics
    got = candidates("", "We grow thin films on glass. The thick film layer is thin.")
    assert {"thin films", "thick film layer"} <= set(got)
    assert "thin" not in got and "thick" not in got


def test_candidates_have_one_to_three_words():
    got = candidates("", "deep neural network language model training")
    assert max(len(p.split()) for p in got) == 3
    assert "deep neural network" in got


def test_acronyms_keep_their_case_other_words_are_lowered():
    got = candidates("Aligning LLMs with RLHF", "We train BERT and mBERT on F1-Score data.")
    assert {"LLMs", "RLHF", "BERT", "mBERT", "F1-score", "aligning LLMs"} <= set(got)
    assert display_word("Text-to-Video") == "text-to-video"
    assert display_word("3D") == "3D"
    assert display_word("Transformer") == "transformer"
    # a capital alone beside an acronym: names of systems in ACL papers ("ALT-j" before)
    assert [display_word(w) for w in ("ALT-J", "C-STAR", "X-ray")] == ["ALT-J", "C-STAR",
                                                                      "x-ray"]


def test_all_caps_titles_are_lowered_except_real_acronyms():
    got = candidates("NECESSITY OF BERT ANALYSIS", "We study BERT.")
    assert "necessity" in got and "BERT" in got and "NECESSITY" not in got


def test_adverbs_verbs_and_trailing_participles_are_not_tags():
    got = candidates("", "word-level alignment enhances significantly predicted labels")
    assert "word-level alignment enhances" not in got
    assert not any("significantly" in p for p in got)
    assert "alignment predicted" not in got
    assert "word-level alignment" in got


def test_verb_shaped_words_make_no_phrase():
    # seen as keyphrases of the sample library: "models generalize", "mechanisms
    # maximizing", "maximize reward", "VideoFactory excels"
    got = candidates("", "Reward models generalize. Mechanisms maximizing welfare. Agents "
                         "maximize reward. VideoFactory excels at image denoising and "
                         "online advertising.")
    assert not {"models generalize", "mechanisms maximizing", "maximize reward",
                "VideoFactory excels"} & set(got)
    assert {"reward models", "reward", "VideoFactory", "image denoising",
            "online advertising"} <= set(got)


def test_title_only_paper_has_candidates():
    assert "reinforcement learning" in candidates("Multi-Agent Reinforcement Learning")


def test_singular():
    assert singular("gaussians") == "gaussian"
    assert singular("studies") == "study"
    assert singular("classes") == "class"
    assert singular("analysis") == "analysis"
    assert singular("corpus") == "corpus"


def test_near_duplicates():
    assert is_near_duplicate("3D gaussian", "3D gaussians")
    assert is_near_duplicate("attention", "attention heads")
    assert is_near_duplicate("language models", "large language model")
    assert not is_near_duplicate("attention heads", "attention sinks")


def test_choose_skips_plurals_and_subsets():
    ranked = [
        ("3D gaussians", 0.9),
        ("3D gaussian", 0.7),
        ("attention heads", 0.65),
        ("attention", 0.6),
        ("splatting", 0.5),
        ("rendering", 0.4),
    ]
    assert [p for p, _ in choose(ranked, 3)] == ["3D gaussians", "attention heads", "splatting"]


def test_choose_prefers_a_shorter_phrase_that_scores_almost_as_well():
    ranked = [("3D gaussian remains", 0.80), ("3D gaussian", 0.79), ("rendering", 0.5)]
    assert choose(ranked, 2) == [("3D gaussian", 0.79), ("rendering", 0.5)]


def test_choose_returns_fewer_when_candidates_run_out():
    assert choose([("model", 0.5), ("models", 0.4)], 5) == [("model", 0.5)]


def test_noun_phrase_shapes_only():
    got = candidates("Language Identification Neural", "We make machine translation work.")
    assert "language identification" in got and "machine translation" in got
    assert "language identification neural" not in got  # ends in an adjective
    assert "make machine translation" not in got  # a verb
    assert "approach" not in candidates("", "Our approach works.")  # names no topic


def test_other_languages_stop_words_and_scripts():
    got = candidates("Analyse des sentiments en ligne",
                     "Nous proposons une méthode pour l'analyse des sentiments en français.")
    assert "sentiments" in got and "analyse des sentiments" in got
    # stop words only join a noun to its complement ("analyse des sentiments")
    assert not any(w in {"les", "en", "une", "pour", "nous"} for p in got for w in p.split())
    assert not any(p.split()[0] == "des" or p.split()[-1] == "des" for p in got)
    assert "sentiments en" not in candidates("", "Toxic sentiments en masse")
    # "en quoi": "in what way" ("quoi" was a keyphrase of a paper on polysemy)
    assert "quoi" not in candidates("", "Cet article montre en quoi la structure formelle "
                                        "des définitions offre une représentation originale.")
    assert candidates("基于深度学习的机器翻译") == []


def test_proper_nouns_keep_their_case():
    got = candidates("Facebook Posts", "We collect posts from Facebook and large English "
                     "datasets. Named Entity Recognition is hard.")
    assert "Facebook posts" in got and "English datasets" in got
    assert "entity recognition" in got  # capitalised as a concept, not a name
    assert "Princeton WordNet" in candidates("", "We map senses to the Princeton WordNet.")


def test_a_name_keeps_its_particles():
    # SemEval-2017 physics papers: "van" is a stop word, so "der Waals interactions" and
    # "Waals interactions" were phrases and "der Waals" a tag's alias
    got = candidates("", "The van der Waals interactions between graphene layers are weak. "
                     "We compute the von Neumann entropy of a de Sitter space.")
    assert {"van der Waals interactions", "von Neumann entropy", "de Sitter space"} <= set(got)
    assert not any(p.startswith(("der ", "Waals", "Neumann", "Sitter")) for p in got)


def test_the_word_after_we_is_a_verb():
    # ACL abstracts: "revisit", "envision", "report findings" were keyphrases
    got = candidates("", "We revisit dependency parsing and we report findings on treebanks "
                     "they annotate.")
    assert "dependency parsing" in got and "treebanks" in got
    assert not any(p.split()[0] in {"revisit", "report", "annotate"} for p in got)
    assert "technical report" in candidates("", "Our technical report on shared tasks is long.")


def test_the_word_after_a_modal_or_before_an_object_after_to_is_a_verb():
    # ACL keyphrases: "handle complex dialogs", "yield additional improvements", "help"
    got = candidates("Can Neural Networks Understand Logic?",
                     "Our method can handle complex dialogs and may yield improvements. "
                     "We need to train a parser and to handle the ambiguity of parsing, "
                     "applied to machine translation.")
    assert {"complex dialogs", "parser", "ambiguity", "machine translation"} <= set(got)
    assert not any(p.split()[0] in {"handle", "yield", "train"} for p in got)
    assert "networks" in got  # a question opens with its modal: the word after is a noun
    # "deals" (5 of 5,000 ACL papers' keyphrases, "this paper deals with"), and French
    # "dernières" (11: "ces dernières années") are no keyphrases
    assert not any("deals" in p for p in candidates("", "This paper deals with parsing."))
    # verbs never nouns: "parsing algorithms exist", "parser differs", "string occurs"
    got = candidates("", "Many parsing algorithms exist. Our parser differs from theirs when "
                     "a consonant string occurs twice.")
    assert {"parsing algorithms", "parser", "consonant string"} <= set(got)
    assert not any(w in p.split() for p in got for w in ("exist", "differs", "occurs"))
    assert "dernières" not in candidates(
        "", "Ces dernières années, les dernières avancées en traduction automatique.")


def test_verbs_that_open_phrases_and_vague_trends_are_no_keyphrases():
    # 5,000 ACL abstracts: "represent inflectional morphology", "encode aspects", "learn
    # word embedding", "increasing attention" (9), "growing need", "paid little attention"
    got = candidates("", "Word vectors represent inflectional morphology and encode aspects "
                     "of syntax; we learn word embeddings. Parsing has attracted increasing "
                     "attention and a growing need for treebanks, but little attention was "
                     "paid to encoding schemes and representation learning.")
    assert {"inflectional morphology", "word embeddings", "treebanks",
            "encoding schemes", "representation learning"} <= set(got)
    banned = {"represent", "encode", "learn", "increasing", "growing", "paid", "attracted"}
    assert not any(w in p.split() for p in got for w in banned)


def test_a_word_in_s_before_its_object_is_a_verb():
    # ACL abstracts: "problem entails", "model inherits", "presentation outlines", "gives"
    # were keyphrases; SemEval-2017: "algorithm corrects"
    got = candidates("", "The alignment model inherits the lexicon of a phrase-based system. "
                     "This presentation outlines an evaluation campaign and gives an overview "
                     "of parallel corpora.")
    assert {"alignment model", "presentation", "evaluation campaign",
            "parallel corpora"} <= set(got)
    assert not any(w in p.split() for p in got for w in ("inherits", "outlines", "gives"))
    # a plural noun after a preposition or a number stays a noun; so does any word in French
    assert "low-resource languages" in candidates(
        "", "In low-resource languages the parser improves its accuracy.")
    assert "entités nommées" in candidates(
        "", "Cette étude des entités nommées a permis une analyse des corpus parallèles.")


def test_words_glued_by_pdf_text_are_read_apart():
    # as in the WWW keyphrase set's text of "Tag clouds for summarizing web search results"
    got = candidates("", "PubCloud uses tag clouds on thePubMed database with SPARQL "
                     "1.1.We keep aDNA and mRNA whole.")
    assert "PubMed database" in got and "thePubMed database" not in got
    assert "SPARQL" in got and not any("We" in p for p in got)
    assert {"aDNA", "mRNA"} <= set(got)


def test_acronyms_are_found_with_their_expansions():
    from paperdesk.tagging.keyphrases import acronyms

    got = acronyms("neural machine translation (NMT) and Generative Pre-trained "
                   "Transformer (GPT), not this (XYZ)")
    assert got == {"NMT": "neural machine translation",
                   "GPT": "generative pre-trained transformer"}
    # a small letter and a hyphen may open one (a Zotero library on 2D materials had
    # "h-BN" as a tag beside "hexagonal boron nitride")
    assert acronyms("Monolayer hexagonal boron nitride (h-BN) grows on copper.") == {
        "h-BN": "hexagonal boron nitride"}


def test_fragments_give_way_to_the_maximal_phrase():
    text = ("We improve statistical machine translation. Our statistical machine translation "
            "models beat neural network models and a neural network baseline.")
    got = candidates("", text)
    assert "statistical machine translation" in got
    assert "statistical machine" not in got  # always followed by "translation"
    assert "machine translation" in got  # a phrase that is preceded is no fragment
    # followed by a generic word ("models") is no reason to drop the shorter phrase
    assert "neural network" in got


def test_vague_modifiers_and_generic_heads_make_no_phrase():
    got = candidates("", "End-to-end training on large-scale datasets; few-shot learning.")
    assert "few-shot learning" in got
    assert not {"end-to-end", "end-to-end training", "large-scale datasets"} & set(got)
    got = candidates("", "We compare state-of-the-art parsers with efficient parsing.")
    assert "parsers" in got and "parsing" in got
    assert not {"state-of-the-art parsers", "efficient parsing"} & set(got)



def test_relational_adjectives_make_a_topic_of_a_generic_noun():
    # shortened from SemEval-2017 (ScienceIE) abstracts, where these are gold keyphrases
    got = candidates("", "A change in the magnetic field modifies the products. Evolutionary "
                     "algorithms, such as genetic population, find optima. The method can be "
                     "applied to isogeometric analysis with little effort. Interfaces move "
                     "by numerical methods solving the Hamilton-Jacobi equation.")
    assert {"magnetic field", "evolutionary algorithms", "isogeometric analysis",
            "numerical methods"} <= set(got)
    # an adjective that judges makes none, nor one of a noun that no adjective classifies
    got = candidates("", "Large genetic algorithms, typical analysis, neural models and "
                     "linguistic knowledge help contextual word embeddings.")
    assert "genetic algorithms" in got
    assert not {"large genetic algorithms", "typical analysis", "neural models",
                "linguistic knowledge", "contextual word", "little effort"} & set(got)


def test_base_verbs_and_names_of_languages():
    got = candidates("", "Changes in bitumen content create differences. We compute "
                     "equilibria of Modern Standard Arabic and english dialects.")
    assert "bitumen content" in got and "content create" not in got
    assert "compute equilibria" not in got and "equilibria" in got
    assert "modern standard Arabic" in got and "English dialects" in got

def test_english_part_of_a_paper_in_another_language():
    abstract = "Nous présentons une méthode pour la segmentation des textes en français."
    assert english_part("Une approche hybride (A hybrid approach for text segmentation)",
                        abstract) == ("A hybrid approach for text segmentation",
                                      "Une approche hybride")
    assert english_part("Deep Neural Networks for Sequence Labeling", abstract) == (
        "Deep Neural Networks for Sequence Labeling", "")
    # French in parentheses, an English paper, a paper without abstract: no English part
    assert english_part("Analogies (Traduction par analogie)", abstract)[0] == ""
    assert english_part("A hybrid approach (for text)", "We present a method for text.")[0] == ""
    assert english_part("Une approche (A hybrid approach for text segmentation)", "") == (
        "", "Une approche (A hybrid approach for text segmentation)")


def test_french_verbs_adverbs_and_elisions_make_no_phrase():
    # sentences of real TALN abstracts (ACL Anthology, CC BY 4.0): papers 2304, 2394, 880, 917
    got = candidates(
        "Stratégies de sélection des exemples pour l’apprentissage actif avec des champs "
        "aléatoires conditionnels",
        "Beaucoup de problèmes de TAL sont désormais modélisés comme des tâches d’apprentissage "
        "supervisé. L’apprentissage actif apporte un cadre à ce problème. En particulier, "
        "nous nous intéressons au développement du support en ligne. L’exploitation de cette "
        "ressource permettrait non seulement d’améliorer les systèmes. Le système doit "
        "reconnaître certaines entités nommées. L’interface donne la possibilité de constituer "
        "son corpus et d’y exécuter un certain nombre de tâches allant de simples tâches de "
        "découpage en mot. Un type de vocabulaire utile à l’indexation est défini, constitué de "
        "résumés d’articles scientifiques.")
    assert {"champs aléatoires conditionnels", "apprentissage actif", "apprentissage supervisé",
            "entités nommées", "résumés d'articles scientifiques"} <= set(got)
    for junk in ("intéressons", "apporte", "ressource permettrait", "reconnaître", "d’y", "d'y",
                 "désormais modélisés", "aléatoires conditionnels", "simples tâches", "constitué",
                 "utile", "possibilité"):
        assert junk not in got, junk


def test_french_nouns_take_their_complements():
    # a real TALN title (ACL Anthology 2394, CC BY 4.0) and the usual shapes of French terms
    got = candidates(
        "État de l’art : analyse des conversations écrites en ligne porteuses de demandes "
        "d’assistance en termes d’actes de dialogue",
        "La détection d’émotions, l’extraction de relations et la traduction de parole. "
        "Le nombre de mots.")
    assert {"actes de dialogue", "détection d'émotions", "extraction de relations",
            "traduction de parole", "analyse des conversations écrites"} <= set(got)
    assert "actes" not in got  # always "actes de dialogue": a fragment
    assert "conversations écrites" in got
    assert "ligne porteuses" not in got  # "porteuses" goes with "conversations"
    assert "langues assisté" not in candidates(
        "", "Le traitement des langues assisté par ordinateur.")
    assert "nombre de mots" not in got  # "nombre" is a stop word
    # English has no such phrases
    assert not any(" of " in p for p in candidates("", "The extraction of relations."))


def test_acronym_search_before_parentheses_matches_the_full_scan():
    """Acronyms are searched only before a parenthesis that may hold one: the same matches
    as scanning the whole text, also for runs longer than six words, hyphens, nested or
    unclosed parentheses, a parenthesis glued to its word and matches back to back."""
    import random

    from paperdesk.tagging.keyphrases import _ACRONYM_RE, _acronym_matches

    texts = [
        "We train neural machine translation (NMT) and statistical MT (SMT) systems.",
        "one two three four five six seven eight nine (ONTEN) ten",
        "Generative Pre-trained Transformer (GPT) and GPT-4 (GPTs) (RLHF)",
        "named entity recognition((NER) and x(NER) and (NER)",
        "a b c d e f g h (ABCDEFGH) i j k (IJK)(KL) l m (LM",
        "long-short term memory (LSTM), conditional random fields (CRFs); (NN)",
    ]
    rnd = random.Random(7)
    parts = ["a", "Big", "word", "x-y", "(", ")", "(NMT)", "(ABs)", "((AB)", " ", "  ", "\n",
             ".", ",", "é", "(A1B)", "w(AB)"]
    texts += ["".join(rnd.choice(parts) + rnd.choice(["", " "]) for _ in range(30))
              for _ in range(3000)]

    def spans(matches: object) -> list[tuple[tuple[int, int], tuple[str, ...]]]:
        return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]

    for text in texts:
        assert spans(_acronym_matches(text)) == spans(_ACRONYM_RE.finditer(text)), text


def test_a_book_s_genre_is_no_keyphrase():
    # titles of books in a real Zotero library (../shared/data/zotero/
    # hsteinshiromoto-bibliography): "introduction" and "principles" grouped all of them
    assert candidates("Principles of Data Mining") == ["mining", "data mining"]
    assert candidates("Foundations of Programming Languages") == [
        "programming", "programming languages"]
    for title in ("An Introduction to Machine Learning", "Introduction to Data Science",
                  "The Data Science Design Manual", "The Matrix Cookbook"):
        assert not {"introduction", "manual", "cookbook"} & set(candidates(title)), title


# ACL Anthology 2023.jlcl-1.8 (Faaß and Schmid, JLCL 36(1), CC BY 4.0), from the shared
# ACL corpus (../shared/data/acl/acl_abstracts.jsonl.gz): its title and first sentences
_GERMAN = ("Segmentierungs- und Annotationsverfahren für die Texte Udo Lindenbergs: "
           "Apostrophe und andere Herausforderungen",
           "In der Computerlinguistik ist eine kaskadische Prozessierung von Texten üblich. "
           "Dabei werden diese zuerst segmentiert (tokenisiert), d.h. Tokens und ggf. "
           "Satzgrenzen werden erkannt. Dabei entsteht meist eine Liste bzw. eine "
           "einspaltige Tabelle, die sukzessive durch weitere Prozessierungschritte um "
           "zusätzliche Spalten – also positionale Annotationen wie z.B. Wortarten und "
           "Lemmata für die Tokens in der ersten Spalte – ergänzt wird.")


def test_german_phrases_end_in_a_noun_and_keep_its_capital():
    got = candidates(*_GERMAN)
    assert {"kaskadische Prozessierung", "einspaltige Tabelle", "positionale Annotationen",
            "Udo Lindenbergs"} <= set(got)
    # a German phrase ending in a lower-case word ends in a verb or an adverb
    assert all(p.split()[-1][:1].isupper() for p in got), got
    words = {w.lower() for p in got for w in p.split()}
    assert not words & {"entsteht", "meist", "zuerst", "segmentiert", "dabei", "weitere"}


# SciELO articles (CC BY), from the JATS fixtures of scieloorg/packtools @ fe1ada8
# (tests/fixtures/htmlgenerator/abstracts/FngWzPqXpsVJGyxLD5PSHPg.xml and
# .../howtocite_without_foot_note/howtocite.xml): titles and first sentences
_SPANISH = ("Transferencia de tecnología durante la epidemia de COVID-19 en Brasil: informe "
            "de la primera formación práctica presencial",
            "Este estudio tuvo como objetivo describir el primer curso presencial para "
            "capacitar a los profesionales de la salud pública para llevar a cabo la "
            "vigilancia genómica en tiempo real durante los períodos de pandemia. No se "
            "detectó infección por SARS-CoV-2 al final del evento en ningún participante, lo "
            "que sugiere la seguridad y efectividad de todas las medidas de seguridad "
            "adoptadas.")
_PORTUGUESE = ("Desenvolvimento de uma lâmpada LED inteligente para monitoramento de insetos "
               "no manejo integrado de pragas",
               "Objetivou-se neste estudo apresentar o projeto e os resultados de testes em "
               "campo de uma lâmpada de LEDs (light emitting diodes) para aplicação em "
               "manejo integrado de pragas (MIP) e outros estudos entomológicos. Um circuito "
               "eletrônico e um software de controle foram integrados à lâmpada, fazendo-a "
               "funcionar de modo autônomo, identificando noite e dia automaticamente.")


@pytest.mark.parametrize(("paper", "topics", "not_words"), [
    (_SPANISH, {"transferencia de tecnología", "vigilancia genómica", "salud pública",
                "infección", "medidas de seguridad"},
     {"describir", "capacitar", "llevar", "detectó", "sugiere", "estudio", "objetivo"}),
    (_PORTUGUESE, {"manejo integrado de pragas", "monitoramento de insetos",
                   "estudos entomológicos", "software de controle", "noite"},
     {"objetivou-se", "apresentar", "fazendo-a", "funcionar", "identificando",
      "automaticamente", "estudo"}),
], ids=["es", "pt"])
def test_spanish_and_portuguese_phrases_are_nouns_with_their_complements(paper, topics,
                                                                         not_words):
    got = candidates(*paper)
    assert topics <= set(got), got
    assert not {w.lower() for p in got for w in p.split()} & not_words
    # adjectives after their noun are no phrase alone ("pública", "real", "autônomo")
    assert not {"pública", "real", "presencial", "autônomo", "inteligente"} & set(got)


def test_a_head_first_phrase_never_starts_with_an_adjective():
    # a SciELO article (CC BY; tests/data/scielo/scielo_pt.jsonl, see PROVENANCE.md)
    import json
    from pathlib import Path

    rows = (Path(__file__).parents[2] / "data" / "scielo" / "scielo_pt.jsonl").read_text(
        encoding="utf-8").splitlines()
    paper = next(json.loads(r) for r in rows if '"Diabetes gestacional' in r)
    got = candidates(paper["title"], paper["abstract"])
    assert {"diabetes gestacional", "pesquisa nacional de Saúde"} <= set(got)
    # "gestacional", "nacional" follow their noun: no phrase starts with them
    assert not [p for p in got if p.split()[0] in {"gestacional", "nacional"}], got


def test_a_title_alone_in_another_language_has_no_stop_word_phrases():
    # titles of real Zotero items with no abstract (users saw "les rites", "der tragödie")
    assert candidates("Les rites de passage") == ["passage", "rites de passage"]
    assert "Tragödie" in candidates("Der Tragödie zweiter Teil")
    assert not any(p.split()[0].lower() in {"las", "der", "les"}
                   for p in candidates("Las peregrinaciones a Santiago")
                   + candidates("Der Tragödie zweiter Teil"))
    assert candidates("Attention Is All You Need") == ["attention", "need"]  # still English


def test_verbs_users_found_in_keyphrases_make_no_phrase():
    # from real ACL abstracts and PDFs: "panel intends", "just enumerate", "system having",
    # "databases brings", "model propagates"
    got = candidates("Panel discussion", "The panel intends to just enumerate what the "
                     "systems concentrates on, a system having rules; relational databases "
                     "brings distortions that the model propagates.")
    assert "relational databases" in got and "panel discussion" in got
    assert not any(w in p.split() for p in got for w in (
        "intends", "just", "enumerate", "concentrates", "having", "brings", "propagates"))


def test_words_of_science_prose_make_no_phrase():
    # from ScienceDirect paragraphs (SemEval-2017): "does", "shown", "following",
    # "well-known", "note", "parameters" and "approach similar" were keyphrases
    got = candidates("", "It is well-known that the optical properties of atoms have been "
                     "shown to vary. Note that one does not know the following parameters "
                     "in an approach similar to the re-used meshes of high-speed flows.")
    assert {"optical properties", "re-used meshes", "high-speed flows"} <= set(got)
    assert not set(got) & {"well-known", "shown", "note", "does", "following", "parameters",
                           "approach similar", "re-used"}


def test_verbs_fillers_and_debris_of_science_abstracts_make_no_phrase():
    # from KDD, WWW and SemEval-2017 abstracts (a helper's audit of 6,967 keyphrases):
    # "Discovering frequent patterns", "papers cited", "lattice instead", "future work",
    # "relevant results", "30a0"
    got = candidates("", "Discovering frequent patterns and detecting anomalies in the "
                     "papers cited, with a lattice instead of a mesh of size 30a0. Future "
                     "work shows relevant results for the similarity measure.")
    assert {"frequent patterns", "anomalies", "similarity measure"} <= set(got)
    assert not any(w in p.lower().split() for p in got for w in (
        "discovering", "detecting", "cited", "instead", "future", "relevant", "30a0"))


def test_verbs_of_physics_and_materials_abstracts_make_no_phrase():
    # a helper's review of 493 SemEval-2017 abstracts: "performance varies", "data lies",
    # "Zr alloys oxidise", "discretisation retains", "encapsulate fuel pellets", "add
    # construction land", "protecting aluminium alloys", "called clusters" were keyphrases
    got = candidates("", "The performance varies with load and the data lies on a manifold. "
                     "Zr alloys oxidise in water; the discretisation retains accuracy. To "
                     "encapsulate fuel pellets we add construction land, protecting aluminium "
                     "alloys in so-called clusters and referring to isolated words.")
    assert {"zr alloys", "fuel pellets", "construction land", "aluminium alloys",
            "isolated words"} <= {p.lower() for p in got}
    assert not any(w in p.lower().split() for p in got for w in (
        "varies", "lies", "oxidise", "retains", "encapsulate", "add", "protecting", "called",
        "referring"))
    # "situ oxidation" was a keyphrase: the Latin of "in situ", "ab initio" is no phrase
    latin = candidates("", "In situ oxidation in vitro, in silico screening, a priori "
                       "knowledge and ab initio calculations.")
    assert {"oxidation", "screening", "calculations"} <= set(latin)
    assert not any(w in p.split() for p in latin
                   for w in ("situ", "vitro", "silico", "priori", "initio"))


def test_an_english_phrase_never_starts_with_a_plural():
    # "papers cited", "languages differ", "does BERT" / "tasks like" were keyphrases;
    # English modifiers are singular, but for a few ("systems biology")
    got = candidates("", "In systems biology, tags recur and languages differ; class labels, "
                     "corpus statistics and physics models.")
    assert {"systems biology", "class labels", "corpus statistics", "physics models"} <= set(got)
    assert "tags recur" not in got and "languages differ" not in got
    # French phrases put their head first: "ressources lexicales" stays
    french = candidates("", "Nous présentons des ressources lexicales pour le traitement "
                        "automatique des langues et les entités nommées dans les textes.")
    assert "ressources lexicales" in french


def test_a_cross_language_modifier_alone_is_no_phrase():
    # a blind rater dropped "cross-language" as a fragment (ratings/seed170317_blind.txt)
    got = candidates("", "A cross-language study of cross-language retrieval.")
    assert "cross-language" not in got and "cross-language retrieval" in got


def test_a_phrase_knows_how_often_it_stands_whole():
    found = candidate_spans("Neural machine translation", "Machine translation between "
                            "related languages, unlike neural machine translation, needs "
                            "little data.")
    assert found.whole("neural machine translation") == 1.0
    assert found.whole("machine translation") == pytest.approx(1 / 3)  # 1 of 3 whole
    assert found.whole("related languages") == 1.0
    assert found.whole("translation") == 0.0
    # a French noun and its complement join two whole runs
    french = candidate_spans("", "Nous faisons une analyse de sentiments des tweets.")
    assert french.whole("analyse de sentiments") == 1.0


def test_simple_pasts_and_irregular_participles_make_no_phrase():
    # "translation technology began", "took courses" and "taught" were ACL keyphrases
    got = candidates("", "Translation technology began in 1950; students took courses, "
                     "taught by translators who wrote dictionaries.")
    assert {"translation technology", "courses", "dictionaries"} <= set(got)
    assert not any(w in p.split() for p in got for w in ("began", "took", "taught", "wrote"))


def test_a_verb_in_ing_with_its_object_is_no_phrase():
    # whole runs count for more now, and a blind comparison of keyphrases found verbs
    # with their objects: "resolving textual mentions", "parsing technical text"
    got = candidates("", "We study resolving textual mentions and parsing technical text, "
                     "with string matching, learning dialog policies and French learning "
                     "materials. We analyze it and teach intelligent systems.")
    assert {"textual mentions", "string matching", "learning dialog policies",
            "French learning materials", "intelligent systems"} <= set(got)
    assert not {"resolving textual mentions", "parsing technical text", "analyze",
                "teach intelligent systems"} & set(got)
