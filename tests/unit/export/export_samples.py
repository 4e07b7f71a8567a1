"""Hand-made annotated papers and hostile text for the export tests."""

from __future__ import annotations

from paperdesk.records import Author, Highlight, Paper, Tag

NASTY = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    "{\\input{/etc/passwd}} 50% of $x$ & more"
)


def make_annotated() -> list[Paper]:
    """Four papers covering names, types, annotations and hostile text."""
    return [
        Paper(
            id=1,
            title="Attention Is All You Need",
            authors=[Author("Vaswani", "Ashish"), Author("Shazeer", "Noam")],
            year=2017,
            venue="Advances in Neural Information Processing Systems",
            entry_type="inproceedings",
            doi="10.48550/arXiv.1706.03762",
            arxiv_id="1706.03762",
            abstract="The dominant sequence transduction models are based on RNNs.",
            extra={"volume": "30", "pages": "5998--6008", "publisher": "Curran Associates"},
            stars=5,
            read="read",
            tags=[
                Tag("transformers"),
                Tag("attention"),
                Tag("seq2seq", source="auto", score=0.8),
                Tag("rnn", source="auto", score=0.3, rejected=True),
            ],
            note="A **classic**. See section 3.2 for *scaled* dot-product attention.",
            highlights=[
                Highlight(4, 30, "sequence transduction models", "the setting", id=7),
                Highlight(40, 44, "RNNs", ""),
            ],
            added="2024-01-01T00:00:00",
            modified="2024-01-02T00:00:00",
        ),
        Paper(
            id=2,
            title="Über die Grenzen: Ähnlichkeit & Co",
            authors=[
                Author("Müller", "Jürgen", prefix="von"),
                Author("Ñúñez", "José", suffix="Jr."),
            ],
            year=2020,
            venue="Journal of Äpfel",
            entry_type="article",
            key="mueller2020",
            abstract=NASTY,
            note=NASTY,
            highlights=[Highlight(0, 8, "<script>", "{\\input{/etc/passwd}} 50% of $x$ & more")],
            tags=[Tag("a&b <i>"), Tag("x_y")],
            stars=2,
            read="reading",
            extra={"title_braced": '{Ü}ber die {G}renzen: {\\"A}hnlichkeit \\& Co', "month": "mar"},
            added="2024-02-01T00:00:00",
            modified="2024-02-01T00:00:00",
        ),
        Paper(
            id=3,
            title="Attention to detail",
            authors=[Author("Vaswani", "A.")],
            year=2017,
            entry_type="misc",
            url="https://example.org/paper?a=1&b=2",
            added="2024-03-01T00:00:00",
            modified="2024-03-01T00:00:00",
        ),
        Paper(
            id=4,
            title="World report on things",
            authors=[Author("World Health Organization")],
            year=2019,
            entry_type="techreport",
            key="mueller2020",  # duplicate of paper 2's key
            added="2024-04-01T00:00:00",
            modified="2024-04-01T00:00:00",
        ),
    ]
