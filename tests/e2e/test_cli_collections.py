"""``paperdesk collection …``, ``collect`` and ``uncollect`` as a user runs them."""

from __future__ import annotations

from test_cli import jrun, run  # noqa: F401 - the e2e helpers


def test_collection_commands_end_to_end(tmp_path):
    d = tmp_path / "lib"
    for title in ("First paper", "Second paper"):
        code, _, err = run(d, "add", "--title", title)
        assert code == 0, err
    out = jrun(d, "collection", "add", "Thesis/Chapter 1")
    assert [(c["path"], c["parent"]) for c in out["collections"]] == [
        ("Thesis", None), ("Thesis/Chapter 1", 1)]
    out = jrun(d, "collect", "1", "2", "--to", "Chapter 1")
    assert {c["name"]: c["count"] for c in out["collections"]} == {"Thesis": 0, "Chapter 1": 2}
    assert set(out["collections"][0]) == {"id", "name", "path", "parent", "count"}
    jrun(d, "uncollect", "2", "--from", "Thesis/Chapter 1")
    jrun(d, "collection", "rename", "Chapter 1", "Chapter One")
    jrun(d, "collection", "move", "Chapter One")
    out = jrun(d, "collection", "list")
    assert [(c["path"], c["count"]) for c in out["collections"]] == [
        ("Chapter One", 1), ("Thesis", 0)]
    code, text, _ = run(d, "search", 'collection:"Chapter One"')
    assert code == 0 and "First paper" in text and "Second paper" not in text
    code, text, _ = run(d, "export", "--format", "bibtex", "--collection", "Chapter One")
    assert "First paper" in text and "groups = {Chapter One}" in text
    jrun(d, "collection", "delete", "Chapter One")
    assert jrun(d, "show", "1")["collections"] == []
    code, _, err = run(d, "collection", "delete", "Nope")
    assert code != 0 and "no collection named 'Nope'" in err and "Traceback" not in err
    jrun(d, "undo")
    assert jrun(d, "show", "1")["collections"] == ["Chapter One"]


def test_import_zotero_data_folder(tmp_path):
    from zotero_fixture import build_sample

    folder = tmp_path / "Zotero"
    build_sample(folder)
    d = tmp_path / "lib"
    code, out, err = run(d, "import", str(folder))
    assert code == 1  # two attachment files are missing: listed, exit status 1
    assert "items: 13 — 10 imported" in out
    assert "Group libraries not imported (use --group NAME or --group all): Lab Group" in out
    assert "linked file missing: /nonexistent/report.pdf" in err and "Traceback" not in err
    code, out, _ = run(d, "import", str(folder / "zotero.sqlite"), "--group", "Lab Group",
                       "--json")
    import json

    report = json.loads(out)
    assert report["rows"]["items"]["unchanged"] == 10 and report["added"] == 1
    assert all(sum(v for k, v in r.items() if k != "total") == r["total"]
               for r in report["rows"].values())
    out = jrun(d, "collection", "list")
    assert "Lab Group/Shared" in {c["path"] for c in out["collections"]}
    code, _, err = run(d, "import", str(tmp_path / "nowhere"))
    assert code != 0 and "Traceback" not in err
