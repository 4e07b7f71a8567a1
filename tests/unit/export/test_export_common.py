"""Registry, options, sorting, citation keys and atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.errors import KnownError, UsageError
from paperdesk.export import EXPORTERS, ExportOptions, export_papers, write_atomically
from paperdesk.export.keys import ascii_fold, citation_keys
from paperdesk.export.options import annotation_text, export_tags, sort_papers
from paperdesk.records import Author, Paper


class FakeProgress:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.events: list[str] = []
        self.done = 0
        self.cancel_after = cancel_after

    def start(self, total: int | None, label: str = "") -> None:
        self.events.append(f"start {total}")

    def advance(self, n: int = 1) -> None:
        self.done += n

    def finish(self) -> None:
        self.events.append("finish")

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and self.done >= self.cancel_after


def test_registry_has_every_format() -> None:
    assert {"bibtex", "biblatex", "ris", "csljson", "markdown", "html"} <= set(EXPORTERS)


def test_unknown_format_and_sort() -> None:
    with pytest.raises(UsageError, match="csljson"):
        export_papers([], "docx")
    with pytest.raises(UsageError, match="author"):
        export_papers([], "bibtex", ExportOptions(sort="colour"))


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson", "markdown", "html"])
def test_progress_reported(annotated, fmt: str) -> None:
    progress = FakeProgress()
    export_papers(annotated, fmt, progress=progress)
    assert progress.events == ["start 4", "finish"]
    assert progress.done == 4


def test_cancel(sample_papers) -> None:
    from paperdesk.errors import Cancelled

    progress = FakeProgress(cancel_after=1)
    with pytest.raises(Cancelled):
        export_papers(sample_papers * 3, "bibtex", progress=progress)
    assert progress.events[-1] == "finish"


def test_sorts(annotated) -> None:
    def ids(sort: str, reverse: bool = False) -> list[int | None]:
        return [p.id for p in sort_papers(annotated, sort, reverse)]

    assert ids("author") == [3, 1, 2, 4]  # "Vaswani, A." < "Vaswani, Ashish" < "von Müller"
    assert ids("year") == [3, 1, 4, 2]
    assert ids("stars") == [1, 2, 3, 4]
    assert ids("added") == [1, 2, 3, 4]
    assert ids("added", reverse=True) == [4, 3, 2, 1]
    assert ids("none") == [1, 2, 3, 4]


def test_accents_and_articles_do_not_move_a_paper_in_author_order() -> None:
    # "Sánchez-Cartagena" came after "Shumway" and "Stein" (á sorts after every letter);
    # one author's two 2022 papers got APA's "2022b" above "2022a" (APA letters them by
    # title less the article: "Cartorio" before "A collection of tools")
    def paper(family: str, title: str, year: int) -> Paper:
        return Paper(title=title, year=year, authors=[Author(family=family, given="A.")])

    papers = [paper("Shumway", "Time series", 2017), paper("Stein", "A collection of tools", 2022),
              paper("Stein", "Cartorio", 2022), paper("Sánchez-Cartagena", "Rules", 2015),
              paper("Ábalos", "Zebras", 2001)]
    got = [(p.authors[0].family, p.title) for p in sort_papers(papers, "author")]
    assert got == [("Ábalos", "Zebras"), ("Sánchez-Cartagena", "Rules"),
                   ("Shumway", "Time series"), ("Stein", "Cartorio"),
                   ("Stein", "A collection of tools")]


def test_tags_and_annotation_text(annotated) -> None:
    assert export_tags(annotated[0], ExportOptions()) == ["transformers", "attention"]
    assert export_tags(annotated[0], ExportOptions(with_suggested_tags=True))[-1] == "seq2seq"
    assert export_tags(annotated[0], ExportOptions(include_tags=False)) == []
    text = annotation_text(annotated[0], ExportOptions(include_notes=False))
    assert text == 'Highlights:\n> "sequence transduction models" — the setting\n> "RNNs"'


def test_keys_unique_and_stable(annotated, sample_papers) -> None:
    keys = citation_keys(annotated)
    assert keys == [
        "vaswani2017attentiona",
        "mueller2020",
        "vaswani2017attentionb",
        "worldhealthorganization2019world",
    ]
    assert citation_keys(list(reversed(annotated))) == list(reversed(keys))
    many = citation_keys(sample_papers * 30)
    assert len(set(many)) == len(many)


def test_generated_key_shape() -> None:
    papers = [
        Paper(title="The Ünïcode Way", authors=[Author("Łukasz-Müller", "A")], year=2021),
        Paper(title=""),
        Paper(title="x", key="has space"),
    ]
    assert citation_keys(papers) == ["lukaszmuller2021unicode", "paper", "x"]
    assert ascii_fold("Straße") == "strasse"


def test_write_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    write_atomically(target, "old")
    write_atomically(target, "new ü")
    assert target.read_text(encoding="utf-8") == "new ü"
    write_atomically(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert os.listdir(tmp_path) == ["out.bib"]


def test_write_atomically_failure_keeps_old(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.bib"
    target.write_text("old", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KnownError, match="No space left"):
        write_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.bib"]


def test_write_atomically_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(KnownError):
        write_atomically(tmp_path / "nope" / "out.bib", "x")


def test_write_atomically_writes_through_a_link_and_into_a_device(tmp_path: Path) -> None:
    """`export -o link.bib` replaced the link with a file (its target kept the old
    text); `-o /dev/full` (as root) replaced the device with a file."""
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "refs.bib"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    write_atomically("/dev/null", "into the device")  # a character device: streamed
    assert Path("/dev/null").is_char_device()
    if Path("/dev/full").exists():
        with pytest.raises(KnownError, match="cannot write /dev/full: No space left"):
            write_atomically("/dev/full", "x")
        assert Path("/dev/full").is_char_device()
