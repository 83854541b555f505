"""Sync engine: pull Zid into the cache and push the outbox back (no Qt)."""

from zid_desk.sync.engine import OfflineError, PullResult, PushEstimate, PushResult, SyncEngine
from zid_desk.sync.progress import CancelToken, Progress, SyncCancelled

__all__ = [
    "CancelToken",
    "OfflineError",
    "Progress",
    "PullResult",
    "PushEstimate",
    "PushResult",
    "SyncCancelled",
    "SyncEngine",
]
