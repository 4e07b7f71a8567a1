"""View › Jobs: every running and queued background job, with its progress and a Cancel of
its own (cancelling one never touches the others)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.ops import JobEntry, Ops

LANES = {"bulk": "background", "interactive": "interactive", "thread": "in the window"}


def progress_text(entry: JobEntry) -> str:
    """"1,200 / 5,000" (or "" while the total is not known)."""
    if entry.total:
        return f"{min(entry.done, entry.total):,} / {entry.total:,}"
    return "starting…" if entry.state == "running" else ""


class JobsPanel(QDockWidget):
    """A dock listing ``ops.entries``; follows :attr:`Ops.jobsChanged`."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__("Jobs", parent)
        self.setObjectName("jobs_panel")
        self.ops = ops
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Jobs")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(["Job", "State", "Progress", ""])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        for column, width in ((1, 170), (2, 130), (3, 80)):
            header.setSectionResizeMode(column, header.ResizeMode.Fixed)
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree)
        self.empty = QLabel("No jobs are running.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        self.setWidget(inner)
        self.items: dict[int, QTreeWidgetItem] = {}
        ops.jobsChanged.connect(self.refresh)
        if parent is not None and hasattr(parent, "addDockWidget"):
            parent.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.refresh()

    def refresh(self) -> None:
        """Show the jobs as they are now (updated in place)."""
        entries = {e.id: e for e in self.ops.entries}
        for gone in set(self.items) - set(entries):
            item = self.items.pop(gone)
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        for eid, entry in entries.items():
            item = self.items.get(eid)
            if item is None:
                item = QTreeWidgetItem(self.tree)
                self.items[eid] = item
                button = QToolButton()
                button.setText("Cancel")
                button.setToolTip(f"Cancel “{entry.label}” (other jobs go on)")
                button.setAccessibleName(f"Cancel {entry.label}")
                button.clicked.connect(lambda _=False, i=eid: self.ops.cancel_job(i))
                self.tree.setItemWidget(item, 3, button)
            item.setText(0, entry.detail if entry.detail and entry.state == "running"
                         else entry.label)
            item.setText(1, f"{entry.state} · {LANES.get(entry.lane, entry.lane)}")
            item.setText(2, progress_text(entry))
        self.empty.setVisible(not entries)
        self.tree.setVisible(bool(entries))

    def rows(self) -> list[tuple[str, str, str]]:
        """(job, state, progress) of every row, in order (for tests)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out.append((item.text(0), item.text(1), item.text(2)))
        return out

    def cancel_buttons(self) -> list[QToolButton]:
        """The Cancel button of each row, in order."""
        return [self.tree.itemWidget(self.tree.topLevelItem(i), 3)  # type: ignore[misc]
                for i in range(self.tree.topLevelItemCount())]
