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


def test_best_match_model_loads_when_typing_pauses(qtbot, window, monkeypatch):
    """A keystroke answered in Keyword mode for want of Best match's model does not load
    it: the model loads (off the GUI thread) once typing has paused, once."""
    from paperdesk.gui import mainwindow

    wait_idle(qtbot, window)
    loaded: list[str] = []
    wanted = [True]
    monkeypatch.setattr(mainwindow, "MODEL_PAUSE_MS", 300)
    window.model_timer.setInterval(300)
    monkeypatch.setattr(window.lib, "search_model_wanted", lambda: wanted[0])
    monkeypatch.setattr(window.lib, "warm_up_search", lambda: (
        loaded.append(threading.current_thread().name), wanted.__setitem__(0, False)))
    for text in ("rew", "rewa", "reward"):  # typing on: not loaded meanwhile
        with qtbot.waitSignal(window.searchShown, timeout=5000):
            window.search.setText(text)
            window._search_now()
        assert window.search_mode == "keyword" and not loaded
    qtbot.waitUntil(lambda: bool(loaded), timeout=5000)
    assert loaded == ["search-model"]  # a thread of its own, not the GUI's
    with qtbot.waitSignal(window.searchShown, timeout=5000):
        window.search.setText("reward model")
        window._search_now()
    qtbot.wait(500)
    assert loaded == ["search-model"] and not window.model_timer.isActive()
    wait_idle(qtbot, window)
