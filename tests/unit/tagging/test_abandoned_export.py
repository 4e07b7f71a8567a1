"""A model export killed midway leaves no big folder in the cache (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from paperdesk.tagging.model import ModelError
from paperdesk.tagging.onnx_encoder import load_onnx_encoder, onnx_model_path
from paperdesk.tagging.onnx_export import remove_abandoned_exports, remove_older_exports


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_work_folders_of_dead_exports_are_removed_live_ones_kept(tmp_path):
    dead = tmp_path / f".export-{dead_pid()}-abc"
    dead.mkdir()
    (dead / "fp32.onnx").write_bytes(b"x" * 100_000)
    live = tmp_path / f".export-{os.getpid()}-def"
    live.mkdir()
    old_style = tmp_path / ".export-zz9"
    old_style.mkdir()
    assert sorted(remove_abandoned_exports(tmp_path)) == sorted([dead, old_style])
    assert live.is_dir() and not dead.exists()


def test_loading_the_model_clears_a_killed_export(monkeypatch, tmp_path):
    monkeypatch.setenv("PAPERDESK_CACHE_DIR", str(tmp_path))
    folder = onnx_model_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    killed = folder / f".export-{dead_pid()}-q1"
    killed.mkdir()
    (killed / "fp32.onnx").write_bytes(b"x" * 1000)
    with pytest.raises(ModelError):
        load_onnx_encoder(export=False)
    assert not killed.exists()


def test_a_new_export_version_removes_the_older_ones(tmp_path):
    old = tmp_path / "all-MiniLM-L6-v2-int8-v1.onnx"
    new = tmp_path / "all-MiniLM-L6-v2-int8-v2.onnx"
    other = tmp_path / "other-model-int8-v1.onnx"
    for path in (old, new, other):
        path.write_bytes(b"x")
        path.with_suffix(".meta.json").write_text("{}")
    assert remove_older_exports(new) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [new.name, "all-MiniLM-L6-v2-int8-v2.meta.json", other.name,
         "other-model-int8-v1.meta.json"])


def test_a_model_cache_that_cannot_be_written_is_one_warning_line(monkeypatch, caplog):
    """A read-only or full cache printed a 20-line traceback before tagging went on with
    the torch model."""
    import logging

    from paperdesk.tagging import onnx_encoder, tagger

    def unwritable(threads=None, export=True):  # noqa: ANN001, ANN202
        raise PermissionError(1, "Operation not permitted", "/cache/models/.export-1")

    monkeypatch.setattr(onnx_encoder, "load_onnx_encoder", unwritable)
    monkeypatch.setattr(tagger, "ml_unavailable_reason", lambda backend="auto": None)
    made = []
    monkeypatch.setattr("paperdesk.tagging.encoder.TorchEncoder", lambda threads: made.append(1))
    with caplog.at_level(logging.WARNING, logger="paperdesk.tagging.tagger"):
        tagger._load_encoder("auto", 1)
    assert made == [1]
    (record,) = caplog.records
    assert record.exc_info is None
    assert "cannot write the model cache" in record.getMessage()
    assert "Operation not permitted" in record.getMessage()
