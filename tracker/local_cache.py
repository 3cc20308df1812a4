"""A small thread-safe LRU with expiry, one per process: for rendered public pages (tracker.web.caching) and
for contests' rules (tracker.ballot.judging)."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict


class LocalCache:
    """A small thread-safe LRU with expiry, one per process."""

    def __init__(self, size: int = 512):
        self.size = size
        self.items: OrderedDict[object, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return value

    def set(self, key, value, ttl: float) -> None:
        with self.lock:
            self.items[key] = (time.monotonic() + ttl, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
