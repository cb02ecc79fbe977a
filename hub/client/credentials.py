"""A device's identity and its hub credentials, kept in its config folder.

The hub hands a paired device its token exactly once, so the file is written atomically
(temporary file created 0600, fsync, `os.replace`, fsync of the folder): after a power cut
there is either the old file or the new one, never a half-written token, and at no moment
can another user read it. The device id lives in its own file because it outlives pairings:
a re-paired kiosk is still the same kiosk to the hub.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import uuid
from pathlib import Path

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, ValidationError

log = logging.getLogger(__name__)

CREDENTIALS_FILE = "credentials.json"
DEVICE_ID_FILE = "device_id"
PENDING_FILE = "pairing.json"


class PendingPairing(BaseModel):
    """A pairing request still waiting for approval, kept across an app restart.

    The request id is the capability to claim the token, so it is as private as the token.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    hub_url: str
    request_id: str
    code: str
    expires_at: float
    poll_after_s: float


class Credentials(BaseModel):
    """What a paired device needs to talk to its hub again after a restart."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    hub_id: str
    hub_url: str  # the API base, ending in /api/v1
    token: str
    role: str
    counter_id: str | None = None
    zone: str | None = None


def default_config_dir(kind: str) -> Path:
    """`~/.config/nowserving/<kind>` (platform-specific): one folder per app on a machine."""
    return user_config_path("nowserving") / kind


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; the file is 0600 from its first byte."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)  # os.replace: atomic on POSIX
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class CredentialStore:
    """The device's config folder: its stable id and, once paired, its credentials."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_kind(cls, kind: str) -> CredentialStore:
        """The store in the default config folder of an app kind."""
        return cls(default_config_dir(kind))

    @property
    def path(self) -> Path:
        """The credentials file."""
        return self.directory / CREDENTIALS_FILE

    def device_id(self) -> str:
        """The id of this device: generated on first use, then the same forever."""
        path = self.directory / DEVICE_ID_FILE
        with contextlib.suppress(FileNotFoundError):
            value = path.read_text(encoding="utf-8").strip()
            if value:
                return value
        value = uuid.uuid4().hex
        write_private(path, value.encode())
        return value

    def load(self) -> Credentials | None:
        """The stored credentials, or None when the device has not been paired."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            log.warning("%s was readable by others (mode %o); restricting it", self.path, mode)
            self.path.chmod(0o600)
        try:
            return Credentials.model_validate_json(raw)
        except ValidationError:
            log.exception("%s is unreadable; the device must be paired again", self.path)
            return None

    def save(self, credentials: Credentials) -> None:
        """Store credentials (0600, atomic)."""
        data = json.dumps(credentials.model_dump(), indent=2).encode() + b"\n"
        write_private(self.path, data)
        log.info("saved credentials for hub %s (%s) in %s", credentials.hub_id,
                 credentials.role, self.path)

    def load_pending(self) -> PendingPairing | None:
        """The pairing request this device was showing a code for, if any."""
        try:
            return PendingPairing.model_validate_json(
                (self.directory / PENDING_FILE).read_bytes())
        except (FileNotFoundError, ValidationError):
            return None

    def save_pending(self, pending: PendingPairing) -> None:
        """Remember the request being shown (0600, atomic)."""
        write_private(self.directory / PENDING_FILE, pending.model_dump_json().encode())

    def clear_pending(self) -> None:
        """The request was decided (or is unusable): forget it."""
        with contextlib.suppress(FileNotFoundError):
            (self.directory / PENDING_FILE).unlink()

    def delete(self) -> None:
        """Forget the credentials (token revoked); the device id stays."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class MemoryCredentialStore(CredentialStore):
    """Credentials given on the command line (`--token`): kept in memory, never saved."""

    def __init__(self, directory: Path, credentials: Credentials) -> None:
        super().__init__(directory)
        self._credentials: Credentials | None = credentials

    def load(self) -> Credentials | None:
        """The token given on the command line (None once the hub refused it)."""
        return self._credentials

    def save(self, credentials: Credentials) -> None:
        """Remember new credentials (a relocated hub) for this run only."""
        self._credentials = credentials

    def delete(self) -> None:
        """Forget the refused token; there is nothing on disk to remove."""
        self._credentials = None
