"""Phrase caches (memory and SQLite) and the vector blob format."""

from __future__ import annotations

import numpy as np
import pytest
import sqlite_utils

from paperdesk.tagging.cache import PHRASE_TABLE_DDL, MemoryPhraseCache, SqlitePhraseCache
from paperdesk.tagging.vectors import as_stored, from_blob, to_blob


def unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return v / np.linalg.norm(v)


def test_blob_is_float16_and_round_trips_closely():
    v = unit(1)
    blob = to_blob(v)
    assert len(blob) == 384 * 2
    back = from_blob(blob)
    assert back.dtype == np.float32 and back.shape == (384,)
    assert float(back @ v) > 0.9999
    back[0] = 5.0  # a fresh, writable array
    np.testing.assert_array_equal(as_stored(v), from_blob(blob))


@pytest.fixture
def db(tmp_path):
    database = sqlite_utils.Database(tmp_path / "lib.sqlite")
    database.executescript(PHRASE_TABLE_DDL)
    yield database
    database.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_cache_returns_only_what_it_holds(kind, db):
    cache = MemoryPhraseCache() if kind == "memory" else SqlitePhraseCache(db, "m1")
    assert cache.get_many(["a", "b"]) == {}
    cache.put_many({"a": unit(1), "b": unit(2)})
    got = cache.get_many(["a", "c", "b"])
    assert set(got) == {"a", "b"}
    np.testing.assert_array_equal(got["a"], as_stored(unit(1)))
    cache.put_many({"a": unit(3)})
    np.testing.assert_array_equal(cache.get_many(["a"])["a"], as_stored(unit(3)))


def test_sqlite_cache_ignores_other_models_and_handles_many_phrases(db):
    SqlitePhraseCache(db, "old-model").put_many({"x": unit(1)})
    cache = SqlitePhraseCache(db, "m1")
    assert cache.get_many(["x"]) == {}
    many = {f"phrase {i}": unit(i) for i in range(1200)}
    cache.put_many(many)
    assert len(cache.get_many(list(many))) == 1200
    assert db["phrase_embeddings"].count == 1201  # plus the old model's "x"
    cache.put_many({"x": unit(2)})
    assert db.execute("SELECT model FROM phrase_embeddings WHERE phrase='x'").fetchone() == ("m1",)


def test_sqlite_cache_put_inside_an_open_transaction_uses_a_savepoint(db):
    cache = SqlitePhraseCache(db, "m1")
    with db.atomic():
        cache.put_many({"a": unit(1)})
        assert db.conn.in_transaction
    assert set(cache.get_many(["a"])) == {"a"}
