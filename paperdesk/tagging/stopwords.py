"""Stop words for candidate keyphrases: English, plus French, German, Spanish, Portuguese.

The English list is scikit-learn's ``ENGLISH_STOP_WORDS`` (BSD-3-Clause; the list KeyBERT
uses with ``stop_words="english"``), copied so that tagging does not import scikit-learn,
less a few topic nouns, plus filler words, the inflections of verbs that abstracts use
between noun phrases, and vague praise. The other languages' lists are Whoosh's (BSD),
used for a text only when it is in that language (:func:`stop_words_for`): "war" and "era"
are German and Spanish stop words but English nouns.
"""

from __future__ import annotations

import re
from functools import cache

_SKLEARN = """
    a about above across after afterwards again against all almost alone along already
    also although always am among amongst amoungst amount an and another any anyhow
    anyone anything anyway anywhere are around as at back be became because become
    becomes becoming been before beforehand behind being below beside besides between
    beyond bill both bottom but by call can cannot cant co con could couldnt cry de
    describe detail do done down due during each eg eight either eleven else elsewhere
    empty enough etc even ever every everyone everything everywhere except few fifteen
    fifty fill find fire first five for former formerly forty found four from front full
    further get give go had has hasnt have he hence her here hereafter hereby herein
    hereupon hers herself him himself his how however hundred i ie if in inc indeed
    interest into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mill mine more moreover most mostly move much must my myself
    name namely neither never nevertheless next nine no nobody none noone nor not
    nothing now nowhere of off often on once one only onto or other others otherwise our
    ours ourselves out over own part per perhaps please put rather re same see seem
    seemed seeming seems serious several she should show side since sincere six sixty so
    some somehow someone something sometime sometimes somewhere still such system take
    ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three
    through throughout thru thus to together too top toward towards twelve twenty two un
    under until up upon us very via was we well were what whatever when whence whenever
    where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your
    yours yourself yourselves
"""

_EXTRA = """
    e.g i.e et al etc vs via cf also using based use used propose proposed paper show shows
    learns trains learned trained contribute contributes concerning pertaining versus
    despite unlike just having does did doing following
    instead quite earlier forth away near today nowadays plus w.r.t a.k.a far
    furthermore additionally moreover specifically notably importantly finally overall
    situ vivo vitro silico priori posteriori initio
"""

# verbs that abstracts use between noun phrases; as stop words they end a candidate
_VERBS = """
    achieves addresses aims allows applies appears becomes captures combines compares
    consists contains demonstrates depends describes enables enhances evaluates examines
    exhibits explores exploits extends focuses generates helps highlights identifies
    improves includes incorporates indicates integrates introduces investigates involves
    lacks leads leverages makes needs obtains offers outperforms performs predicts presents
    produces proposes provides reduces relies remains requires reveals seeks serves shows
    suffers suggests supports surpasses takes tends uses utilizes yields
    excels operates strives fosters corroborates computes pre-computes learns encodes
    infers exceeds mitigates alleviates oxidises oxidizes isolates encapsulates referring
    referred called
    including utilizing leveraging achieving allowing enabling resulting leading making
    compared according regarding given towards toward
"""

# praise and vague adjectives: "novel approach", "various tasks" are never good tags
_VAGUE = """
    novel various several existing recent better best effective significant different new
    current specific multiple diverse extensive comprehensive superior remarkable promising
    challenging powerful simple impressive strong competitive notable previous prior
    important interesting useful crucial key particular certain main numerous
    efficient fundamental excellent successful difficult
    great possible appropriate relevant entire increased future increasing growing
"""

# words in scikit-learn's list that name research topics ("dialogue system", "thin films")
_TOPICS = {"system", "interest", "fire", "bill", "thin", "thick"}

STOP_WORDS: frozenset[str] = (
    frozenset(_SKLEARN.split()) - _TOPICS
    | frozenset(_EXTRA.split())
    | frozenset(_VERBS.split())
    | frozenset(_VAGUE.split())
)


# base forms of verbs that link noun phrases in abstracts; every inflection is a stop word
_VERB_STEMS = """
    achieve address aim allow apply appear become capture combine compare conduct consist
    contain demonstrate depend describe employ enable enhance establish evaluate examine
    exhibit explain explore exploit extend facilitate focus generate help highlight
    identify illustrate improve include incorporate indicate integrate introduce investigate
    involve lack lead leverage make need obtain observe offer outperform perform present
    produce propose provide reduce rely remain report require reveal seek serve show suffer
    suggest support surpass take tend use utilize yield boost tackle consider discuss argue
    claim motivate assess analyze analyse study explore enhance release adopt design
    achieve benefit build construct create develop treat solve aim
    intend bring concentrate propagate enumerate
    discover detect extract estimate handle find optimize optimise visualize visualise
    predict measure deal exist belong correspond contribute occur differ seem attract pay
    vary lie give retain reach continue govern dominate undergo behave emerge grow agree
    play interact converge diverge enter add utilise initialise initialize know protect
"""
# "study", "design", "benefit" are nouns too: only their verb inflections are stop words
_NOUN_TOO = {"study", "design", "benefit", "release", "report", "need", "lack", "support",
             "focus", "aim", "help", "use", "lead", "offer", "yield", "claim", "boost",
             "build", "analyse", "create", "develop", "treat", "extract",
             "estimate", "handle", "measure", "find", "pay", "play"}


def _inflections(verb: str) -> set[str]:
    base = verb[:-1] if verb.endswith("e") else verb
    ies = verb[:-1] + "ies" if verb.endswith("y") and verb[-2] not in "aeiou" else None
    ied = verb[:-1] + "ied" if ies else None
    forms = {f"{verb}s" if not ies else ies, f"{base}ed" if not ied else ied, f"{base}ing",
             f"{verb}es"}
    if verb not in _NOUN_TOO:
        forms.add(verb)
    if verb in _NOUN_TOO:  # "studies", "designs" are plural nouns as often as verbs
        forms -= {f"{verb}s", ies or ""}
    return forms


# verbs whose base form is no noun but whose "-ing" form may head one ("cloud computing",
# "data mining"): only the base form breaks a phrase ("content create", "compute equilibria")
_BASE_VERBS = frozenset("""
    compute maintain predict determine ensure affect arise verify validate simulate
    quantify calculate derive infer detect retrieve exceed possess acquire attain
    accomplish create develop translate teach invite learn encode represent
    isolate encapsulate oxidise oxidize
""".split())

# simple pasts that are no participles: "translation technology began", "took courses"
_IRREGULAR_PASTS = frozenset("""
    began became took gave went came grew knew ran saw wrote chose drew fell rose paid
""".split())

VERB_FORMS: frozenset[str] = frozenset(
    f for v in _VERB_STEMS.split() for f in _inflections(v)
) - {"leading", "training", "learning", "understanding", "modeling", "modelling"} | _BASE_VERBS | (
    _IRREGULAR_PASTS)

# adjective endings: a phrase never ends in one ("language identification neural")
_ADJECTIVE_RE = re.compile(r"\w{2,}(?:ive|ous|ful|less|able|ible|ical|ial|ual|al|ic|ary|ian)")
#: nouns with those endings, which may end a phrase
ADJECTIVE_LIKE_NOUNS = frozenset("""
    retrieval signal proposal trial journal interval terminal material potential removal
    tutorial manual individual referral arrival survival appraisal disposal reversal rival
    portal animal hospital capital criminal chemical mineral denial withdrawal festival
    principal rehearsal approval dismissal arsenal canal crystal metal total rational
    topic logic music metric rhetoric arithmetic clinic critic epidemic heuristic mechanic
    panic traffic fabric republic public characteristic diagnostic mosaic statistic magic
    tactic arabic
    objective perspective alternative initiative narrative directive derivative adjective
    executive representative incentive motive detective native archive relative positive
    negative primitive
    table variable cable vegetable timetable
    dictionary vocabulary summary library glossary boundary anniversary commentary
    secretary salary diary corollary documentary military itinerary adversary
    guardian median civilian librarian bayesian hessian gaussian jacobian laplacian
    handful
""".split())


#: past participles without "-ed": a phrase never ends in one ("well-known", "shown")
IRREGULAR_PARTICIPLES = frozenset("""
    shown known seen taken given done made found written drawn grown proven chosen driven
    thrown broken spoken hidden forgotten undertaken overlooked understood taught brought
    sought bought caught fought held kept told sent spent built begun
""".split())


#: short adjectives no suffix gives away
_PLAIN_ADJECTIVES = frozenset("""
    large small big high low deep shallow long short good bad open real early late full
    wide narrow fine hard soft fast slow rich poor main key major minor same other whole
    free new old clean noisy sparse dense robust able aware due latent multi overall
    little similar popular regular familiar common linear nonlinear peculiar thin thick
""".split())


#: last parts of hyphenated modifiers: "corpus-based", "word-level", "part-of-speech"
_MODIFIER_ENDS = frozenset("""
    based level driven aware specific like oriented dependent independent scale wise
    grained agnostic free speech related style sized rich resource
    end shot world art time term shelf source task domain lingual modal quality purpose
    hop turn label class view head step stage order box language consuming preserving
""".split())


#: hyphenated modifiers that say nothing of a topic: "end-to-end training" and "large-scale
#: datasets" are no tags (where "few-shot learning" and "multi-task learning" are)
VAGUE_MODIFIERS = frozenset("""
    end-to-end state-of-the-art real-world large-scale small-scale high-quality low-quality
    fine-grained coarse-grained long-term short-term open-source off-the-shelf well-known
    so-called high-level low-level task-specific domain-specific general-purpose
    top-level large-sized well-established time-consuming
""".split())


# French: adverbs ("essentiellement"), present participles ("opérant"), past participles
# ("développée"), adjectives ("coûteuse"), infinitives ("sélectionner") and verbs in the
# third person plural ("améliorent") never head a noun phrase, whose head comes first
_FR_ADVERB_RE = re.compile(r"\w+(?:llement|quement|vement|ément|amment|emment|èrement|"
                           r"blement|alement|ntement|rement|sement|mement)")
_FR_NOT_HEAD_RE = re.compile(r"\w{3,}(?:ant|ants|ées?|és|euses?|eux|ives?|elles?|aux|ales?|"
                             r"ables?|ibles?|ent|er|ir)")
_FR_HEAD_NOUNS = frozenset("""
    composant composants participant participants enfant étudiant étudiants restaurant
    données entrée entrées année années idée idées durée portée pensée musée journée
    agent agents client clients patient patients incident président parent accent talent
    réseau réseaux travaux journaux canaux niveaux corpus
    objective archive initiative directive perspective
    modèle modèles échelle parcelle variable variables table tables cible cibles
    parser tagger encoder décodeur encodeur transformer cluster filter
    plaisir désir avenir loisir
    mer hiver fer enfer
    énoncé énoncés résumé résumés degré degrés clé clés marché marchés comité comités
    côté côtés traité traités santé beauté clarté
""".split())
# verb forms that no noun phrase holds: first person plural ("intéressons", "analysons";
# not "comparaisons", "relations"), conditional and imperfect ("permettrait",
# "proposaient"; not "extrait", "portrait"), infinitives in -re ("reconnaître",
# "apprendre", "traduire"; not "lettre")
_FR_VERB_FORM_RE = re.compile(r"\w{3,}(?:[^i]ons|aient|rait|ssent)|\w+(?:aître|endre|ondre|"
                              r"uire|ettre|crire|oudre)")
_FR_NOT_VERBS = frozenset("comparaisons raisons saisons liaisons combinaisons lettre extrait "
                          "portrait retrait attrait trait".split())
# a noun in -é is one in -ité or -iété ("entité", "société"); other words in -é are past
# participles ("constitué", "adapté"), which follow their noun
_FR_PARTICIPLE_RE = re.compile(r"\w{2,}[^t]és?|\w{2,}[^i]tés?")
_FR_NOUN_IN_TE_RE = re.compile(r"\w+(?:ité|iété)s?")
# adjectives (and numbers) that may follow a noun but never head a phrase
_FR_ADJECTIVES = frozenset("""
    utile utiles difficile difficiles similaire similaires important importante importants
    importantes efficace efficaces complexe complexes hybride hybrides profond profonde
    profonds profondes entier entière entiers entières précédent précédente précédents
    précédentes présent présente présents présentes préliminaire préliminaires hétérogène
    hétérogènes homogène homogènes bilingue bilingues littéraire littéraires ouvert ouverte
    ouverts ouvertes actuel actuelle actuels actuelles insuffisant insuffisante insuffisants
    insuffisantes délicat délicate délicats délicates bon bonne bons bonnes aléatoire
    aléatoires conditionnel conditionnels simple simples possible possibles multiple
    multiples quatre cinq six sept huit neuf dix vingt cent mille
""".split())
# verbs in the third person singular that abstracts use ("ce travail s'inscrit ...")
_FR_VERBS_3RD = frozenset("""
    constitue concerne représente exploite appuie situe inscrit apporte identifie fournit
    fonde comporte atteint respecte suffit définit caractérise prévoit sait
    intègre s'appuie illustre nécessite détaille complète améliore facilite souligne
    réunit regroupe contient propose offre-t-il
""".split())
_FR_VERB_END_RE = re.compile(r"\w{3,}(?:[^m]ent|er|ir|ants?)")
# adjectives in -ique head no phrase, but these are nouns too ("sémantique lexicale")
_FR_IQUE_NOUNS = frozenset("""
    linguistique sémantique informatique phonétique logique technique statistique
    pragmatique musique pratique critique rhétorique typologie
""".split())


# words whose plural is their singular ("corpus annotés", "discours rapporté")
_FR_INVARIABLE = frozenset("""corpus discours temps cas choix prix processus index poids
    accès succès mots-clés texte-parole""".split())
# adjectives and participles whose number shows ("assisté", "porteuses", "lexicaux")
_FR_AGREEING_RE = re.compile(r"\w{3,}(?:ée?s?|é|euses?|ives?|elles?|els?|aux|ales?|iques?|"
                             r"aires?|ables?|ibles?)")


def _french_number_clash(noun: str, adjective: str) -> bool:
    """True when an adjective that follows a noun is of another number, so belongs to
    something else ("langues assisté[es par ordinateur]", "[en] ligne porteuses")."""
    if noun in _FR_INVARIABLE or not _FR_AGREEING_RE.fullmatch(adjective):
        return False
    return noun.endswith(("s", "x")) != adjective.endswith(("s", "x"))


def french_noun_phrase(words: list[str]) -> bool:
    """True when lower-cased French ``words`` have a noun phrase's shape: no adverb, the
    first word (the head) a noun, the last no verb form ("recherche opérant", "tâche
    extrêmement coûteuse", "décider" are none)."""
    if any(_FR_ADVERB_RE.fullmatch(w) or (_FR_VERB_FORM_RE.fullmatch(w) and w not in
                                          _FR_NOT_VERBS) or w in _FR_VERBS_3RD for w in words):
        return False
    head, last = words[0], words[-1]
    if head in _FR_ADJECTIVES or (len(words) > 1 and _french_number_clash(head, words[1])):
        return False
    noun = head in _FR_HEAD_NOUNS or _FR_NOUN_IN_TE_RE.fullmatch(head)  # "entités"
    if not noun and (_FR_PARTICIPLE_RE.fullmatch(head) or _FR_NOT_HEAD_RE.fullmatch(head)):
        return False
    if head.endswith(("ique", "iques")) and head not in _FR_IQUE_NOUNS:
        return False
    return not (_FR_VERB_END_RE.fullmatch(last) and last not in _FR_HEAD_NOUNS)


def adjective_like(word: str) -> bool:
    """True for a lower-cased word shaped like an adjective ("neural", "semantic", "large",
    "corpus-based")."""
    if "-" in word:
        return word.rsplit("-", 1)[1] in _MODIFIER_ENDS
    return word in _PLAIN_ADJECTIVES or (
        bool(_ADJECTIVE_RE.fullmatch(word)) and word not in ADJECTIVE_LIKE_NOUNS)


#: English names of languages and peoples, capitalised wherever they stand, even in a
#: name written in capitals ("Modern Standard Arabic" shows as "modern standard Arabic")
NATIONALITIES = frozenset("""
    english french german spanish portuguese italian dutch russian chinese japanese
    korean arabic hindi urdu bengali persian farsi turkish greek latin hebrew swedish
    norwegian danish finnish polish czech hungarian romanian bulgarian croatian serbian
    slovene slovenian slovak ukrainian vietnamese thai indonesian malay swahili tamil
    telugu marathi gujarati punjabi nepali sinhala basque catalan galician irish welsh
    estonian latvian lithuanian icelandic amharic yoruba hausa igbo zulu xhosa mandarin
    cantonese tagalog filipino mongolian tibetan uyghur kazakh uzbek pashto kurdish
    armenian georgian albanian maltese quechua european american african asian indian
    slavic germanic semitic dravidian bantu austronesian british canadian australian
""".split())

# relational adjectives, made from a noun, classify what they qualify: "magnetic field",
# "genetic algorithm", "isogeometric analysis", "irreducible representation" name topics
# even though their nouns alone are generic
_RELATIONAL_RE = re.compile(r"\w{3,}(?:ic|ical|al|ary|ar|ian|ible)")
#: adjectives of those shapes that only judge or place ("typical analysis", "optimal
#: method", "neural models", "natural language"): no topic with a generic noun
VAGUE_ADJECTIVES = frozenset("""
    general special typical practical potential additional original actual critical
    essential crucial traditional conventional final initial optimal minimal maximal
    total usual normal various basic specific generic empirical experimental theoretical
    similar particular primary principal preliminary necessary ordinary popular regular
    several fundamental substantial automatic manual annual technical classical logical
    historical physical ideal formal informal natural neural statistical computational
    individual global local internal external visual real artificial universal radical
    vertical horizontal central possible feasible flexible accessible available sensible
    responsible visible eligible
""".split())

#: generic nouns that no adjective makes a topic of ("linguistic knowledge", "medical
#: domain", "semantic information"), or that mostly modify another noun ("contextual word
#: embeddings")
UNCLASSIFIED_HEADS = frozenset("""
    research knowledge information domain domains data features resources resource work
    study studies word words sentence sentences token tokens results performance quality
    platform platforms
""".split())


def relational_adjective(word: str) -> bool:
    """True for a lower-cased adjective that classifies its noun ("magnetic", "genetic",
    "evolutionary", "irreducible"), not one that only judges it (see
    :data:`VAGUE_ADJECTIVES`)."""
    return (bool(_RELATIONAL_RE.fullmatch(word)) and word not in VAGUE_ADJECTIVES
            and word not in ADJECTIVE_LIKE_NOUNS)


# what Whoosh's (Snowball's) lists leave out: articles, frequent verbs of abstracts
_MORE = {
    "fr": """les une des nous cette ces cet ceux celle celles celui ceci cela elles ils leur
             leurs eux soi même mêmes autre autres aucun aucune chaque plusieurs quelques
             quelque certains certaines certain certaine tel telle tels telles tout tous
             toute toutes très plus moins peu beaucoup trop assez aussi ainsi alors donc
             puis ensuite enfin déjà encore toujours jamais souvent parfois ici là où quand
             comment pourquoi quoi comme ni mais car or dont lequel laquelle lesquels lesquelles
             auquel duquel sans sous sur dans entre vers chez pendant depuis avant après
             avec contre selon malgré parmi hors grâce afin lors via non oui pas point
             seulement seul seule seuls seules notamment également particulièrement
             respectivement directement cependant toutefois néanmoins pourtant ailleurs
             outre dès jusqu jusque voire soit deux trois être été étant était étaient sera
             seront serait avoir avait avaient aura fait faire font faisant peut peuvent
             pouvoir pourrait permet permettent permettant permettre présente présentons
             présenté présentée présentés présentent propose proposons proposé proposée
             proposées proposés proposent décrit décrivons décrire décrite décrits montre
             montrons montré montrent montrer utilise utilisons utilisé utilisée utilisés
             utilisées utiliser utilisant étudie étudions étudié vise visons visant visé
             consiste consistant repose reposant obtenu obtenus obtenue obtenues obtenir
             réalisé réalisée réalisés réalisées réaliser intéressent intéresse concernant
             comparant comparé comparons évalue évaluons évalué évaluée donne donnent donné
             devons doit doivent nécessite nécessaire mis mise mettre agit traite traitons
             traité abordons aborde basée basé basés basées fondé fondée appelé appelée dit
             dite considère considérons semble existe existent effectué effectuée analyser
             étudier article travail travaux approche méthode méthodes résultats résultat
             système systèmes étude études cadre forme formes vue type types ensemble partie
             cas but objectif problème question nombre façon manière données quel quelle
             quels quelles lorsque lorsqu puisque tandis grand grande grands grandes
             nouveau nouvelle nouveaux nouvelles premier première premiers premières
             est-à-dire c'est-à-dire a-t-il y-a-t-il au-delà peut-être vis-à-vis celui-ci
             celle-ci ceux-ci
             là-dessus au-dessus au-dessous ci-dessus ci-dessous non-supervisée années
             dernier dernière derniers dernières différents différentes divers diverses
             certaines nombreux
             nombreuses meilleur meilleure meilleurs principal principale principaux
             surtout parce tant bien mieux plutôt quant environ fois désormais aujourd'hui
             aujourd’hui uns unes quelques-uns quelques-unes peut-on ailleurs compte""",
    "es": """los las una unos unas para por con sin sobre entre este esta estos estas ese esa
             proponemos presentamos mostramos describimos utilizamos permite trabajo
             artículo método enfoque resultados además asimismo mediante través así cada
             dicho dicha dichos dichas según sino respecto partir acerca embargo sólo solo
             aquí toda todas muchas pocos cuales cuyo cuya dentro hacia puede pueden
             presente estudio objetivo objetivos métodos conclusión conclusiones
             introducción tres cuatro cinco seis siete ocho nueve diez dos ambos ambas
             contra ser sido siendo estar haber habido tener algunos algunas alguna
             cabo torno segundo segunda antes bastante justo""",
    "pt": """os as uma umas uns para por com sem sobre entre este esta estes estas esse essa
             propomos apresentamos mostramos descrevemos utilizamos permite trabalho
             artigo método abordagem resultados além através assim cada quanto apenas
             ainda bem mediante dessa desse deste desta nesse nessa neste nesta destes
             destas nestes nestas todo todos toda todas onde porém contudo entanto embora
             enquanto durante dentre perante sobre muitos muitas pouco pode podem presente
             estudo objetivo objetivos métodos conclusão conclusões introdução dois duas
             três quatro cinco seis sete oito nove dez ambos ambas contra sobretudo ser
             sido sendo estar ter tido quais tais nesses nessas desses dessas alguns
             algumas algum alguma então bastante longo devido antes conforme trás
             segundo segunda sob""",
    "de": """wir werden wurde wurden sowie durch zwischen dieser diese dieses einer eines
             einem schlagen stellen zeigen beschreiben ermöglicht arbeit ansatz methode
             ergebnisse somit dabei meist zuerst innerhalb außerhalb weitere weiteren
             weiterer bereits insbesondere hierbei hierzu daher deshalb zudem außerdem
             anhand mittels bisher wobei ebenfalls jeweils zunächst schließlich bzw dass
             sowohl jedoch sodass dadurch darüber hinaus häufig oft stets zumeist
             vorliegenden vorliegende neue neuen neuer neues verschiedene verschiedenen
             unterschiedliche unterschiedlichen gibt geben steht stehen entsteht entstehen
             erfolgt erfolgen bietet bieten genutzt zeigt untersucht vergleicht beschreibt
             präsentiert entwickelt nutzt verwendet liefert erreicht ergibt ergeben lässt
             beitrag beitrags hinsicht ebene deren dessen denen""",
}


def _whoosh_list(lang: str) -> frozenset[str]:
    from whoosh.lang.stopwords import stoplists

    return frozenset(stoplists[lang]) | frozenset(_MORE[lang].split())


#: Languages whose abstracts get their own stop words beside the English ones.
LANGUAGES = ("fr", "de", "es", "pt")


@cache
def _language_lists() -> dict[str, frozenset[str]]:
    return {lang: _whoosh_list(lang) for lang in LANGUAGES}


@cache
def _languages_of_stop_words() -> dict[str, tuple[str, ...]]:
    """Each stop word of any language here -> the languages it is a stop word of."""
    lists = {"en": STOP_WORDS, **_language_lists()}
    return {w: tuple(lang for lang, stops in lists.items() if w in stops)
            for w in frozenset().union(*lists.values())}


#: Fewer words than this (a title alone) tell a language by a smaller margin.
SHORT_TEXT = 12


def guess_language(words: list[str]) -> str:
    """"en", "fr", "de", "es" or "pt": the language whose stop words are most of ``words``."""
    languages = _languages_of_stop_words()
    counts = dict.fromkeys(("en", *LANGUAGES), 0)
    for word in words:
        for lang in languages.get(word.lower(), ()):
            counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    # a few French words in an English abstract ("en", "de") do not make it French; a
    # title alone has few words to tell by ("Les rites de passage", "Der Tragödie zweiter
    # Teil": "les rites" and "der tragödie" were keyphrases)
    margin = 1.2 * counts["en"] + (1 if len(words) >= SHORT_TEXT else 0)
    return best if counts[best] > margin else "en"


@cache
def all_stop_words() -> frozenset[str]:
    """The stop words of every language here, English included."""
    return STOP_WORDS.union(*_language_lists().values())


def own_stop_words(language: str) -> frozenset[str]:
    """The stop words of one language other than English, without the English ones."""
    return _language_lists().get(language, frozenset())


def stop_words_for(language: str) -> frozenset[str]:
    """English stop words, plus those of ``language`` when it is not English."""
    if language == "en":
        return STOP_WORDS
    return _with(language)


@cache
def _with(language: str) -> frozenset[str]:
    return STOP_WORDS | _language_lists()[language]


#: Words that name no topic on their own ("approach", "results"): never a one-word phrase.
GENERIC = frozenset("""
    approach approaches method methods result results task tasks performance work works
    paper papers model models system systems framework frameworks analysis data dataset
    datasets technique techniques problem problems study studies experiment experiments
    way ways set sets number numbers time times case cases effect effects effectiveness
    state art baseline baselines quality improvement improvements accuracy issue issues
    type types level levels information approach process processes setting settings
    feature features application applications research researchers field aspect aspects
    article articles evaluation evaluations method technique tool tools resource resources
    domain domains input inputs output outputs order terms term value values goal goals
    challenge challenges algorithm algorithms scenario scenarios example examples
    knowledge language languages text texts corpus corpora benchmark benchmarks
    solution solutions strategy strategies architecture component components module modules
    version versions respect context contexts capability capabilities ability abilities
    behavior behaviour insight insights finding findings limitation limitations study
    experimental empirical human humans user users people person sample samples size
    lot lots kind kinds form forms part parts fact facts range point points
    learning training token tokens agent agents behaviors behaviours
    advancements advances progress capacity learn train optimization generation
    extraction classification detection prediction representation representations
    state-of-the-art art-of-the state art-level word words sentence sentences look looks
    utilisation contexte contextes sens modèle domaine texte langue terme termes mesure
    mesures réponse réponses phénomène phénomènes traitement traitements exemple exemples
    effet critère critères approches information informations contribution contributions
    objet objets proposition propositions objectif objectifs reste accès tâche tâches
    niveau niveaux moyen moyens fonction fonctions sujet sujets équipe aide aides attente
    attentes usage usages ligne lignes projet projets enjeu enjeux contenu contenus succès
    mécanisme problèmes difficulté difficultés défaut perspectives paire paires outil
    caractérisation comparaison construction domaines textes modèles langues demandes
    possibilité possibilités priori analyse analyses formalisme formalismes énoncé énoncés
    langage langages propriété propriétés spécificité spécificités logiciel logiciels
    overview démonstration demonstration repérage
    atividade actividad desempenho desempeño desenvolvimento desarrollo concepções
    concepciones características condições condiciones questões cuestiones casos caso
    artigos artículos projeto proyecto aplicação aplicación solução solución tratamento
    tratamiento instrumento instrumentos serviços servicios comunidade comunidad atenção
    atención comunicação comunicación contenido conteúdo contexto construcción construção
    opciones opções fenómenos fenômenos fundamento dominio domínio identificação
    identificación funcionamento funcionamiento exemplo ejemplo ferramenta herramienta
    publicação publicación crescimento crecimiento conhecimento conocimiento
    consequências consecuencias relaciones relações estratégia estrategia análise
    análisis uso usos forma formas tipo tipos parte partes nível nivel niveles níveis
    pesquisa investigación estudo estudio processo proceso modelo modelos sistema
    sistemas dados datos problemas problema área áreas campo relação relación papel
    necessidade necesidad importancia importância
    bedeutung nutzung anleitung kontrast ausgangspunkt einsatz untersuchung studie
    ergebnisse beispiel rahmen frage fragen aspekte entwicklung möglichkeiten
    zusammenhang rolle grundlage
    introduction introductions principles foundations fundamentals essentials basics
    elements handbook manual guide primer textbook cookbook preface edition chapter chapters
    note parameter parameters
""".split())


#: Heads that make a phrase a filler, not a topic: "translation tasks", "annotated data",
#: "parsing algorithm" group nothing a researcher would file papers under.
FILLER_HEADS = frozenset("""
    task data tool output performance property item phenomenon phenomena description
    technology technologies application environment workflow approach method technique
    result dataset annotation framework setting capability capabilities process issue
    problem solution strategy strategies scenario purpose aspect algorithm level type year
    user end-user researcher practitioner way benefit advantage challenge need effort
    question answer step part pair work study community area field line direction
    année résultat méthode approche outil tâche données context contexte information
    track entries entry scale
""".split())
#: French heads come first: "contexte bilingue", "informations lexicales"
FRENCH_FILLER_FIRST = frozenset("""contexte contextes information informations données
    méthode méthodes approche outil outils tâche tâches résultat résultats phénomènes
    phénomène""".split())
#: Heads that make a filler after a task's name: "translation system", "parsing model",
#: "MT engines" (where "dialogue systems" and "topic models" name topics)
TASK_HEADS = frozenset("system model engine software toolkit".split())
TASK_WORDS = frozenset("""
    translation mt smt nmt parsing parser tagging tagger recognition asr phrase-based
    summarization generation extraction classification detection retrieval ir nlp
    alignment segmentation ner ebmt rbmt qa pos tts nlu nlg srl wsd
""".split())
#: First words that make a filler ("target language", "unstructured text"), and names
#: that group nothing in a library of research papers ("English")
FILLER_FIRST = frozenset("target source unstructured input output raw".split())
FILLER_NAMES = frozenset(["english", "anglais", *(n.strip() for n in """natural language
    processing|language processing|computational linguistics|machine learning|deep learning
    |neural networks|neural network|artificial intelligence|supervised learning
    |traitement automatique des langues|langage naturel|langue naturelle|langues naturelles
    |apprentissage automatique|written text|f-mesure|f-measure|embedding model
    |langue source|langue cible|langues sources|langues cibles|source language|target language
    """.replace("\n    ", " ").split("|"))])
#: Words of a phrase about a tag rather than a tag ("models like BERT", "does BERT")
FILLER_WORDS = frozenset("like does using via".split())
#: Names of methods, material and talk about research that any paper may mention: no
#: researcher files papers under them ("data collection", "error analysis", "human
#: judgments", "modèles statistiques"). Read from the hand ratings in benchmarks/ratings/.
GENERIC_TAGS = frozenset(n.strip() for n in """data collection|error analysis|detailed analysis
    |human judgment|human judgement|automatic metric|automatic evaluation metric
    |lexical unit|unité lexicale
    |embedding model|test set|international workshop|translation quality|translated text
    |translation system|semantic content|linguistic perspective|related languages
    |rapid development|open source|open-source|end-to-end model|embedding space|sentence pair
    |written text|speech data|multilingual content|English sentence|English translation
    |relevant document|text segment|text document|automatic identification
    |automatic recognition|structure analysis|semantic space|search space
    |background knowledge|MT research|NLP research|downstream NLP|state-of-the-art NLP
    |supervised model|neural architecture|language online|online language
    |similarity measure|latent variable|model adaptation|translation example
    |language services AG|ASR track|TED ASR track|PARS|human translation
    |translation service|translation platform|translation task|native speaker
    |second language|unsupervised learning|supervised learning|transfer learning
    |machine learning|pre-training|monolingual embedding|vector representation
    |evaluation campaign|translation evaluation campaign|statistical machine
    |phrase-based statistical machine|answering system|multi-task model
    |modèles statistiques|analyse statistique|analyse linguistique
    |connaissances sémantiques|connaissances linguistiques|ressources linguistiques
    |ressources existantes|ressources sémantiques|ressources lexicales|relations sémantiques
    |plate-forme|tient compte|rend difficile|domaine ouvert|textes écrits
    |corpus multilingue|corpus français|locuteurs natifs|représentation vectorielle
    |application mobile|base lexicale|classes sémantiques|domaine médical
    |analyse acoustique|articles scientifiques|textes scientifiques|accord inter-annotateurs
    |neurones profonds|neurones récurrents|apprentissage supervisé|classification supervisée
    |transcriptions automatiques|corpus spécialisé|dictionnaires électroniques
    |ressources terminologiques|annotation linguistique|représentation sémantique
    |expériences menées|modèles entraînés|segments textuels|prototype system
    |performance metric|large collection|accurate translation|automated metric
    """.replace("\n", " ").split("|"))
#: French names "<head> automatique" whose head names no topic alone ("détection
#: automatique", "extraction automatique"; not "traduction automatique", "résumé automatique")
FRENCH_GENERIC_AUTOMATIC = frozenset("""détection analyse extraction identification
    construction acquisition reconnaissance classification génération segmentation
    compréhension indexation""".split())
