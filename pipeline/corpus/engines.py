"""Engines: run the corpus path's batches, the same ``batch.run_batch`` in local processes or on a Dask cluster.

Both yield each batch's summary in batch order, so a run reports the same
problems in the same order whichever engine ran it. Neither keeps a queue of
its own: the local engine is a ``ProcessPoolExecutor``, the Dask engine
``distributed.Client.map``.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence

from pipeline.corpus import batch

Engine = Callable[[Sequence[batch.Task], int, "str | None"], Iterator[batch.Summary]]


def local(tasks: Sequence[batch.Task], workers: int, scheduler: str | None = None) -> Iterator[batch.Summary]:
    """Given tasks and a number of worker processes, run the batches in a local process pool; yield their summaries in order.

    One worker runs the batches in this process. Workers are forked from a
    fresh server process that has imported the pipeline once, so they start
    fast and do not inherit the driver's threads (``scheduler`` is unused).
    """
    if workers == 1:
        yield from map(batch.run_batch, tasks)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline.corpus.batch"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(batch.run_batch, tasks)


def dask(tasks: Sequence[batch.Task], workers: int, scheduler: str | None = None) -> Iterator[batch.Summary]:
    """Given tasks and a Dask scheduler's address, run the batches on that cluster; yield their summaries in order.

    Without an address, Dask starts a local cluster of ``workers`` processes,
    one thread each, to try the engine on one machine. Every worker must be
    able to import this project and to read and write the tasks' paths.
    """
    from distributed import Client, LocalCluster  # only this engine needs Dask

    if scheduler:
        with Client(scheduler) as client:
            yield from in_order(client, tasks)
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        yield from in_order(client, tasks)


def in_order(client: object, tasks: Sequence[batch.Task]) -> Iterator[batch.Summary]:
    """Given a Dask client and tasks, submit every batch at once; yield their summaries in batch order."""
    for future in client.map(batch.run_batch, tasks, pure=False):
        yield future.result()


ENGINES: dict[str, Engine] = {"local": local, "dask": dask}
