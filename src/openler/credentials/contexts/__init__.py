"""The bundled JSON-LD contexts and the offline document loader.

Contexts are never fetched: ``BundledLoader`` serves the documents listed in ``index.json``
(written by ``scripts/fetch_contexts.py`` from published packages, with source and license)
and refuses every other URL with ``CONTEXT_UNKNOWN``. ``extra`` lets a caller add standards
documents that are not bundled yet (tests use it for the W3C examples context); it is an
explicit choice of the caller, never filled from the network.

Speed: pyld keeps resolved contexts in a cache it shares between operations. The loader
owns its own caches (``resolver()`` and ``processed``), so a processed context comes only
from this loader's documents, never from another loader in the same process. The caches
are not locked: use one loader per thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from cachetools import LRUCache
from pyld.context_resolver import ContextResolver

from openler.credentials.proof_errors import ProofError

_FOLDER = resources.files(__name__)


@cache
def index() -> dict[str, dict[str, str]]:
    """URL -> {file, source, license, sha256} of every bundled context."""
    data: dict[str, dict[str, str]] = json.loads((_FOLDER / "index.json").read_text("utf-8"))
    return data


@cache
def _bundled_text(file: str) -> str:
    return (_FOLDER / file).read_text("utf-8")


def bundled_document(url: str) -> dict[str, Any]:
    """A fresh copy of a bundled context document (callers may not share mutable state)."""
    entry = index().get(url)
    if entry is None:
        raise ProofError("CONTEXT_UNKNOWN", f"the context {url} is not bundled with OpenLER")
    document: dict[str, Any] = json.loads(_bundled_text(entry["file"]))
    return document


class _LockedLRU(LRUCache[Any, Any]):
    """An LRU cache safe to share between threads (pyld reads and writes it directly)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize=maxsize)
        self._lock = threading.RLock()

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            super().__delitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            return super().get(key, default)

    def popitem(self) -> Any:
        with self._lock:
            return super().popitem()


class _BoundedDict(dict[Any, Any]):
    """A cache read at dict speed: ``get`` is dict's own (atomic under the GIL, no lock);
    when full, the oldest entries are dropped. For values that are cheap to recompute and
    read on every verification (safe-mode verdicts, canonical proof configurations,
    _tordf's expansions and term plans), where an LRU's bookkeeping and lock cost more than
    the rare recomputation."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def __setitem__(self, key: Any, value: Any) -> None:
        while len(self) >= self.maxsize:
            try:
                del self[next(iter(self))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                break
        super().__setitem__(key, value)


class BundledLoader:
    """A pyld document loader that serves only bundled (and caller-given) contexts."""

    def __init__(self, extra: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._extra = {url: json.loads(json.dumps(doc)) for url, doc in (extra or {}).items()}
        self._documents: dict[str, dict[str, Any]] = {}
        self._resolved: Any = _LockedLRU(maxsize=256)
        # processed active contexts, filled by safe_mode's processor (see there)
        self.processed: Any = _LockedLRU(maxsize=4096)
        # safe-mode verdicts by document skeleton, filled by safe_mode.check_safe
        self.verdicts: Any = _BoundedDict(maxsize=4096)
        # canonical proof configurations, filled by suites.base
        self.configs: Any = _BoundedDict(maxsize=1024)
        # IRI expansions and term plans by active context, filled by _tordf
        self.tordf: Any = _BoundedDict(maxsize=50_000)
        self.iri_terms: Any = None  # safe_mode's term kinds (safe_mode._KeyKinds)
        # ids of the objects inside the documents served (kept alive in _documents, never
        # changed after loading): safe_mode keys a scoped context by id when it is one
        self.context_ids: frozenset[int] = frozenset()

    def all_documents(self) -> list[dict[str, Any]]:
        """Every context document this loader can serve."""
        return [self(url)["document"] for url in sorted({*index(), *self._extra})]

    def knows(self, url: str) -> bool:
        return url in self._extra or url in index()

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        document = self._documents.get(url)
        if document is None:
            if url in self._extra:
                document = self._extra[url]
            elif url in index():
                document = bundled_document(url)
            else:
                raise ProofError(
                    "CONTEXT_UNKNOWN",
                    f"the context {url} is not bundled with OpenLER and contexts are never fetched",
                    field="@context",
                )
            self._documents[url] = document
            self.context_ids |= _object_ids(document)
        # 'tag': 'static' lets pyld keep the resolved context in this loader's cache.
        return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}

    def resolver(self) -> ContextResolver:
        """A pyld context resolver for one operation, sharing this loader's cache."""
        return ContextResolver(self._resolved, self)

    def options(self) -> dict[str, Any]:
        """pyld options for one operation with this loader."""
        # base None: a relative IRI stays relative (so safe mode can reject it) instead of
        # being resolved against a made-up document URL.
        return {"documentLoader": self, "contextResolver": self.resolver(), "base": None}


def _object_ids(node: Any) -> frozenset[int]:
    found: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            found.add(id(item))
            stack.extend(item)
    return frozenset(found)


@cache
def default_loader() -> BundledLoader:
    """A shared loader over the bundled contexts only (immutable data, so safe to share)."""
    return BundledLoader()
