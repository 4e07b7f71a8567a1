"""The Settings dialog over :class:`paperdesk.config.Settings`."""

from __future__ import annotations

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
from paperdesk.export.styles import style_names


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
        form.addRow("Default citation &style", self.style)
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

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def settings(self) -> Settings:
        """The settings as edited."""
        return Settings(default_style=self.style.currentText(), tags_per_paper=self.tags.value(),
                        tag_on_import=self.tag_on_import.isChecked(),
                        library_dir=self.folder.text().strip())
