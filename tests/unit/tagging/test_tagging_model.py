"""Model plumbing without loading the model: lazy import, availability, checksums."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.tagging import model
from paperdesk.tagging.onnx_encoder import meta_path, onnx_model_path, read_meta

REPO = Path(__file__).resolve().parents[3]


def test_importing_the_package_loads_no_ml_library():
    code = (
        "import json, sys, paperdesk.tagging as t; t.ml_unavailable_reason(); "
        "print(json.dumps([m for m in ('torch', 'sentence_transformers', 'onnxruntime', "
        "'keybert', 'numpy', 'transformers') if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_ml_available_here():
    assert model.ml_unavailable_reason() is None


def test_missing_packages_are_named(monkeypatch):
    real = model.importlib.util.find_spec
    gone = {"torch", "onnxruntime"}
    monkeypatch.setattr(
        model.importlib.util, "find_spec", lambda name: None if name in gone else real(name)
    )
    reason = model.ml_unavailable_reason()
    assert reason and "onnxruntime" in reason and "torch" in reason and "pip install" in reason
    from paperdesk.tagging.tagger import get_tagger

    with pytest.raises(model.ModelError, match="Automatic tagging is off"):
        get_tagger("auto", threads=3)


def test_damaged_weights_are_refused(tmp_path):
    (tmp_path / model.WEIGHTS_FILE).write_bytes(b"not the weights")
    with pytest.raises(model.ModelError, match="SHA-256"):
        model.verify_weights(tmp_path)


def test_pooling_config_is_checked(tmp_path):
    folder = tmp_path / "m"
    shutil.copytree(model.model_dir(), folder, ignore=shutil.ignore_patterns("*.safetensors"))
    model.check_pooling(folder)
    config = folder / "1_Pooling" / "config.json"
    data = json.loads(config.read_text())
    data["pooling_mode_cls_token"] = True
    config.write_text(json.dumps(data))
    with pytest.raises(model.ModelError, match="layout"):
        model.check_pooling(folder)


def test_export_goes_to_the_cache_dir_and_bad_exports_are_ignored(model_cache):
    path = onnx_model_path()
    assert path.is_relative_to(model_cache)
    if path.exists():
        pytest.skip("the session's real export is there")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage")
    meta_path(path).write_text("{}")
    assert read_meta(path) is None
    path.unlink()
    meta_path(path).unlink()
