"""Better BibTeX JSON exports: papers, notes, tags, collections, attachments."""

from __future__ import annotations

import json

from paperdesk.importers import read_file


def bbt(tmp_path):
    pdf = tmp_path / "files" / "paper.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    data = {
        "config": {"id": "36a3b0b5-bad0-4a04-b79b-441c7cef77db", "label": "BetterBibTeX JSON"},
        "version": {"zotero": "7.0.11", "bbt": "7.0.5"},
        "collections": {
            "AAAA1111": {"key": "AAAA1111", "name": "Thesis", "parent": False,
                         "items": [1], "collections": ["BBBB2222"]},
            "BBBB2222": {"key": "BBBB2222", "name": "Chapter 1", "parent": "AAAA1111",
                         "items": [1, 2], "collections": []},
        },
        "items": [
            {"itemID": 1, "itemKey": "KEY11111", "itemType": "journalArticle",
             "title": "Graph attention", "date": "2021-05-03", "publicationTitle": "JMLR",
             "volume": "22", "DOI": "10.5555/ga", "citationKey": "lovelace2021graph",
             "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"},
                          {"creatorType": "editor", "name": "ML Society"}],
             "tags": [{"tag": "graphs"}, {"tag": "auto-kw", "type": 1}],
             "notes": [{"note": "<p>Read <b>twice</b></p>"}, "<p>Second</p>"],
             "attachments": [{"path": str(pdf), "title": "Full Text PDF"}]},
            {"itemID": 2, "itemKey": "KEY22222", "itemType": "bookSection",
             "title": "Kernels", "bookTitle": "Handbook", "date": "2018"},
            {"itemID": 3, "itemKey": "KEY33333", "itemType": "note",
             "note": "<h1>Ideas</h1><p>more</p>"},
            {"itemID": 4, "itemKey": "KEY44444", "itemType": "journalArticle"},
        ],
    }
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data))
    return path, pdf


def test_better_bibtex_json(tmp_path, lib):
    path, pdf = bbt(tmp_path)
    result = read_file(path)
    papers = {e.paper.title: e.paper for e in result.entries}
    assert set(papers) == {"Graph attention", "Kernels", "Ideas"}
    assert [(p.key, p.reason) for p in result.problems] == [("KEY44444", "missing title")]
    ga = papers["Graph attention"]
    assert (ga.key, ga.year, ga.venue, ga.doi) == ("lovelace2021graph", 2021, "JMLR", "10.5555/ga")
    assert ga.extra["volume"] == "22" and ga.extra["editor"] == "ML Society"
    assert [(t.name, t.source) for t in ga.tags] == [("graphs", "user"), ("auto-kw", "auto")]
    assert ga.note == "Read **twice**\n\n---\n\nSecond"
    assert ga.collections == ["Thesis", "Thesis/Chapter 1"]
    assert ga.attachments == [str(pdf)]
    assert papers["Kernels"].venue == "Handbook"
    assert papers["Kernels"].collections == ["Thesis/Chapter 1"]
    assert papers["Ideas"].note == "# Ideas\n\nmore"
    report = lib.import_files([path])
    assert report.added == 3
    assert [c.path for c in lib.collections.list()] == ["Thesis", "Thesis/Chapter 1"]
    assert lib.collections.paper_ids("Thesis") == sorted(report.added_ids)[:2]
