"""``paperdesk search`` for people: facts under each hit, the total, modes; JSON plus total."""

from __future__ import annotations

from tests.e2e.test_cli import jrun, run


def test_text_output_has_facts_total_and_the_limit_hint(tmp_path):
    lib = tmp_path / "lib"
    for i in range(3):
        code, _, err = run(lib, "add", "--title", f"Graph parsing study {i}", "--year", "2021",
                           "--author", "Ada Lovelace", "--author", "Alan Turing",
                           "--venue", "ACL")
        assert code == 0, err
    code, out, err = run(lib, "search", "Graph parsing of things?", "--limit", "2")
    assert code == 0, err
    assert "2021 · Lovelace et al. · ACL" in out
    assert "matched: Graph, parsing" in out
    assert out.rstrip().endswith("2 of 3 papers, --limit to see more")
    code, out, _ = run(lib, "search", "nothing-like-this")
    assert "No papers match." in out
    data = jrun(lib, "search", "graph", "--limit", "1", "--mode", "keyword")
    assert data["total"] == 3 and len(data["papers"]) == 1
    assert {"score", "snippet", "title", "year"} <= set(data["papers"][0])


def test_best_match_without_vectors_says_why(tmp_path):
    lib = tmp_path / "lib"
    run(lib, "add", "--title", "Graph parsing")
    code, out, err = run(lib, "search", "graph", "--mode", "best")
    assert code == 0 and "1 paper" in out
    assert "paperdesk tag" in err
    code, _, err = run(lib, "search", "graph", "--mode", "fuzzy")
    assert code == 2 and "invalid choice" in err
