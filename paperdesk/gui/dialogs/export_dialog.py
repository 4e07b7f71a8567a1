"""The export dialog: format, style, scope, options and a preview of the first entries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from paperdesk.export import EXPORTERS, SORTS, ExportOptions
from paperdesk.export.styles import style_names

#: formats laid out from the HTML export (by :mod:`paperdesk.documents`): name ->
#: (description, extension)
DOCUMENTS = {"odt": ("OpenDocument text", ".odt"), "pdf": ("PDF document", ".pdf")}
#: formats whose preview is rendered rather than shown as source
RENDERED = {"html", *DOCUMENTS}


def extension(fmt: str) -> str:
    """The file extension of an export format (".bib", ".odt", …)."""
    return DOCUMENTS[fmt][1] if fmt in DOCUMENTS else EXPORTERS[fmt].extension


def content_format(fmt: str) -> str:
    """The core exporter that makes ``fmt``'s content (ODT and PDF come from HTML)."""
    return "html" if fmt in DOCUMENTS else fmt

PREVIEW_COUNT = 5
OPTIONS = [("include_abstracts", "Abstracts"), ("include_notes", "Notes"),
           ("include_highlights", "Highlights"), ("include_tags", "Tags"),
           ("with_suggested_tags", "Suggested tags too"), ("group_by_tag", "Group by tag"),
           ("ascii", "ASCII only (BibTeX)")]


@dataclass(frozen=True)
class ExportRequest:
    """What the user chose: a format, options and a scope ("selection", "search", "tag",
    "all") with its value (the query or tag name)."""

    fmt: str
    options: ExportOptions
    scope: str
    value: str = ""


class ExportDialog(QDialog):
    """Choose what to export; the window runs the export.

    Signals:
        previewRequested(object): an :class:`ExportRequest` to preview (answer with
            :meth:`show_preview`).
    """

    previewRequested = Signal(object)  # noqa: N815

    def __init__(self, default_style: str, selection: int, query: str, tags: Sequence[str],
                 current_tag: str = "", parent: QWidget | None = None,
                 fmt: str = "bibtex") -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(760, 560)
        self.query = query
        top = QHBoxLayout()
        left = QVBoxLayout()
        form = QFormLayout()
        self.format = QComboBox()
        for name, e in EXPORTERS.items():
            self.format.addItem(f"{e.description} ({e.extension})", name)
        for name, (description, ext) in DOCUMENTS.items():
            self.format.addItem(f"{description} ({ext})", name)
        found = self.format.findData(fmt)
        self.format.setCurrentIndex(max(found, 0))
        self.format.setAccessibleName("Format")
        form.addRow("&Format", self.format)
        self.style = QComboBox()
        self.style.addItems(style_names())
        self.style.setCurrentText(default_style)
        self.style.setAccessibleName("Citation style")
        form.addRow("&Style", self.style)
        self.sort = QComboBox()
        self.sort.addItems(list(SORTS))
        self.sort.setAccessibleName("Order")
        form.addRow("&Order", self.sort)
        left.addLayout(form)

        scope_box = QGroupBox("Papers")
        scope = QVBoxLayout(scope_box)
        self.scopes = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for key, text, enabled in (
            ("selection", f"Selected papers ({selection})", selection > 0),
            ("search", f"Current search: {query}" if query else "Current search (none)",
             bool(query)),
            ("tag", "Papers tagged:", bool(tags)),
            ("all", "All papers", True),
        ):
            b = QRadioButton(text)
            b.setEnabled(enabled)
            self.scopes.addButton(b)
            self.scope_buttons[key] = b
            scope.addWidget(b)
            if key == "tag":
                self.tag = QComboBox()
                self.tag.addItems(list(tags))
                if current_tag:
                    self.tag.setCurrentText(current_tag)
                self.tag.setAccessibleName("Tag")
                scope.addWidget(self.tag)
        default = "selection" if selection > 0 else "search" if query else "all"
        self.scope_buttons[default].setChecked(True)
        left.addWidget(scope_box)

        opts_box = QGroupBox("Include")
        opts = QVBoxLayout(opts_box)
        self.options: dict[str, QCheckBox] = {}
        defaults = ExportOptions()
        for key, text in OPTIONS:
            box = QCheckBox(text)
            box.setChecked(bool(getattr(defaults, key)))
            box.toggled.connect(self._changed)
            self.options[key] = box
            opts.addWidget(box)
        left.addWidget(opts_box)
        left.addStretch(1)
        top.addLayout(left)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Preview")
        self.preview.setPlaceholderText("Preview of the first entries…")
        #: what the preview shows of the export ("Preview: the first 5 of 3,499 papers")
        self.preview_label = QLabel("Preview")
        right = QVBoxLayout()
        right.addWidget(self.preview_label)
        right.addWidget(self.preview, 1)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(lambda: self.previewRequested.emit(self.request()))
        for w in (self.format, self.style, self.sort, self.tag):
            w.currentIndexChanged.connect(self._changed)
        self.scopes.buttonToggled.connect(self._changed)
        self._update_enabled()

    def _changed(self, *args: object) -> None:
        self._update_enabled()
        self.timer.start()

    def _update_enabled(self) -> None:
        fmt = self.format.currentData()
        self.style.setEnabled(fmt in ("markdown", *RENDERED))
        self.options["ascii"].setEnabled(fmt in ("bibtex", "biblatex"))
        self.options["group_by_tag"].setEnabled(fmt in ("markdown", *RENDERED))
        self.tag.setEnabled(self.scope_buttons["tag"].isChecked())

    def request(self) -> ExportRequest:
        """The choices made."""
        scope = next(k for k, b in self.scope_buttons.items() if b.isChecked())
        value = self.query if scope == "search" else self.tag.currentText() if scope == "tag" \
            else ""
        fmt = self.format.currentData()
        options = ExportOptions(style=self.style.currentText(), sort=self.sort.currentText(),
                                biblatex=fmt == "biblatex",
                                **{k: b.isChecked() for k, b in self.options.items()})
        return ExportRequest(fmt, options, scope, value)

    def show_preview(self, text: str, shown: int | None = None, total: int | None = None
                     ) -> None:
        """Show the preview: HTML (and ODT, PDF) rendered as it will look, other formats as
        their source text in a fixed-width font; ``shown`` of ``total`` papers (its heading
        counts the papers shown: "5 papers" of an export of 3,499 misled a reviewer)."""
        if total is not None:
            self.preview_label.setText(
                f"Preview: the first {shown:,} of {total:,} papers" if shown and shown < total
                else f"Preview: {total:,} paper{'s' if total != 1 else ''}")
        if self.format.currentData() in RENDERED and not text.startswith("(no preview"):
            self.preview.setFont(self.font())
            self.preview.setHtml(text)
        else:
            self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.preview.setPlainText(text)

    def start_preview(self) -> None:
        """Ask for the first preview."""
        self.timer.start(0)


ExportCallback = Callable[[ExportRequest], None]
