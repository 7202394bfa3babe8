"""Ed25519 signatures of what one office sends another (``.reforma`` packages).

The only module that imports ``cryptography``. Each office (each installation's data folder)
has one private key, created on first use and readable only by its user; its public key is
32 bytes written as base64 (``OfficeKey.public_text``). The receiving office keeps a list of
trusted keys with the name of the office each belongs to (``TrustedKeys``, a JSON file an
administrator edits through ``reglamentos admin confiar-clave``); its own key is always
trusted. ``verify`` says whether a signature over some bytes was made by a given public key.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey,
)

from ..domain.errors import ValidationError

__all__ = ["OfficeKey", "TrustedKeys", "parse_public_key", "verify"]

KEY_FILE = "clave_oficina.pem"
TRUSTED_FILE = "claves_confiables.json"


def parse_public_key(text: str) -> bytes:
    """The 32 raw bytes of a base64 public key; a Spanish ``ValidationError`` otherwise."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(f"«{text}» no es una clave pública: se escribe en base64, como "
                              "la muestra «reglamentos admin clave».") from exc
    if len(raw) != 32:
        raise ValidationError("La clave pública debe tener 32 bytes (44 caracteres en base64).")
    return raw


def verify(public_text: str, data: bytes, signature_text: str) -> bool:
    """Whether ``signature_text`` (base64) signs ``data`` with the key ``public_text``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(parse_public_key(public_text))
        key.verify(base64.b64decode(signature_text, validate=True), data)
        return True
    except (InvalidSignature, ValidationError, binascii.Error, ValueError):
        return False


@dataclass
class OfficeKey:
    """This office's signing key, kept in ``folder`` (created on first use, mode 0600)."""

    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / KEY_FILE

    def _private(self) -> Ed25519PrivateKey:
        if not self.path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
        try:
            key = serialization.load_pem_private_key(self.path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise ValidationError(f"La clave de firma de esta oficina ({self.path}) está "
                                  "dañada; pida al administrador que la restaure.") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise ValidationError(f"La clave de firma de esta oficina ({self.path}) no es "
                                  "Ed25519.")
        return key

    @property
    def public_text(self) -> str:
        raw = self._private().public_key().public_bytes(serialization.Encoding.Raw,
                                                        serialization.PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def sign(self, data: bytes) -> str:
        return base64.b64encode(self._private().sign(data)).decode("ascii")


@dataclass
class TrustedKeys:
    """The offices whose packages this one accepts: {public key (base64): office name}."""

    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / TRUSTED_FILE

    def load(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValidationError(f"La lista de claves confiables ({self.path}) está dañada.") \
                from exc
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def add(self, office: str, public_text: str) -> None:
        parse_public_key(public_text)
        if not office.strip():
            raise ValidationError("Indique el nombre de la oficina dueña de la clave.")
        keys = self.load()
        keys[public_text.strip()] = office.strip()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(keys, ensure_ascii=False, indent=1, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, self.path)

    def office_of(self, public_text: str, own: OfficeKey | None = None) -> str | None:
        """The office a key belongs to (this office's own key included); None if unknown."""
        if own is not None and own.path.exists() and public_text == own.public_text:
            return "esta oficina"
        return self.load().get(public_text)
