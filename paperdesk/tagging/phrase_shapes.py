"""Noun-phrase shapes of German, Spanish and Portuguese candidates (rules, no model).

German writes every noun with a capital, so a German phrase ends in a capitalised word
(a noun, a name or an acronym) and its other words are nouns too or inflected adjectives
("kreative Wortbildungen", "Verortung konzeptioneller Nähe"); a phrase ending in a
lower-case word ends in a verb, an adverb or a preposition ("Ebene gibt", "entsteht
meist", "Songtexten genutzt").

Spanish and Portuguese put the head noun first, as French does ("análisis sintáctico",
"aprendizaje profundo", "processamento de linguagem natural"): no word of the phrase is
an adverb in -mente, a gerund ("utilizando"), an infinitive or a finite verb form of the
kinds abstracts use ("proponemos", "presentaron", "permite"); the head is no participle
or adjective ("basado", "nuevo", "diferentes"), and the last word no participle unless
the two make a term ("dados obtidos" is none, "aprendizaje supervisado" is one). A word
alone is no phrase when every time it follows another word of its run ("salud pública",
"tiempo real"): it is an adjective.
"""

from __future__ import annotations

import re

# attributive adjectives are inflected: "kreative", "automatisiertes", "konzeptioneller"
_DE_ADJECTIVE_RE = re.compile(r"\w{2,}(?:e|en|er|es|em)")
# ... but infinitives and plural verbs in -ieren are verbs ("analysieren Texte")
_DE_VERB_RE = re.compile(r"\w{3,}ieren")


def german_noun_phrase(words: tuple[str, ...]) -> bool:
    """True when German ``words``, as written, have a noun phrase's shape: the last word
    capitalised, every other one capitalised or an inflected adjective."""
    if not words[-1][:1].isupper():
        return False
    return all(w[:1].isupper() or (_DE_ADJECTIVE_RE.fullmatch(w) is not None
                                   and not _DE_VERB_RE.fullmatch(w)) for w in words[:-1])


_IB_ADVERB_RE = re.compile(r"\w{3,}mente")
# gerunds, past, imperfect, future and conditional forms: verbs, never in a noun phrase
_IB_VERB_RE = re.compile(
    r"\w{2,}(?:ando|endo|indo|ándo\w+|éndo\w+|aron|eron|iram|aram|eram|aban|avam|ían|iam|"
    r"ará|erá|irá|arán|erán|irán|aría|iría|arían|irían|ariam|eriam|iriam|[^u]ou|[cdvr]eu|"
    r"iu|ó|[aei]rse)")
# first person plural ("proponemos", "describimos"); words with an accent are nouns or
# adjectives ("mínimos", "préstamos"), as are "extremos" and "supremos"
_IB_WE_RE = re.compile(r"\w{2,}(?:amos|emos|imos|omos)")
_ACCENT_RE = re.compile(r"[áéíóúâêôãõ]")
_IB_NOT_WE = frozenset("extremos supremos ramos".split())
# a verb with a clitic pronoun: "simulou-se", "fazendo-a", "constituem-se"
_IB_CLITIC_RE = re.compile(r"\w{2,}-(?:se|a|o|as|os|lhe|lhes|nos|la|lo|las|los|le|les|me|te)")
# third person plural: Portuguese "-am" and "-em" ("manifestam", "aprendem"; nouns in
# -agem and a few others stay), Spanish "-an" and "-en" ("retratan", "aprenden"; not
# "imagen", "resumen", "plan", nor English "bayesian", "token")
_PT_PLURAL_RE = re.compile(r"\w{3,}(?:am|em)")
_ES_PLURAL_RE = re.compile(r"\w{3,}(?:[^ie]an|[^ek]en)")
_NOUNS_IN_M_N = frozenset("""
    origem ordem desordem homem margem nuvem jovem item vertigem fuligem armazém imagen
    origen examen volumen resumen régimen orden desorden margen virgen crimen dictamen
    abdomen certamen joven polen germen espécimen plan tucán almacén andén edén
    islam spam totem golden
""".split())
# infinitives (never accented before their ending); the nouns in -ar, -er, -ir that
# abstracts use stay, as do adjectives in -ular ("biología molecular")
_IB_INFINITIVE_RE = re.compile(r"\w{2,}(?:ar|er|ir|ír)")
_IB_NOUNS_IN_R = frozenset("""
    lugar hogar mujer mulher poder deber placer prazer colher militar cluster parser
    tagger encoder decoder transformer computer paper poster radar laser mar olhar saber
    escolar familiar nuclear lunar solar polar vulgar titular auxiliar líder
""".split())
# third person and first person plural forms that abstracts use between noun phrases
_IB_VERBS = frozenset("""
    permite permiten permitem presenta presentan apresenta apresentam propone proponen
    propõe propõem muestra muestran mostra mostram describe describen descreve descrevem
    utiliza utilizan usa usam emplea emplean analiza analizan analisa analisam evalúa
    evalúan avalia avaliam obtiene obtienen obtém obtêm consiste consisten requiere
    requieren requer requerem constituye constituyen constitui constituem busca buscan
    buscam aborda abordan abordam investiga investigam estudia estudian estuda estudam
    compara comparan comparam demuestra demuestran demonstra demonstram indica indican
    indicam sugiere sugieren sugere sugerem contribuye contribuyen contribui contribuem
    ofrece ofrecen oferece oferecem logra logran alcanza alcanzan alcança alcançam mejora
    mejoran melhora melhoram aumenta aumentam reduce reducen reduz reduzem existe existen
    existem tiene tienen tem têm hay há pode podem puede pueden debe deben deve devem
    resulta resultan resultam parece parecem sirve sirven serve servem incluye incluyen
    inclui incluem contiene contienen contém contêm realiza realizan realizam aplica
    aplican aplicam considera consideran consideram explora exploran exploram
    identifica identifican identificam caracteriza caracterizan caracterizam propomos
    somos fue fueron foi foram son são está están estão afeta afecta procura retrata
    retratan corresponde corresponden correspondem contrasta plantea plantean cuestiona
    questiona concretiza fundamenta escolhe elige destaca destacan destacam aponta
    apontam señala señalan discute discuten discutem reflete refleja refletem reflejan
    revela revelan revelam evidencia evidencian evidenciam enfoca enfocan focaliza
    favorece favorecen favorecem depende dependen dependem envolve envolvem involucra
    implica implican implicam representa representan representam deu dio
""".split())
# adjectives and participles that follow their noun but never head a phrase ("renal
# substitutiva", "gestacional autorreferido": the head, "terapia" or "diabetes", is left)
_IB_NOT_HEAD_RE = re.compile(r"\w{3,}(?:ado|ada|ados|adas|ido|ida|idos|idas|ivo|iva|ivos|"
                             r"ivas|oso|osa|osos|osas|ico|ica|icos|icas|able|ables|ável|"
                             r"áveis|ible|ibles|ível|íveis|ales|ais|al|il)")
_IB_HEAD_NOUNS = frozenset("""
    estado estados resultado resultados mercado mercados contenido contenidos conteúdo
    conteúdos significado significados sentido sentidos partido partidos período
    periodo periodos períodos apartado vida vidas medida medidas salida salidas saída
    saídas entrada entradas mirada llegada chegada partida jornada década décadas
    temporada cuidado cuidados grado grados dado dados tratado tratados aprendizado
    motivo motivos archivo archivos arquivo arquivos dispositivo
    dispositivos colectivo coletivo incentivo incentivos adjetivo adjetivos sustantivo
    sustantivos substantivo substantivos perspectiva perspectivas iniciativa iniciativas
    narrativa narrativas alternativa alternativas expectativa expectativas público
    pública música músicas política políticas clínica clínicas práctica prácticas
    prática práticas técnica técnicas lógica gramática gramáticas lingüística
    linguística semántica semântica fonética pragmática estadística estatística
    informática matemática matemáticas física química métrica métricas temática
    temáticas dinámica dinâmica característica características crítica críticas época
    ética médico médicos tópico tópicos léxico tráfico gráfico gráficos diagnóstico
    diagnósticos pronóstico variable variables señales sinais canales canais animales
    animais materiales materiais glucosa tejido tejidos sonido sonidos comando
    animal hospital capital canal material final total sinal señal portal festival
    tribunal manual metal personal potencial ideal mineral cristal jornal edital local
    rival arsenal corral journal tutorial perfil brasil abril funil barril
""".split())
# adjectives that abstracts put before a noun ("nuevo enfoque"): never a head
_IB_ADJECTIVES = frozenset("""
    nuevo nueva nuevos nuevas novo nova novos novas diferente diferentes distinto
    distinta distintos distintas principal principales principais mayor mayores maior
    maiores menor menores mejor mejores melhor melhores gran grande grandes pequeño
    pequeña pequeños pequeñas pequeno pequena pequenos pequenas primer primero primera
    primeros primeras primeiro primeira primeiros primeiras último última últimos últimas
    varios varias vários várias mismo misma mismos mismas mesmo mesma mesmos mesmas
    cierto cierta ciertos ciertas certo certa certos certas otro otra otros otras outro
    outra outros outras importante importantes posible posibles possível possíveis
    actual actuales atual atuais alto alta altos altas bajo baja bajos bajas baixo
    baixa baixos baixas buen bueno buena buenos buenas bom boa bons boas
""".split())


# a participle after its noun says what was done to it ("dados obtidos", "estudos
# realizados", "escolas participantes"), unless the two make a term ("aprendizaje
# supervisado", "manejo integrado", "ensayo controlado")
_IB_PARTICIPLE_RE = re.compile(r"\w{3,}(?:ad[oa]s?|[ií]d[oa]s?|[ae]ntes?)")
_IB_TERM_PARTICIPLES = frozenset("""
    supervisado supervisada supervisados supervisadas supervisionado supervisionada
    supervisionados supervisionadas controlado controlada controlados controladas
    aleatorizado aleatorizada aleatorizados randomizado randomizada randomizados
    integrado integrada integrados integradas ponderado ponderada ponderados ponderadas
    generalizado generalizada generalizados asistido asistida assistido assistida
    automatizado automatizada distribuido distribuida distribuidos distribuidas distribuído
    distribuída distribuídos distribuídas estructurado estructurada estructurados
    estruturado estruturada estruturados anotado anotada anotados anotadas etiquetado
    etiquetados rotulado rotulados ajustado ajustada irrigado irrigada mixto cerrado
    cerrada fechado fechada privado privada privados privadas aplicada aplicadas
    agente agentes ambiente ambientes cliente clientes paciente pacientes docente
    docentes estudiante estudiantes estudante estudantes componente componentes gerente
    continente antecedente antecedentes presidente corriente corrientes fuente fuentes
    fonte fontes diente dientes dente dentes gente mente puente parte partes variante
    variantes restaurante solvente nutriente nutrientes contaminante contaminantes
    hablante hablantes falante falantes informante informantes representante
    representantes integrante integrantes tensoativo semiente transparente
""".split())


def leading_adjective(word: str) -> bool:
    """True for a lower-cased Spanish or Portuguese adjective that abstracts put before a
    noun ("nuevo", "primeira"): the noun after it still heads its phrase."""
    return word in _IB_ADJECTIVES


def _iberian_verb(word: str, language: str) -> bool:
    """True for a lower-cased Spanish or Portuguese word shaped like a verb form."""
    if word in _IB_VERBS:
        return True
    if word in _IB_HEAD_NOUNS:
        return False
    if _IB_VERB_RE.fullmatch(word) or _IB_CLITIC_RE.fullmatch(word):
        return True
    if word not in _NOUNS_IN_M_N and not word.endswith("agem") and (
            _PT_PLURAL_RE.fullmatch(word) if language == "pt" else
            _ES_PLURAL_RE.fullmatch(word)):
        return True
    if _IB_WE_RE.fullmatch(word) and not _ACCENT_RE.search(word) and word not in _IB_NOT_WE:
        return True
    return bool(_IB_INFINITIVE_RE.fullmatch(word) and not _ACCENT_RE.search(word[:-2])
                and word not in _IB_NOUNS_IN_R and not word.endswith("ular"))


def iberian_noun_phrase(words: tuple[str, ...], language: str) -> bool:
    """True when lower-cased Spanish ("es") or Portuguese ("pt") ``words`` have a noun
    phrase's shape (head noun first; see the module doc)."""
    if any(_IB_ADVERB_RE.fullmatch(w) or _iberian_verb(w, language) for w in words):
        return False
    head, last = words[0], words[-1]
    if head in _IB_ADJECTIVES:
        return False
    if (len(words) > 1 and _IB_PARTICIPLE_RE.fullmatch(last)
            and last not in _IB_TERM_PARTICIPLES and last not in _IB_HEAD_NOUNS):
        return False
    return head in _IB_HEAD_NOUNS or not _IB_NOT_HEAD_RE.fullmatch(head)
