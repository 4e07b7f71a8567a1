"""The Settings dialog over :class:`paperdesk.config.Settings`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from paperdesk.config import Settings
from paperdesk.errors import KnownError
from paperdesk.export.styles import add_user_style, style_names
from paperdesk.gui.errors import show_error


class SettingsDialog(QDialog):
    """Edits a copy of the settings; :meth:`settings` returns it."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        form = QFormLayout(self)
        self.style = QComboBox()
        self.style.addItems(style_names())
        self.style.setCurrentText(settings.default_style)
        self.style.setAccessibleName("Default citation style")
        style_row = QHBoxLayout()
        add_style = QPushButton("Add style…")
        add_style.setToolTip("Add a CSL style file (.csl), e.g. from the Zotero style repository")
        add_style.clicked.connect(self._add_style)
        style_row.addWidget(self.style, 1)
        style_row.addWidget(add_style)
        style_label = QLabel("Default citation &style")  # (a row of widgets: the label
        style_label.setBuddy(self.style)  # needs its buddy, or it shows the "&")
        form.addRow(style_label, style_row)
        self.tags = QSpinBox()
        self.tags.setRange(1, 20)
        self.tags.setValue(settings.tags_per_paper)
        self.tags.setAccessibleName("Tags per paper")
        form.addRow("Automatic &tags per paper", self.tags)
        self.tag_on_import = QCheckBox("Suggest tags for new papers after an import")
        self.tag_on_import.setChecked(settings.tag_on_import)
        form.addRow("", self.tag_on_import)
        row = QHBoxLayout()
        self.folder = QLineEdit(settings.library_dir)
        self.folder.setPlaceholderText("default: the user data folder")
        self.folder.setAccessibleName("Library folder")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        label = QLabel("&Library folder")  # a layout row's label only takes & on a widget
        label.setBuddy(self.folder)
        form.addRow(label, row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add_style(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Add a citation style", "",
                                              "CSL styles (*.csl)")
        if path:
            self.add_style_file(Path(path))

    def add_style_file(self, path: Path) -> None:
        """Add the style file ``path`` (see :func:`add_user_style`) and select it."""
        try:
            name = add_user_style(path)
        except KnownError as exc:
            show_error(self, exc)
            return
        self.style.clear()
        self.style.addItems(style_names())
        self.style.setCurrentText(name)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def settings(self) -> Settings:
        """The settings as edited."""
        return Settings(default_style=self.style.currentText(), tags_per_paper=self.tags.value(),
                        tag_on_import=self.tag_on_import.isChecked(),
                        library_dir=self.folder.text().strip())
