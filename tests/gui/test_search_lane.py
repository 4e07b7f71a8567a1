"""A keystroke's search has a lane of its own: it never waits behind the window's other
reads (sidebar counts, similar papers), and says where its time went."""

from __future__ import annotations

import threading

from tests.gui.conftest import wait_idle


def test_search_is_answered_while_every_reader_is_busy(qtbot, window):
    wait_idle(qtbot, window)
    gate = threading.Event()
    readers = window.ops.read_pool.maxThreadCount()
    for _ in range(readers + 2):  # every reader busy, and more reads queued behind them
        window.ops.read(lambda: gate.wait(20))
    try:
        with qtbot.waitSignal(window.searchShown, timeout=5000) as shown:
            window.search.setText("reward")
            window._search_now()
        assert shown.args == ["reward"]
        assert window.model.rowCount() > 0
        assert not gate.is_set()  # (the reads are still blocked)
        split = window.search_split
        assert set(split) == {"queued_ms", "search_ms", "rows_ms", "handover_ms", "model_ms"}
        assert all(v >= 0 for v in split.values())
    finally:
        gate.set()
    wait_idle(qtbot, window)
