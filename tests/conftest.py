"""Shared fixtures: every test gets its own library, config, data and cache folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLE = REPO / "resources" / "sample-library.txt"
#: small fixtures shipped with the repository (see tests/data/PROVENANCE.md)
TEST_DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache for the session, so the ONNX model is exported only once."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                   model_cache: Path):
    """Point every user folder at a temporary one: tests never touch real user data."""
    monkeypatch.setenv("PAPERDESK_CACHE_DIR", str(model_cache))
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("PAPERDESK_LIBRARY", raising=False)


@pytest.fixture
def shared_data() -> Path:
    """The shared test corpora (``../shared/data`` beside the repository).

    A plain clone has no such folder: tests that need the big corpora skip then, with the
    reason (CI has the folder, so they run there); everything else uses ``tests/data``.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the shared test corpora at {SHARED_DATA} (absent on a plain clone)")
    return SHARED_DATA


@pytest.fixture
def acl_no_abstract() -> Path:
    """370 ACL papers without an abstract, shipped in ``tests/data/acl`` (CC BY 4.0)."""
    return TEST_DATA / "acl" / "acl_no_abstract_2016.jsonl"


@pytest.fixture
def lib(tmp_path: Path):
    """An empty library in a temporary folder."""
    from paperdesk import Library

    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


@pytest.fixture
def sample_lib(lib):
    """A library holding the 98-paper sample."""
    report = lib.import_files([SAMPLE])
    assert report.added == 98
    return lib
