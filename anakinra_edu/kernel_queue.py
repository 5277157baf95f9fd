"""Kernels for a room started a few at a time: Voilà's kernel manager for ``anakinra-edu serve``.

Voilà replaces every kernel a trainee takes from the pre-started pool, and starts a kernel for every trainee
beyond the pool, all at once. On a server with one or two cores, thirty kernels starting together share
the processor with the kernels the room is already using, and each of them is ready only when all are.
Started as many at a time as the server has cores, the first replacement is ready after one start and the
room's kernels keep their share of the processor. Loaded by the Voilà server process only (jupyter_server).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


def cores_available() -> int:
    """Cores this process may run on (``taskset`` and container limits included) [count]."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class QueuedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with at most one kernel starting per core; the others wait their turn.

    It also gives every kernel one idle period from the moment the culler first considers it. Voilà never
    culls a kernel waiting in its pre-started pool, but a pool kernel keeps the time of its last activity:
    one that waited longer than the idle timeout was culled in the instant it was handed to a visitor, before
    the page connected, and the page never rendered. Voilà asks this manager only about kernels outside the
    pool, so the first time is when the kernel leaves it (or, without a pool, after it started).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = asyncio.Semaphore(cores_available())
        self._considered: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull an idle kernel (see ``MappingKernelManager``), but not the first time it is considered."""
        if kernel_id not in self._considered:
            self._considered.add(kernel_id)
            kernel = self._kernels.get(kernel_id)
            if kernel is not None:
                kernel.last_activity = utcnow()
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        """Shut the kernel down and forget that it was considered for culling."""
        self._considered.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        """Start a kernel once a start slot is free; returns its id (see ``AsyncMappingKernelManager``)."""
        async with self._starting:
            kernel_id: str = await super().start_kernel(*args, **kwargs)
            return kernel_id
