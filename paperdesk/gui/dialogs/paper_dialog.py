"""Add a paper by hand, or edit any paper's details."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from paperdesk.records import Author, Paper

#: details kept in the paper's ``extra`` (as the importers store them): (key, label)
EXTRA_FIELDS = [("pages", "&Pages"), ("volume", "Vo&lume"), ("publisher", "Pu&blisher"),
                ("editor", "&Editors")]
ENTRY_TYPES = ["article", "inproceedings", "book", "incollection", "phdthesis",
               "techreport", "misc"]


class PaperDialog(QDialog):
    """A form for a paper's metadata; :meth:`fields` gives what to store."""

    def __init__(self, paper: Paper | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit paper" if paper else "Add paper")
        self.resize(560, 640)
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.authors = QPlainTextEdit()
        self.authors.setPlaceholderText("One author per line: Family, Given")
        self.authors.setTabChangesFocus(True)
        self.authors.setMaximumHeight(90)
        self.year = QSpinBox()
        self.year.setRange(0, 2200)
        self.year.setSpecialValueText("—")
        self.venue = QLineEdit()
        self.entry_type = QComboBox()
        self.entry_type.addItems(ENTRY_TYPES)
        self.entry_type.setEditable(True)
        self.doi = QLineEdit()
        self.doi.setPlaceholderText("10.xxxx/…")
        self.url = QLineEdit()
        self.abstract = QPlainTextEdit()
        self.abstract.setTabChangesFocus(True)
        self.key = QLineEdit()
        self.key.setPlaceholderText("made from the first author and year when empty")
        self.extra_edits: dict[str, QLineEdit] = {}
        for key, _label in EXTRA_FIELDS:
            self.extra_edits[key] = QLineEdit()
        self.extra_edits["editor"].setPlaceholderText("Family, Given and Family, Given")
        self.extra_edits["pages"].setPlaceholderText("12–20")
        rows = [("&Title", self.title), ("A&uthors", self.authors), ("&Year", self.year),
                ("&Venue", self.venue), ("T&ype", self.entry_type), ("&DOI", self.doi),
                ("U&RL", self.url), ("&Citation key", self.key)]
        rows += [(label, self.extra_edits[key]) for key, label in EXTRA_FIELDS]
        rows.append(("&Abstract", self.abstract))
        for label, w in rows:
            w.setAccessibleName(label.replace("&", ""))
            form.addRow(label, w)
        self._extra: dict[str, Any] = dict(paper.extra) if paper is not None else {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title.textChanged.connect(self._check)
        if paper is not None:
            self.title.setText(paper.title)
            self.authors.setPlainText("\n".join(
                f"{a.family}, {a.given}" if a.given else a.family for a in paper.authors))
            self.year.setValue(paper.year or 0)
            self.venue.setText(paper.venue)
            self.entry_type.setCurrentText(paper.entry_type)
            self.doi.setText(paper.doi)
            self.url.setText(paper.url)
            self.abstract.setPlainText(paper.abstract)
            self.key.setText(paper.key)
            for key, edit in self.extra_edits.items():
                edit.setText(str(paper.extra.get(key, "") or ""))
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.title.text().strip()))

    def fields(self) -> dict[str, Any]:
        """The edited fields, as ``lib.papers.edit`` takes them."""
        extra = dict(self._extra)
        for key, edit in self.extra_edits.items():
            value = edit.text().strip()
            if value:
                extra[key] = value
            else:
                extra.pop(key, None)
        out = {
            "title": self.title.text().strip(),
            "authors": [Author.parse(line) for line in self.authors.toPlainText().splitlines()
                        if line.strip()],
            "year": self.year.value() or None,
            "venue": self.venue.text().strip(),
            "entry_type": self.entry_type.currentText().strip() or "article",
            "doi": self.doi.text().strip(),
            "url": self.url.text().strip(),
            "abstract": self.abstract.toPlainText().strip(),
            "extra": extra,
        }
        if self.key.text().strip():
            out["key"] = self.key.text().strip()
        return out

    def paper(self) -> Paper:
        """A new :class:`Paper` from the form."""
        return Paper(**self.fields())
