"""The hub's durable store (SQLite through sqlite-utils): the only writer of SQL."""

from hub.store.pairing import PairingRequest, PairingStore
from hub.store.store import Store, StoredResponse
from hub.store.tokens import ROLES, TokenInfo, TokenStore, hash_token

__all__ = [
    "ROLES",
    "PairingRequest",
    "PairingStore",
    "Store",
    "StoredResponse",
    "TokenInfo",
    "TokenStore",
    "hash_token",
]
