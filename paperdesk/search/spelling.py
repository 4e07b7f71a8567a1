"""British spellings read as American ones, so either finds the other.

"modularisation" finds "modularization", "colour" finds "color", "analysed" finds
"analyzed", "centre" finds "center", "dialogue" finds "dialog". Applied to documents and
queries alike, after folding and before stemming (the stemmer then takes "-ization" and
"-ize" off as it does for American text). Only whole families known to differ are mapped,
so that "precise" still finds "precision" and "pairwise" stays itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: -ise, -isation and their forms ("normalised", "tokenisation") as -ize, -ization
_ISE_RE = re.compile(r"^([a-z]{3,}?)is(e|es|ed|ing|er|ers|ation|ations|ational|able)$")
#: what comes before "is" in words whose -ise is no suffix ("precise", "advertise",
#: "surprise", "exercise", "enterprise") or whose -ize spelling is no American word
_ISE_KEEP = frozenset(
    "prec conc prem prom comprom surm dem improv exc inc circumc exerc franch merchand "
    "chast adv dev rev superv telev compr surpr enterpr repr appr desp treat expert parad "
    "advert sunr upr pra ra ar mort an chem cer val elig".split()
)
#: analyse, paralyse, catalyse, hydrolyse … as -lyze
_LYSE_RE = re.compile(r"^([a-z]*l)ys(e|es|ed|ing|er|ers)$")
#: colour, behaviour, favourite, neighbouring, labour … as -or
_OUR_RE = re.compile(
    r"^(colo|behavio|favo|labo|neighbo|hono|humo|rumo|vapo|flavo|harbo|tumo|armo|savo|"
    r"endeavo|odo|rigo|vigo|valo|parlo|splendo|cando|fervo|demeano|clamo)ur"
)
#: centre, fibre, metre, theatre … (and "centred", "centring") as -er
_TRE_RE = re.compile(
    r"^((?:kilo|centi|milli|micro|nano|dia)?met|cent|fib|theat|lit|calib|spect|lust|"
    r"sab|meag|somb|manoeuv)r(e|es|ed|ing)$"
)
_TRE_ENDS = {"e": "er", "es": "ers", "ed": "ered", "ing": "ering"}
#: catalogue, dialogue, analogue … as -og
_OGUE_RE = re.compile(r"^([a-z]{4,}og)ue(s)?$")
#: single words
_WORDS = {
    "grey": "gray", "greys": "grays", "programme": "program", "programmes": "programs",
    "ageing": "aging", "judgement": "judgment", "judgements": "judgments",
    "acknowledgement": "acknowledgment", "acknowledgements": "acknowledgments",
    "artefact": "artifact", "artefacts": "artifacts", "aluminium": "aluminum",
    "sulphur": "sulfur", "defence": "defense", "defences": "defenses", "offence": "offense",
    "offences": "offenses", "licence": "license", "licences": "licenses", "mould": "mold",
    "moulds": "molds", "sceptical": "skeptical", "enrolment": "enrollment",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "skilful": "skillful",
    "oesophagus": "esophagus", "oestrogen": "estrogen", "foetus": "fetus",
    "foetal": "fetal", "anaemia": "anemia", "leukaemia": "leukemia",
    "haemoglobin": "hemoglobin", "paediatric": "pediatric", "paediatrics": "pediatrics",
    "anaesthesia": "anesthesia", "aetiology": "etiology", "encyclopaedia": "encyclopedia",
    "orthopaedic": "orthopedic", "gynaecology": "gynecology", "diarrhoea": "diarrhea",
    "tumour": "tumor", "tumours": "tumors", "modelled": "modeled", "modelling": "modeling",
    "labelled": "labeled", "labelling": "labeling", "travelled": "traveled",
    "cancelled": "canceled", "signalling": "signaling", "fuelled": "fueled",
    "practise": "practice", "practised": "practiced", "practises": "practices",
    "practising": "practicing",
}


@lru_cache(maxsize=100_000)
def american(word: str) -> str:
    """``word`` (folded, lower case) in American spelling where it is a British one."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word in _WORDS:
        return _WORDS[word]
    m = _ISE_RE.match(word)
    if m and m.group(1) not in _ISE_KEEP and m.group(1)[-1] not in "aeiouw":
        return f"{m.group(1)}iz{m.group(2)}"
    m = _LYSE_RE.match(word)
    if m:
        return f"{m.group(1)}yz{m.group(2)}"
    m = _OUR_RE.match(word)
    if m:
        return f"{m.group(1)}r{word[m.end():]}"
    m = _TRE_RE.match(word)
    if m:
        return m.group(1) + _TRE_ENDS[m.group(2)]
    m = _OGUE_RE.match(word)
    if m:
        return m.group(1) + (m.group(2) or "")
    return word
