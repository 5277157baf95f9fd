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

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


def cores_available() -> int:
    """Cores this process may run on (``taskset`` and container limits included) [count]."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class QueuedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with at most one kernel starting per core; the others wait their turn."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = asyncio.Semaphore(cores_available())

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        """Start a kernel once a start slot is free; returns its id (see ``AsyncMappingKernelManager``)."""
        async with self._starting:
            kernel_id: str = await super().start_kernel(*args, **kwargs)
            return kernel_id
