"""User settings: where the database lives and where the bundled sample corpus is.

Settings are a small JSON file in the user's configuration folder (platformdirs). With no
settings, the database is a SQLite file in the user's data folder. ``REGLAMENTOS_DB`` and
``REGLAMENTOS_HOME`` override them, for scripts, tests and portable installs.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "reglamentos"


def data_dir() -> Path:
    home = os.environ.get("REGLAMENTOS_HOME")
    return Path(home) / "datos" if home else Path(platformdirs.user_data_dir(APP_NAME, False))


def config_dir() -> Path:
    home = os.environ.get("REGLAMENTOS_HOME")
    return Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, False))


def default_db_url() -> str:
    return f"sqlite:///{(data_dir() / 'reglamentos.sqlite3').as_posix()}"


def corpus_dir() -> Path:
    """The bundled sample corpus: next to the package, or inside a PyInstaller bundle."""
    env = os.environ.get("REGLAMENTOS_CORPUS")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "corpus"
    return Path(__file__).resolve().parent.parent / "corpus"


@dataclass
class Settings:
    """Persistent user settings."""

    db_url: str = ""
    sample_corpus_imported: bool = False
    # The workflow profile chosen on this computer, per database URL (ids differ between bases),
    # and when the user last looked at their notices (ISO 8601, UTC), also per database URL.
    workflow_profiles: dict[str, int] = field(default_factory=dict)
    notices_seen: dict[str, str] = field(default_factory=dict)

    @property
    def effective_db_url(self) -> str:
        return os.environ.get("REGLAMENTOS_DB") or self.db_url or default_db_url()

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "ajustes.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self) -> None:
        """Write atomically: a crash never leaves a half-written settings file."""
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
