"""PaperDesk's CSL engine on a subset of the official CSL processor test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import KnownError
from paperdesk.export.cslsuite import check, load_fixture, run_folder

SUITE = Path(__file__).resolve().parents[2] / "data" / "csl-suite"
CASES = sorted(p.stem for p in SUITE.glob("*.json"))
# cases citeproc-js 1.4.61 itself fails (the suite expects behaviour it does not have)
KNOWN_FAILURES = {
    "bugreports_SortedIeeeItalicsFail",
    "position_ResetNoteNumbers",
    "punctuation_DateStripPeriods",
    "textcase_TitleCaseWithVolumeTitle",
}


@pytest.mark.parametrize("name", CASES)
def test_suite_case(name: str) -> None:
    outcome = check(name, load_fixture(SUITE / f"{name}.json"))
    if name in KNOWN_FAILURES:
        assert not outcome.passed, f"{name} passes now: remove it from KNOWN_FAILURES"
        return
    assert outcome.passed, f"expected:\n{outcome.expected}\n\ngot:\n{outcome.got}"


def test_subset_is_representative() -> None:
    modes = {load_fixture(SUITE / f"{n}.json")["mode"].split("-")[0] for n in CASES}
    assert modes == {"bibliography", "citation"} and len(CASES) >= 100
    passed = sum(o.passed for o in run_folder(SUITE))
    assert passed / len(CASES) >= 0.95


def test_bad_fixture_is_one_line_error(tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(KnownError, match="broken.json"):
        load_fixture(path)
    with pytest.raises(KnownError, match="no test-suite fixtures"):
        run_folder(tmp_path / "empty")
