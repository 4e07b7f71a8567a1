"""Short venue names for the paper table."""

from __future__ import annotations

import pytest

from paperdesk.venues import short_venue

CASES = [
    ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics "
     "(Volume 1: Long Papers)", 2023, "ACL 2023"),
    ("Findings of the Association for Computational Linguistics: EMNLP 2020", 2020,
     "Findings of EMNLP 2020"),
    ("Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021", None,
     "Findings of ACL-IJCNLP 2021"),
    ("Proceedings of the 2024 Conference on Empirical Methods in Natural Language Processing",
     2024, "EMNLP 2024"),
    ("Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing "
     "(EMNLP)", 2020, "EMNLP 2020"),
    ("Proceedings of the Tenth International Conference on Language Resources and Evaluation "
     "(LREC'16)", 2016, "LREC 2016"),
    ("Proceedings of the Twelfth Language Resources and Evaluation Conference", 2020,
     "LREC 2020"),
    ("Transactions of the Association for Computational Linguistics", 2019, "TACL 2019"),
    ("Computational Linguistics, Volume 46, Issue 2 - June 2020", 2020, "CL 2020"),
    ("Proceedings of the 18th International Conference on Parsing Technologies "
     "(IWPT, SyntaxFest 2025)", 2025, "IWPT 2025"),
    ("Proceedings of the 21st Workshop on Multiword Expressions (MWE 2025)", 2025, "MWE 2025"),
    ("Advances in Neural Information Processing Systems", 2017, "NeurIPS 2017"),
    ("Nature", 2015, "Nature"),
    ("Proceedings of the 2018 Conference of the North American Chapter of the Association for "
     "Computational Linguistics: Human Language Technologies, Volume 1 (Long Papers)", 2018,
     "NAACL 2018"),
    ("Proceedings of the 21st Annual Conference of the European Association for Machine "
     "Translation", 2018, "EAMT 2018"),
    ("Proceedings of the 18th Annual SIGdial Meeting on Discourse and Dialogue", 2017,
     "SIGDIAL 2017"),
    ("Proceedings of the Towards Semi-Supervised and Reinforced Task-Oriented Dialog Systems "
     "(SereTOD)", 2022, "SereTOD 2022"),
    ("", 2020, ""),
    (None, None, ""),
]


@pytest.mark.parametrize(("venue", "year", "short"), CASES)
def test_short_venue(venue, year, short):
    assert short_venue(venue, year) == short


def test_long_unknown_venue_is_cut_with_an_ellipsis():
    text = short_venue("Proceedings of the Sixth Workshop on NLP for Similar Languages, "
                       "Varieties and Dialects", 2019)
    assert text.startswith("Workshop on NLP for Similar")
    assert text.endswith("…") and len(text) <= 40
