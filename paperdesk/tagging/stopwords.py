"""English stop words for candidate keyphrases.

The list is scikit-learn's ``ENGLISH_STOP_WORDS`` (BSD-3-Clause; the list KeyBERT uses with
``stop_words="english"``), copied so that tagging does not import scikit-learn, less a few
topic nouns, plus filler words and common verbs of abstracts.
"""

from __future__ import annotations

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
    including utilizing leveraging achieving allowing enabling resulting leading making
    compared according regarding given towards toward
"""

# praise and vague adjectives: "novel approach", "various tasks" are never good tags
_VAGUE = """
    novel various several existing recent better best effective significant different new
    current specific multiple diverse extensive comprehensive superior remarkable promising
    challenging powerful simple impressive strong competitive notable previous prior
"""

# nouns in scikit-learn's list that name research topics ("dialogue system")
_TOPICS = {"system", "interest", "fire", "bill"}

STOP_WORDS: frozenset[str] = (
    frozenset(_SKLEARN.split()) - _TOPICS
    | frozenset(_EXTRA.split())
    | frozenset(_VERBS.split())
    | frozenset(_VAGUE.split())
)
