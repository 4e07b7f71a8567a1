"""read_file: format detection, --format, encodings, gzip and whole-file errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from importer_testdata import FIXTURES

from paperdesk.errors import InputFileError
from paperdesk.importers import FORMATS, detect_format, format_names, read_file
from paperdesk.progress import NullProgress

BIB = "@article{k1,\n  title = {Caf{\\'e} Stories},\n  author = {Doe, Jane},\n  year = 2020\n}\n"
RIS = "TY  - JOUR\nTI  - Café Stories\nAU  - Doe, Jane\nPY  - 2020\nER  - \n"
CSL = '[{"id": "k1", "type": "article", "title": "Café Stories"}]'
JSONL = '{"title": "Café Stories", "year": 2020}\n{"title": "Two", "year": 2021}\n'


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (BIB, "bibtex"),
        (RIS, "ris"),
        (CSL, "csljson"),
        (JSONL, "jsonl"),
        ("Get trending papers in your email inbox\nx\nT\nA\n", "trending"),
    ],
)
def test_detect_by_content_whatever_the_extension(tmp_path: Path, text: str, fmt: str) -> None:
    assert detect_format(tmp_path / "export.dat", text) == fmt
    result = read_file(write(tmp_path, "export.dat", text))
    assert result.entries and result.entries[0].paper.title in ("Café Stories", "T")


def test_format_names_and_forced_format(tmp_path: Path) -> None:
    assert {"bibtex", "ris", "csljson", "jsonl", "pdf", "trending"} <= set(format_names())
    assert set(FORMATS) <= set(format_names())
    path = write(tmp_path, "x.txt", BIB)
    assert read_file(path, fmt="bib").entries[0].paper.title == "Café Stories"
    with pytest.raises(InputFileError, match="unknown format 'nope'"):
        read_file(path, fmt="nope")


def test_extension_decides_when_content_is_silent(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "only-comments.bib", "% nothing here yet\n"))
    assert result.entries == [] and result.problems == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"just some words\n", "unknown format"),
    ],
)
def test_whole_file_problems(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(InputFileError, match=reason):
        read_file(write(tmp_path, "f.dat", data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read"):
        read_file(tmp_path / "absent.bib")


@pytest.mark.parametrize(
    "data",
    [
        BIB.encode("utf-8"),
        b"\xef\xbb\xbf" + BIB.encode("utf-8"),
        BIB.encode("utf-16"),
        b"\xfe\xff" + RIS.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bib", "utf16-ris"],
)
def test_unicode_encodings(tmp_path: Path, data: bytes) -> None:
    result = read_file(write(tmp_path, "x.dat", data))
    assert result.entries[0].paper.title == "Café Stories"
    assert not result.warnings


def test_latin1_decoded_with_warning(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "x.ris", RIS.encode("cp1252") + b"\x81"))
    assert result.entries[0].paper.title == "Café Stories"
    assert any("Windows-1252" in w for w in result.warnings)


def test_a_file_joined_from_utf8_and_latin1_keeps_its_utf8_entries(tmp_path: Path) -> None:
    """One Latin-1 entry made the whole file Windows-1252: the UTF-8 entry before it read
    "cafÃ©"."""
    data = ("@article{ok2020, title={Valid UTF-8 café}, year={2020}}\n".encode()
            + b"@article{bad2020, title={Latin-1 caf\xe9}, year={2020}}\n"
            + "@article{ok2021, title={Naïve Bayes}, year={2021}}\n".encode())
    result = read_file(write(tmp_path, "mixed.bib", data))
    assert [e.paper.title for e in result.entries] == [
        "Valid UTF-8 café", "Latin-1 café", "Naïve Bayes"]
    assert result.warnings == [f"{tmp_path / 'mixed.bib'}: not valid UTF-8 on line 2; "
                               "decoded as Windows-1252/Latin-1 there, check accented "
                               "characters"]


def test_bom_fixture_files() -> None:
    for name in ("article_start_with_bom.bib", "book_bom.bib"):
        result = read_file(FIXTURES / "bibtex" / "bibtexparser" / name)
        assert len(result.entries) == 1 and result.entries[0].paper.title


def test_gzip_is_transparent(tmp_path: Path) -> None:
    result = read_file(write(tmp_path, "x.bib.gz", gzip.compress(BIB.encode())))
    assert result.entries[0].paper.title == "Café Stories"
    jsonl = read_file(write(tmp_path, "x.jsonl.gz", gzip.compress(JSONL.encode())))
    assert len(jsonl.entries) == 2
    with pytest.raises(InputFileError, match="damaged gzip"):
        read_file(write(tmp_path, "bad.bib.gz", b"\x1f\x8b\x08garbage"))


class CountingProgress(NullProgress):
    def __init__(self) -> None:
        self.total: int | None = None
        self.done = 0

    def start(self, total: int | None, label: str = "") -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n


def test_progress_is_reported(tmp_path: Path) -> None:
    progress = CountingProgress()
    text = "".join(BIB.replace("k1", f"k{i}") for i in range(3))
    assert len(read_file(write(tmp_path, "x.bib", text), progress=progress).entries) == 3
    assert progress.total == progress.done == 3
