"""One-off export of the bundled model to int8 ONNX (needs torch, onnx, onnxruntime).

Recipe: load the verified weights with sentence-transformers, trace its BERT encoder with
eager attention to an fp32 ONNX graph (dynamic length) that takes token ids only, quantise
the weight MatMuls dynamically to int8 with per-channel scales, then compare the int8
encoder's sentence vectors with the torch model's. Every text runs alone, never padded, so
the graph has no attention mask: adding an all-zero mask to every attention score was ~10%
of a run, for the same output to the bit. Everything is written to temporary files in the
target folder and renamed into place, so a crash never leaves a half-written model.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

from paperdesk.library.waiting import process_alive
from paperdesk.tagging.model import (
    EXPORT_VERSION,
    WEIGHTS_SHA256,
    ModelError,
    file_sha256,
    load_sentence_transformer,
    meta_path,
)
from paperdesk.tagging.onnx_encoder import OnnxEncoder

#: The int8 encoder must reach this cosine with torch on every check sentence.
MIN_COSINE = 0.98
CHECK_SENTENCES = [
    "The Mutual Reinforcement Effect (MRE) links word-level and text-level classification.",
    "We fine-tune BERT with reinforcement learning from human feedback (RLHF).",
    "3D Gaussian splatting renders radiance fields in real time.",
    "Multi-agent reinforcement learning (MARL) for cooperative navigation tasks.",
    "A corpus of parallel sentences for low-resource machine translation.",
    "Attention heads in transformer language models track syntactic dependencies.",
    "Speech recognition errors propagate to downstream dialogue systems.",
    "We release a benchmark for question answering over scientific tables.",
]


class _DropPreprocessHint(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


def export_onnx(target: Path) -> dict[str, object]:
    """Export, quantise and check the model; write ``target`` and its meta sidecar.

    Args:
        target: the final ``.onnx`` path (its folder is created).

    Returns:
        The meta record written beside ``target`` (checksums, check cosines, seconds).

    Raises:
        ModelError: the weights fail their checksum or the int8 model fails its check.
    """
    t0 = time.monotonic()
    st_model = load_sentence_transformer()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_exports(target.parent)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".export-{os.getpid()}-") as tmp:
        fp32, int8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        _trace(st_model, fp32)
        _quantise(fp32, int8)
        reference = st_model.encode(CHECK_SENTENCES, convert_to_numpy=True)
        got = OnnxEncoder(int8).encode(CHECK_SENTENCES)
        cosines = [float(c) for c in (reference * got).sum(axis=1)]
        if min(cosines) < MIN_COSINE:
            raise ModelError(
                f"The int8 ONNX tagging model differs from the original (cosine "
                f"{min(cosines):.3f} < {MIN_COSINE}); using the slower torch model instead."
            )
        meta = {
            "export_version": EXPORT_VERSION,
            "source_sha256": WEIGHTS_SHA256,
            "onnx_sha256": file_sha256(int8),
            "check_min_cosine": round(min(cosines), 5),
            "seconds": round(time.monotonic() - t0, 1),
        }
        tmp_meta = Path(tmp) / "meta.json"
        tmp_meta.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        os.replace(int8, target)
        os.replace(tmp_meta, meta_path(target))
    remove_older_exports(target)
    return meta


def _trace(st_model: object, path: Path) -> None:
    import torch

    bert = st_model[0].auto_model  # type: ignore[index]  # SentenceTransformer is indexable
    bert.set_attn_implementation("eager")  # sdpa traces a mask shortcut; eager is exact

    class _Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids):  # noqa: ANN001
            out = self.bert(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
            return out.last_hidden_state

    example = (torch.tensor([[101, 7592, 2088, 102]]),)
    axes = {name: {0: "batch", 1: "tokens"} for name in ["input_ids", "token_embeddings"]}
    with torch.no_grad(), warnings.catch_warnings():
        # the legacy TorchScript exporter (no onnxscript needed) warns about itself and
        # about traced Python conditions that do not depend on the input here
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        torch.onnx.export(
            _Encoder().eval(),
            example,
            str(path),
            input_names=["input_ids"],
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _quantise(source: Path, target: Path) -> None:
    import onnx

    from paperdesk.tagging.model import import_onnxruntime

    import_onnxruntime()  # telemetry off before any part of it runs
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source)).graph
    weights = {init.name for init in graph.initializer}
    # MatMuls of two activations (attention scores) stay fp32: only weights are quantised
    activation_only = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul" and not any(i in weights for i in n.input)
    ]
    hint = _DropPreprocessHint()
    logging.getLogger().addFilter(hint)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=activation_only,
        )
    finally:
        logging.getLogger().removeFilter(hint)


def remove_abandoned_exports(folder: Path) -> list[Path]:
    """Delete the work folders of exports whose process died (killed midway: ~140 MB
    each); returns them. A folder names its process: ``.export-<pid>-…``."""
    removed = []
    for work in folder.glob(".export-*"):
        pid = work.name.split("-")[1] if work.name.count("-") >= 2 else ""
        if pid.isdigit() and process_alive(int(pid)):
            continue
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work)
    return removed


def remove_older_exports(target: Path) -> list[Path]:
    """Delete the exports of earlier export versions beside ``target`` (~60 MB each, never
    read again) and their sidecars; returns them."""
    stem = target.name.rsplit("-v", 1)[0]
    removed = []
    for old in target.parent.glob(f"{stem}-v*.onnx"):
        if old != target and old.name[len(stem) + 2:-len(".onnx")].isdigit():
            for path in (old, meta_path(old)):
                with contextlib.suppress(OSError):  # open in an older PaperDesk (Windows)
                    path.unlink(missing_ok=True)
            removed.append(old)
    return removed
