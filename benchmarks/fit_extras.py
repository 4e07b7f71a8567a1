"""Fit the weights of the last tier of suggestions (EXTRA_WEIGHTS in tagging/vocabulary.py).

    python benchmarks/fit_extras.py                     # tags 5,000 ACL papers first
    python benchmarks/fit_extras.py --library DIR       # a library tagged as that one

The hand ratings of ratings/pool150_candidates.tsv name papers by their ids in the library
``benchmarks/tagging.py --n 5000`` tags (the first 5,000 ACL papers of the shared data).
This refreshes the vocabulary of a copy of that library and, for every rated (paper,
entry) pair whose entry is in today's vocabulary, reads the four numbers the tier weighs
(named among the paper's keyphrases; named in its text; the cosine of the paper and the
entry's name; the vote of its nearest papers less the base rate and the broadness). It
prints a logistic fit of keep on them (scikit-learn, installed with the benchmarks'
KeyBERT), its accuracy cross-validated by paper, and the weights in use; then, for one to
three suggestions per paper chosen by that fit (cross-validated by paper) among every rated
entry of the paper, the share a rater kept, beside a perfect choice among the same entries.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from common import DEFAULT_DATA  # noqa: E402
from tagging import make_library, pool_ratings  # noqa: E402


def features(library: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tier's four numbers, kept or not, and the paper, per rated pair (on a copy)."""
    import paperdesk.tagging.vocabulary as vocabulary
    from paperdesk import Library

    seen: list[tuple[list[int], list[str], list[tuple]]] = []
    assign_once, extra_odds = vocabulary._assign_once, vocabulary._extra_odds

    def watch_pass(live, ids, *rest):  # type: ignore[no-untyped-def]
        vectors = rest[9]
        seen.append(([pid for pid, v in zip(ids, vectors, strict=True) if v.any()],
                     [e.name for e in live], []))
        return assign_once(live, ids, *rest)

    def watch_paper(keyed, said, named_sims, lift):  # type: ignore[no-untyped-def]
        seen[-1][2].append((set(keyed), set(said), named_sims.copy(), lift.copy()))
        return extra_odds(keyed, said, named_sims, lift)

    vocabulary._assign_once, vocabulary._extra_odds = watch_pass, watch_paper
    try:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "lib"
            shutil.copytree(library, copy)
            with Library.open(copy) as lib:
                lib.vocabulary.refresh()
    finally:
        vocabulary._assign_once, vocabulary._extra_odds = assign_once, extra_odds
    ids, names, rows = seen[-1]  # the last pass: the vocabulary suggestions come from
    rated = pool_ratings()  # (the pool names papers by their ids here)
    x, y, group = [], [], []
    for pid, (keyed, said, named_sims, lift) in zip(ids, rows, strict=True):
        for i, name in enumerate(names):
            if (str(pid), name) in rated:
                x.append([i in keyed, i in said, named_sims[i], lift[i]])
                y.append(rated[(str(pid), name)])
                group.append(pid)
    return np.array(x, dtype=float), np.array(y), np.array(group)


def main(argv: list[str] | None = None) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    from paperdesk.tagging.vocabulary import EXTRA_BIAS, EXTRA_WEIGHTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, help="a tagged library of the 5,000 papers")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        library = args.library
        if library is None:
            from paperdesk import Library

            library = make_library(Path(tmp) / "lib", args.data, 5000)
            with Library.open(library) as lib:
                lib.tagging.tag(threads=None)
        x, y, group = features(library)
    model = LogisticRegression(max_iter=3000)
    accuracy = cross_val_score(model, x, y, groups=group, cv=GroupKFold(10))
    model.fit(x, y)
    print(f"{len(y)} rated pairs on {len(set(group))} papers, {int(y.sum())} kept")
    print("weights (keyphrase, text, name cosine, lift):",
          ", ".join(f"{w:.2f}" for w in model.coef_[0]), f"bias {-model.intercept_[0]:.2f}")
    print(f"accuracy cross-validated by paper: {accuracy.mean():.3f}")
    print("in use:", ", ".join(f"{w:.2f}" for w in EXTRA_WEIGHTS), f"bias {EXTRA_BIAS:.2f}")
    print_top_k(x, y, group)


def print_top_k(x: np.ndarray, y: np.ndarray, group: np.ndarray) -> None:
    """Kept share of the fit's k best rated entries per paper (k = 1..3), and a perfect
    choice's: how far "three suggestions for every paper" is from "4 in 5 kept"."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    kept = y.astype(int)
    odds = np.zeros(len(y))
    for train, test in GroupKFold(10).split(x, kept, group):
        fit = LogisticRegression(max_iter=3000).fit(x[train], kept[train])
        odds[test] = fit.predict_proba(x[test])[:, 1]
    rows = [np.where(group == paper)[0] for paper in sorted(set(group))]
    for k in (1, 2, 3):
        chosen = [r[np.argsort(-odds[r], kind="stable")][:k] for r in rows]
        best = [r[np.argsort(-kept[r], kind="stable")][:k] for r in rows]
        n = sum(len(c) for c in chosen)
        print(f"{k} per paper: fit {sum(kept[c].sum() for c in chosen) / n:.1%} kept, "
              f"perfect choice {sum(kept[b].sum() for b in best) / n:.1%} ({n} suggestions)")


if __name__ == "__main__":
    main()
