"""The core never imports Qt: it works where PySide6 is not installed."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "paperdesk", "paperdesk.library", "paperdesk.search", "paperdesk.importers",
    "paperdesk.export", "paperdesk.tagging", "paperdesk.cli.main", "paperdesk.cli.commands",
    "paperdesk.config", "paperdesk.progress", "paperdesk.jobs", "paperdesk.venues",
    "paperdesk.library.browse", "paperdesk.library.demo",
]

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in this test')
sys.meta_path.insert(0, BlockQt())
import importlib, tempfile
for m in {modules!r}:
    importlib.import_module(m)
from paperdesk import Library
from paperdesk.records import Paper
with Library.open(tempfile.mkdtemp()) as lib:
    lib.papers.add(Paper(title='No Qt here'))
    assert [h.title for h in lib.search('qt')] == ['No Qt here']
assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)
assert 'torch' not in sys.modules, 'the core must not import torch either'
print('ok')
"""


def test_core_imports_and_works_without_pyside6():
    proc = subprocess.run([sys.executable, "-c", BLOCK_QT.format(modules=CORE_MODULES)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
