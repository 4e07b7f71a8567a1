"""Hostile input files (issue 16): each ends within seconds with a clear message, never a
RecursionError, a hang or gigabytes of memory."""

from __future__ import annotations

import gzip
import json
import os
import time

import pytest

from paperdesk.errors import InputFileError
from paperdesk.importers import read_file
from paperdesk.importers.encoding import MAX_RATIO


def quick(fn, *args, limit_s: float = 20.0):  # noqa: ANN001, ANN201
    start = time.monotonic()
    result = fn(*args)
    assert time.monotonic() - start < limit_s
    return result


def test_deeply_nested_json_is_one_clear_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputFileError, match="nested too deeply"):
        read_file(path)


def test_deeply_nested_json_lines_are_problems_of_their_lines(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"title": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
                    + '{"title": "b", "x": ' + "[" * 500 + "]" * 500 + "}\n"
                    + '{"title": "fine"}\n')
    result = read_file(path)
    assert [e.paper.title for e in result.entries] == ["fine"]
    assert [(p.line, p.reason) for p in result.problems] == [
        (1, "JSON nested too deeply"), (2, "nested more than 32 levels deep")]


def test_a_crossref_chain_thousands_long(tmp_path):
    path = tmp_path / "chain.bib"
    path.write_text("".join(f"@article{{k{i}, crossref = {{k{i + 1}}}, title = {{T{i}}}}}\n"
                            for i in range(5000))
                    + "@article{k5000, title={End}, journal={J}, year={2000}}\n")
    result = quick(read_file, path)
    assert len(result.entries) == 5001 and not result.problems
    assert all(e.paper.year == 2000 and e.paper.venue == "J" for e in result.entries)


def test_a_string_doubling_bomb_is_cut(tmp_path):
    path = tmp_path / "bomb.bib"
    path.write_text('@string{s0 = "ab"}\n'
                    + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 41))
                    + "@article{x, title = s40}\n")
    result = quick(read_file, path)
    (entry,) = result.entries
    assert len(entry.paper.title) <= 1_000_000
    assert any("longer than 1,000,000 characters; cut" in w for w in result.warnings)


def test_a_gzip_bomb_is_refused_while_unpacking(tmp_path):
    import resource

    path = tmp_path / "bomb.bib.gz"
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(b"@article{a, title={x}}\n")
        zeros = b"\0" * (1 << 20)
        for _ in range(300):  # 300 MB of zeros in ~300 KB
            f.write(zeros)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputFileError, match=f"more than {MAX_RATIO} times its size"):
        quick(read_file, path, limit_s=5)
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grew_mb < 100


def test_a_real_compressed_bibliography_still_reads(tmp_path):
    path = tmp_path / "fine.bib.gz"
    with gzip.open(path, "wt") as f:
        for i in range(3000):
            f.write(f"@article{{k{i}, title={{Paper number {i} about parsing}}, year=2001}}\n")
    assert len(read_file(path).entries) == 3000


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_special_files_are_refused_at_once(tmp_path, kind):
    path = tmp_path / "refs.bib"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(InputFileError, match="not a regular file; refused"):
        quick(read_file, path, limit_s=2)


def test_wrong_json_types_are_problems_naming_the_entry(tmp_path):
    path = tmp_path / "types.jsonl"
    path.write_text('{"title": 5, "bibkey": "five"}\n{"title": ["x"]}\n'
                    '{"title": "ok", "abstract": {"a": 1}}\n{"title": "fine", "year": 2001}\n')
    result = read_file(path)
    assert [e.paper.title for e in result.entries] == ["fine"]
    assert [(p.line, p.key, p.reason) for p in result.problems] == [
        (1, "five", "field 'title' must be text, not a number (5)"),
        (2, "", "field 'title' must be text, not a list"),
        (3, "", "field 'abstract' must be text, not an object")]
    csl = tmp_path / "items.json"
    csl.write_text(json.dumps([{"id": "a", "title": 5}, {"id": "b", "title": "Fine"}]))
    result = read_file(csl)
    assert [e.paper.title for e in result.entries] == ["Fine"]
    assert [(p.key, p.reason) for p in result.problems] == [
        ("a", "item 1: field 'title' must be text, not a number (5)")]


def test_oversized_highlight_offsets_are_ignored(lib, tmp_path):
    path = tmp_path / "h.json"
    path.write_text('[{"id": "a", "title": "T", "abstract": "abc", "custom": '
                    '{"paperdesk-highlights": "[{\\"start\\": 99999999999999999999999, '
                    '\\"end\\": 1e400, \\"text\\": \\"x\\"}]"}}]')
    report = lib.import_files([path])
    (pid,) = report.added_ids
    assert lib.get(pid).highlights == []
