"""File › Import from Zotero…: find the data folder, ask about group libraries, import in
the worker process, then show the accounting of every Zotero row."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk import jobs
from paperdesk.errors import InputFileError
from paperdesk.importers.zotero import default_data_dir, locate
from paperdesk.library.zotero_import import ZoteroReport

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow


def group_names(folder: Path) -> list[str]:
    """The group libraries of the Zotero database in ``folder`` (read from a copy)."""
    from paperdesk.importers.zotero.source import open_copy

    try:
        with open_copy(locate(folder)) as conn:
            return [r[0] for r in conn.execute("SELECT name FROM groups ORDER BY name")]
    except Exception:  # noqa: BLE001 - no groups table (Zotero 4) or not Zotero: none
        return []


class ZoteroImportDialog(QDialog):
    """Asks which Zotero data folder to import and which group libraries to add."""

    def __init__(self, folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from Zotero")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "PaperDesk reads a copy of Zotero's database (Zotero may stay open) and brings "
            "over items, notes, collections, tags, files and PDF annotations."))
        row = QHBoxLayout()
        self.path = QLineEdit(str(folder) if folder else "")
        self.path.setAccessibleName("Zotero data folder")
        self.path.setPlaceholderText("Zotero data folder (holds zotero.sqlite and storage/)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.found = QLabel("" if folder else "No Zotero data folder found in ~/Zotero.")
        layout.addWidget(self.found)
        self.groups_box = QVBoxLayout()
        layout.addLayout(self.groups_box)
        self.group_checks: list[QCheckBox] = []
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.path.textChanged.connect(lambda _t: self._load_groups())
        self._load_groups()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Zotero data folder", self.path.text())
        if folder:
            self.path.setText(folder)

    def _load_groups(self) -> None:
        for box in self.group_checks:
            self.groups_box.removeWidget(box)
            box.deleteLater()
        self.group_checks = []
        folder = Path(self.path.text()).expanduser()
        for name in group_names(folder) if folder.is_dir() else []:
            box = QCheckBox(f"Also import the group library “{name}”")
            box.setProperty("group", name)
            self.groups_box.addWidget(box)
            self.group_checks.append(box)

    def groups(self) -> list[str]:
        """The group libraries ticked."""
        return [str(b.property("group")) for b in self.group_checks if b.isChecked()]


def report_text(report: ZoteroReport) -> str:
    """The report as plain text: one line per category, warnings, then every problem."""
    lines = [f"Zotero library {report.source} (schema {report.schema}): "
             f"{report.added_text()}, merged into {len(report.merged_ids)}."]
    lines += report.lines()
    lines += [f"warning: {w}" for w in report.warnings]
    lines += [f"{p.category}: {p.key}: {p.reason}" + (f": {p.detail}" if p.detail else "")
              for p in report.problems]
    return "\n".join(lines)


class ZoteroReportDialog(QDialog):
    """Shows a :class:`ZoteroReport` (every row's outcome), selectable and copyable."""

    def __init__(self, report: ZoteroReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Zotero import report")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        text = QPlainTextEdit(report_text(report))
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask(win: MainWindow) -> ZoteroImportDialog:
    """Open the Zotero import dialog (with ~/Zotero filled in when it is there)."""
    dialog = ZoteroImportDialog(default_data_dir(), win)

    def accepted() -> None:
        folder = Path(dialog.path.text()).expanduser()
        try:
            locate(folder)
        except InputFileError as exc:
            from paperdesk.gui.errors import show_error

            show_error(win, exc)
            return
        run_import(win, folder, dialog.groups())

    dialog.accepted.connect(accepted)
    win.last_zotero_dialog = dialog
    dialog.open()
    return dialog


def run_import(win: MainWindow, folder: Path, groups: list[str]) -> None:
    """Import in the worker process, then refresh and show the report."""
    def done(report: ZoteroReport) -> None:
        dialog = ZoteroReportDialog(report, win)
        win.last_report_dialog = dialog
        dialog.open()
        win.importFinished.emit(report)

    win.ops.long_job(jobs.ZOTERO_LABEL, jobs.import_zotero, str(folder), groups, on_done=done)
