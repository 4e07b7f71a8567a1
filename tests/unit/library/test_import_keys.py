"""Entries of one .bib file under different keys stay different papers (their keys are
cited); across imports, the same title and author is a duplicate only in the same year
and never a thesis and a book. Entries from real files the review imported
(PopperQM.bib, scorec_refs.bib, secprog references.bib), trimmed."""

from __future__ import annotations

POPPER = r"""
@Unpublished{Popper1935b,
  author      = {Popper, {K}arl R.},
  date        = {1935-08},
  title       = {Zur Kritik der Ungenauigkeitsrelationen},
  hyphenation = {german},
}

@Article{Popper1934,
  author       = {Popper, {K}arl R.},
  date         = {1934},
  journaltitle = {Naturwissenschaften},
  title        = {Zur Kritik der Ungenauigkeitsrelationen},
  pages        = {807--808},
  volume       = {22},
}
"""

SCOREC = r"""
@book{ibanezPhd,
  author={Ibanez, Daniel Alejandro},
  publisher={Rensselaer Polytechnic Institute, Troy, NY},
  title={Conformal mesh adaptation on heterogeneous supercomputers.},
  year={2016},
}

@article{HuBlakeMigration,
  author={HU, Y. F. and BLAKE, R. J. and EMERSON, D. R.},
  title={An optimal migration algorithm for dynamic load balancing},
  journal={Concurrency: Practice and Experience},
  volume={10}, number={6}, pages={467-483}, year={1998},
  doi={10.1002/(SICI)1096-9128(199805)10:6<467::AID-CPE325>3.0.CO;2-A},
}

@article{Hu1998,
  author={Hu, Y. F. and Blake, R. J. and Emerson, D. R.},
  title={{An optimal migration algorithm for dynamic load balancing}},
  journal={Concurrency: Practice and Experience},
  year={1998}, month=may, volume={10}, number={6}, pages={467-483}
}

@phdthesis{ibanezthesis,
  author={Daniel Alejandro Ibanez},
  year={2016},
  title={Conformal Mesh Adaptation On Heterogeneous Supercomputers},
  school={Rensselaer Polytechnic Inst.},
}
"""


def _keys(lib, ids) -> list[str]:
    return [lib.get(pid).key for pid in ids]


def test_entries_of_one_file_under_different_keys_are_all_kept(lib, tmp_path):
    bib = tmp_path / "scorec.bib"
    bib.write_text(SCOREC)
    report = lib.import_files([bib])
    assert (report.added, report.merged) == (4, 0)
    assert _keys(lib, report.added_ids) == ["ibanezPhd", "HuBlakeMigration", "Hu1998",
                                            "ibanezthesis"]
    hu = next(d for d in report.possible_duplicates if d["key"] == "Hu1998")
    assert lib.get(hu["like"]).key == "HuBlakeMigration"
    assert hu["reason"] == ("same title, first author and year; both are entries of "
                            "scorec.bib, under the keys HuBlakeMigration and Hu1998")
    thesis = next(d for d in report.possible_duplicates if d["key"] == "ibanezthesis")
    assert lib.get(thesis["like"]).key == "ibanezPhd"
    assert lib.get(report.added_ids[3]).entry_type == "phdthesis"

    again = lib.import_files([bib])  # each entry finds its own paper again
    assert (again.added, again.merged) == (0, 4)
    assert [m["into"] for m in again.merges] == report.added_ids


def test_an_article_and_a_manuscript_a_year_apart_keep_their_dates(lib, tmp_path):
    bib = tmp_path / "PopperQM.bib"
    bib.write_text(POPPER)
    report = lib.import_files([bib])
    assert (report.added, report.merged) == (2, 0)
    manuscript, article = (lib.get(pid) for pid in report.added_ids)
    assert (article.key, article.year, article.entry_type) == ("Popper1934", 1934, "article")
    assert (manuscript.key, manuscript.year) == ("Popper1935b", 1935)
    (dup,) = report.possible_duplicates
    assert dup["reason"].startswith("similar title, same first author; years differ")
    assert lib.import_files([bib]).added == 0


def test_across_imports_the_same_paper_merges_but_not_another_year_or_a_thesis(lib, tmp_path):
    first = tmp_path / "a.bib"
    first.write_text(SCOREC.split("@article{Hu1998")[0])  # the book and HuBlakeMigration
    lib.import_files([first])
    second = tmp_path / "b.bib"
    second.write_text("@article{Hu1998" + SCOREC.split("@article{Hu1998")[1] + POPPER)
    report = lib.import_files([second])
    merged = {m["key"] for m in report.merges}
    assert merged == {"Hu1998"}  # same paper in another file: still one paper
    assert report.added == 3  # the thesis, both of Popper's


def test_the_report_names_each_merge(tmp_path):
    import subprocess
    import sys

    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    first.write_text(SCOREC.split("@article{Hu1998")[0])
    second.write_text("@article{Hu1998" + SCOREC.split("@article{Hu1998")[1])

    def cli(path):
        return subprocess.run([sys.executable, "-m", "paperdesk", "--library",
                               str(tmp_path / "l"), "import", str(path)],
                              capture_output=True, text=True, check=True).stdout.splitlines()

    cli(first)
    out = cli(second)
    assert out[0] == "added 1, merged 1, skipped 0, problems 0"
    assert out[1] == (f"merged: {second}:1: Hu1998 → existing paper 'An optimal migration "
                      "algorithm for dynamic load balancing' (id 2): "
                      "same title, first author and year")
    assert "resembles paper 1" in out[2]  # the thesis, kept apart from the book
    again = cli(second)
    assert again[0] == "added 0, merged 2, skipped 0, problems 0" and len(again) == 3
