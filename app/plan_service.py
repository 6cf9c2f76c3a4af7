"""Learning plans for the long-running servers (`advisor serve`, `advisor mcp`).

A plan reads the index's records, not a search (`rag.plan`), so one library serves every request
until a sync changes the index generation; then it is read again, once.
"""

from __future__ import annotations

import threading

from rag.plan import PlanLibrary, PlanRequest, build_plan
from rag.plan.models import Plan


class PlanService:
    def __init__(self, settings):
        from rag.stores import open_store

        self._store = open_store(settings).open_for_read()
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._library: PlanLibrary | None = None

    def plan(self, request: PlanRequest) -> Plan:
        return build_plan(request, self._current_library())

    def _current_library(self) -> PlanLibrary:
        with self._lock:
            generation = self._store.generation()
            if self._library is None or generation != self._generation:
                if self._library is not None:
                    self._store = self._store.reopen().open_for_read()
                    generation = self._store.generation()
                self._library, self._generation = PlanLibrary.from_store(self._store), generation
            return self._library
