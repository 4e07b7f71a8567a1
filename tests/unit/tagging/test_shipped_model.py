"""An int8 export shipped with the app (the desktop bundle, which has no torch to export
with) is used as it is; a damaged one is passed over for the user cache's."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from paperdesk import config
from paperdesk.tagging import model
from paperdesk.tagging.onnx_encoder import OnnxEncoder, load_onnx_encoder, meta_path, read_meta

pytestmark = [pytest.mark.model]


def test_a_shipped_export_is_used_and_a_damaged_one_passed_over(
        onnx_tagger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cached = model.cached_onnx_path()
    assert read_meta(cached) is not None  # the session's export (onnx_tagger made it)
    shipped = tmp_path / "resources" / "models" / cached.name
    shipped.parent.mkdir(parents=True)
    shutil.copy(cached, shipped)
    shutil.copy(meta_path(cached), meta_path(shipped))
    monkeypatch.setattr(config, "resources_dir", lambda: tmp_path / "resources")
    empty_cache = tmp_path / "cache"
    monkeypatch.setenv("PAPERDESK_CACHE_DIR", str(empty_cache))

    assert model.onnx_model_path() == shipped and model.onnx_ready()
    assert model.ml_unavailable_reason("onnx") is None
    texts = ["Graph neural networks for molecule design.", "Speech recognition errors."]
    got = load_onnx_encoder(threads=1, export=False).encode(texts)
    assert np.allclose(got, OnnxEncoder(cached, threads=1).encode(texts))
    assert not empty_cache.exists()  # nothing exported, nothing written

    shipped.write_bytes(b"not a model")
    assert read_meta(shipped) is None
    with pytest.raises(model.ModelError, match=str(empty_cache)):
        load_onnx_encoder(threads=1, export=False)  # would export into the cache instead
