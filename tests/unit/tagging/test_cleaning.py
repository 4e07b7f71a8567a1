"""Markup, links and notices in abstracts are not the paper's words (real abstracts)."""

from __future__ import annotations

from paperdesk.tagging.cleaning import plain_text
from paperdesk.tagging.keyphrases import candidates, doc_text, text_language

# ACL Anthology 2020.acl-main.3 (its abstract's last sentence)
ACL_CODE = ("Furthermore, our model can also be applied to the cross-domain named entity "
            "recognition task, and it achieves better adaptation performance than other "
            "existing baselines. The code is available at https://github.com/zliucr/coach.")
# a GitHub release saved in a real Zotero library (../shared/data/zotero/
# hsteinshiromoto-bibliography), as Zotero stores its abstract
ZOTERO_RELEASE = ("<strong>Full Changelog</strong>: https://github.com/hsteinshiromoto/"
                  "cartorio/compare/v3.0.0...v3.0.1")
# the ACM Digital Library's note, as the KDD keyphrase set's abstracts carry it
ACM_NOTE = ("Note: OCR errors may be found in this Reference List extracted from the full "
            "text article. ACM has opted to expose the complete List rather than only "
            "correct and linked references.")


def test_links_and_markup_go_and_the_words_stay():
    assert plain_text(ACL_CODE).endswith("The code is available at ,")
    assert plain_text(ZOTERO_RELEASE).split() == ["Full", "Changelog", ":", ","]
    crossref = "<jats:p>We fine-tune <jats:italic>BERT</jats:italic> on tweets.</jats:p>"
    assert plain_text(crossref).split() == ["We", "fine-tune", "BERT", "on", "tweets."]
    # a linguist's angle brackets, a system's name and the WWW conference are words
    for text in ("Patterns such as <Adjectif – Nom> and the <TextCoop> engine.",
                 "Published at WWW. Data from Amazon.com reviews."):
        assert plain_text(text) == text


def test_notices_go_wherever_publishers_put_them():
    body = "Spam pages redirect traffic to third-party domains."
    assert plain_text(f"{body} {ACM_NOTE}") == body
    assert plain_text(f"{body} © 2014 Elsevier Inc. All rights reserved.") == body
    assert plain_text(f"{body} Published by Elsevier B.V.") == body
    assert plain_text(f"{body} Copyright 2009 ACM 978-1-60558-495-9/09/04.") == body
    # "(c)" of a list, and copyright as a topic, stay
    listed = "We show (a) this, (b) that and (c) a corpus of 2000 tweets."
    assert plain_text(listed) == listed
    topic = "Copyright infringement detection in music."
    assert plain_text(topic) == topic


def test_no_keyphrase_comes_from_a_link_a_tag_or_a_notice():
    words = {w.lower() for p in candidates("Coach", ACL_CODE) for w in p.split()}
    assert not words & {"github.com", "zliucr", "coach.", "https"}
    assert not {w for p in candidates("Cartorio", ZOTERO_RELEASE) for w in p.split()} & {
        "github.com", "v3.0.1", "strong", "https", "hsteinshiromoto"}
    kdd = "Spam double-funnel: connecting web spammers with advertisers"
    assert not [p for p in candidates(kdd, ACM_NOTE) if "List" in p or "OCR" in p]
    assert doc_text("Title", ZOTERO_RELEASE) == "Title. Full Changelog : ,"


def test_a_file_s_name_for_a_title_is_read_as_its_words():
    # attachments saved alone in real Zotero libraries (../shared/data/zotero/samples)
    assert plain_text("Patrick-Wyatt-Writing-reliable-online-game-services.pdf") == (
        "Patrick Wyatt Writing reliable online game services")
    assert "online game services" in candidates(
        "Patrick-Wyatt-Writing-reliable-online-game-services.pdf")
    assert plain_text("Vaswani et al. - 2017 - Attention is all you need.pdf").split() == [
        "Vaswani", "et", "al", "-", "2017", "-", "Attention", "is", "all", "you", "need"]
    for text in ("Example.org", "The corpus is released as corpus.txt files.",
                 "We parse PDF files."):
        assert plain_text(text) == text


def test_a_stand_in_for_a_missing_abstract_is_no_abstract():
    # Scopus exports "[No abstract available]"; Cambridge Core's preview note; the KDD
    # and WWW keyphrase sets (LIAAD) hold 968 ACM papers whose only "abstract" is the
    # ACM Digital Library's placeholder after the title, as in KDD's 0.txt
    for stand_in in ("[No abstract available]", "No abstract available.", "Abstract",
                     "Abstract not available", "N/A", "Abstract unavailable.",
                     "An abstract is not available for this content so a preview has been "
                     "provided. Please use the Get access link above for information on "
                     "how to access this content."):
        assert plain_text(stand_in) == "", stand_in
        assert candidates("Variable latent semantic indexing", stand_in) == candidates(
            "Variable latent semantic indexing")
    kdd = "Variable latent semantic indexing No contact information provided yet.\n"
    assert plain_text(kdd).strip() == "Variable latent semantic indexing"
    assert "contact information" not in candidates("", kdd)
    www = "Video quality estimation for internet streaming An abstract is not available.\n"
    assert plain_text(www).strip() == "Video quality estimation for internet streaming"
    assert "abstract" not in candidates("", www)
    # real abstracts that speak of abstracts stay
    for text in ("Abstracts are available for most papers of the corpus.",
                 "An abstract is available on request.", "None of the baselines work."):
        assert plain_text(text) == text


def test_a_paper_with_a_stand_in_abstract_is_read_by_its_title():
    # its language is the title's, as for a paper with no abstract (the stand-in's words
    # are English)
    title = "Une approche hybride pour la segmentation automatique de textes"
    for stand_in in ("[No abstract available]", "N/A"):
        assert text_language(title, stand_in) == text_language(title) == "fr"


def test_the_template_s_english_title_placeholder_is_no_title():
    # three TALN papers of the ACL Anthology (2648 and 2992 among the first 5,000) keep
    # the proceedings template's placeholder after their French title; it made "title"
    # and "english" keyphrases, read as the paper's English title
    from paperdesk.tagging.keyphrases import english_part

    title = ("Patrons sémantiques pour l’extraction de relations entre termes - Application "
             "aux comptes rendus radiologiques (Here the title in English)")
    abstract = ("Dans cet article nous nous intéressons à la tâche d’extraction de relations "
                "sémantiques dans les textes médicaux et plus particulièrement dans les "
                "comptes rendus radiologiques.")
    assert "English" not in plain_text(title)
    assert english_part(title, abstract) == ("", title.removesuffix(
        " (Here the title in English)"))
    assert not {"title", "english", "English"} & set(candidates(title, abstract))


def test_an_accent_written_as_a_combining_mark_stays_in_its_word():
    # ACL Anthology 1963.earlymt-1.11 (CC BY 4.0), as the anthology's data writes it: "e"
    # and U+0301; keyphrases were "ologismes scientifiques", "thodes", "raux"
    text = ("La double ramification. Les graphes abstraits. Les ne\u0301ologismes "
            "scientifiques. 2. Graphes syntaxiques.")
    assert "néologismes" in plain_text(text)
    phrases = candidates("Le russe scientifique", text)
    assert "néologismes scientifiques" in phrases, phrases
    assert not any(p.startswith("ologismes") for p in phrases), phrases
