"""Settings and paths. No Qt here: the GUI stores window state in QSettings itself."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "paperdesk"
_CHECKOUT = Path(__file__).resolve().parent.parent


@functools.cache
def resources_dir() -> Path:
    """The folder of shipped data: the checkout's ``resources/`` when running from a source
    tree (``PYTHONPATH`` or an editable install), else the installed package
    ``paperdesk.resources`` found through :mod:`importlib.resources` (wheel, bundle)."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "resources").is_dir():
        return _CHECKOUT / "resources"
    return Path(str(resources.files("paperdesk.resources")))


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in ``resources/`` (sample library, CSL styles, icons)."""
    return resources_dir().joinpath(*parts)


def default_library_dir() -> Path:
    """The library folder: ``$PAPERDESK_LIBRARY``, else the one chosen in Settings, else
    the platform's user data dir (``~/.local/share/paperdesk/library`` on Linux)."""
    env = os.environ.get("PAPERDESK_LIBRARY")
    if env:
        return Path(env).expanduser()
    chosen = Settings.load().library_dir
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "library"


def demo_library_dir() -> Path:
    """Folder of the built-in sample library (``paperdesk --demo``)."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "demo-library"


def cache_dir() -> Path:
    """Per-user cache (the exported ONNX model lives here): ``$PAPERDESK_CACHE_DIR`` if set."""
    env = os.environ.get("PAPERDESK_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP_NAME))


def config_file() -> Path:
    """The settings file."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "settings.json"


@dataclass
class Settings:
    """User settings, stored as JSON in :func:`config_file`."""

    default_style: str = "apa"
    tags_per_paper: int = 5
    tag_on_import: bool = True
    library_dir: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings, falling back to defaults for anything missing or unreadable."""
        path = path or config_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path | None = None) -> None:
        """Write settings atomically."""
        path = path or config_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)
