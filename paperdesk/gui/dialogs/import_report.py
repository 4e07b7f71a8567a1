"""What an import did (added / merged / skipped, problems by line), copyable."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from paperdesk.library.importing import ImportReport


def report_text(report: ImportReport) -> str:
    """The report as plain text: a summary line, warnings, then one line per problem."""
    lines = [f"Added {report.added}, merged {report.merged}, skipped {report.skipped}, "
             f"problems {len(report.problems)}."]
    lines += [f"warning: {w}" for w in report.warnings]
    lines += report.merge_lines()
    for p in report.problems:
        where = f"{p.file}:{p.line}" if p.line else p.file
        lines.append(f"{where}: {p.key + ': ' if p.key else ''}{p.reason}")
    return "\n".join(lines)


class ImportReportDialog(QDialog):
    """Shows an :class:`ImportReport`; the text can be selected and copied."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        summary = QLabel(f"<b>{report.added}</b> added, <b>{report.merged}</b> merged with "
                         f"papers already here, <b>{report.skipped}</b> skipped, "
                         f"<b>{len(report.problems)}</b> could not be imported.")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.text = QPlainTextEdit(report_text(report))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Import report")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.text.toPlainText())
