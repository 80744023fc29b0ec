"""Worker processes for the benchmarks, each with its own cursor, as Odoo's prefork workers.

``harness.ThreadRun`` runs its workers as threads of the benchmark's process: Python code
there takes turns on one core (the GIL) while SQL waits in PostgreSQL, which is unfair to a
path that is mostly Python (``book()``) next to one that is mostly SQL (a raw baseline).
``ProcessRun`` runs every path in the same number of forked processes instead.

A forked child inherits the parent's registry (so nothing is loaded again) and the
parent's open database connections. It must never use those, nor close them: closing a
connection sends PostgreSQL the "terminate" message on the shared socket, which would end
the parent's session. So the child first points each inherited connection's socket at
``/dev/null`` (the parent's own file descriptors are untouched) and forgets them; its
cursor then opens a connection of its own. Odoo's prefork server avoids the question by
closing every connection before it forks (``sql_db.close_all()``); the benchmark cannot,
because its own cursor holds the run's data.
"""

import contextlib
import multiprocessing
import os
import queue
import random
import time
from collections import Counter

from harness import BenchError

from odoo import sql_db

# Fork: the children inherit the registry and the attempt functions (closures, which could
# not be pickled for a spawned process).
FORK = multiprocessing.get_context("fork")


def _forget_inherited_connections():
    """In a forked child: detach the parent's connections without touching their sessions."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for pool in (sql_db._Pool, sql_db._Pool_readonly):
        if pool is None:
            continue
        for cnx in pool._connections:
            with contextlib.suppress(Exception):
                os.dup2(devnull, cnx.fileno())
        # Never closed here: their terminate message would go to /dev/null, but the objects
        # are dropped with the process (os._exit) anyway.
        pool._connections = []
    os.close(devnull)


class ProcessRun:
    """Run ``processes`` worker processes doing ``attempts`` attempts each, started together.

    ``make_attempt(cr, tally)`` is called in each process once its cursor is open and
    returns the function of one attempt, ``attempt(rng) -> outcome``; it must leave the
    transaction committed or rolled back. ``tally`` is a Counter the attempts may add
    figures to (e.g. queries); the tallies of all processes are summed. An exception in an
    attempt is counted as ``error`` and its message kept. ``run()`` returns ``(Counter of
    outcomes, seconds from the common start to the last end, error messages, whether the
    time limit cut the run short, summed tally)``.
    """

    def __init__(self, registry, processes, attempts, max_seconds, seed):
        self.registry = registry
        self.processes = processes
        self.attempts = attempts
        self.max_seconds = max_seconds
        self.seed = seed

    def _child(self, index, make_attempt, barrier, results):
        _forget_inherited_connections()
        rng = random.Random(self.seed * 1000 + index)
        counts, tally, errors = Counter(), Counter(), []
        start = end = None
        timed_out = False
        cr = None
        try:
            cr = self.registry.cursor()
            attempt = make_attempt(cr, tally)
            barrier.wait(timeout=120)
            # CLOCK_MONOTONIC: the same clock in every process of the machine.
            start = time.perf_counter()
            deadline = start + self.max_seconds
            for _i in range(self.attempts):
                if time.perf_counter() > deadline:
                    timed_out = True
                    break
                try:
                    counts[attempt(rng)] += 1
                except Exception as exc:  # a worker never dies
                    with contextlib.suppress(Exception):
                        cr.rollback()
                    counts["error"] += 1
                    errors.append(f"{type(exc).__name__}: {exc}")
            end = time.perf_counter()
        except KeyboardInterrupt:
            errors.append("interrupted")
        except Exception as exc:  # reported, the run goes on
            errors.append(f"set-up: {type(exc).__name__}: {exc}")
            with contextlib.suppress(Exception):
                barrier.abort()
        finally:
            if cr is not None:
                with contextlib.suppress(Exception):
                    cr.rollback()
                    cr.close()
            with contextlib.suppress(Exception):
                sql_db.close_all()
            results.put((counts, tally, errors[:20], start, end, timed_out))

    def run(self, make_attempt):
        barrier = FORK.Barrier(self.processes)
        results = FORK.Queue()
        children = [
            FORK.Process(
                target=self._child,
                args=(index, make_attempt, barrier, results),
                name=f"bench-{index}",
                daemon=True,
            )
            for index in range(self.processes)
        ]
        for child in children:
            child.start()
        gathered = []
        try:
            # Read before joining: a child with a large result waits for the queue to drain.
            while len(gathered) < len(children):
                try:
                    gathered.append(results.get(timeout=1))
                except queue.Empty:  # is anybody still alive?
                    if not any(child.is_alive() for child in children):
                        break
        except KeyboardInterrupt:
            for child in children:
                child.terminate()
            for child in children:
                child.join(timeout=30)
            raise
        for child in children:
            child.join(timeout=30)
        counts, tally, errors, starts, ends, cut = Counter(), Counter(), [], [], [], False
        for c, t, e, start, end, timed_out in gathered:
            counts.update(c)
            tally.update(t)
            errors += e
            cut = cut or timed_out
            if start is not None:
                starts.append(start)
                ends.append(end)
        if len(gathered) < len(children):
            errors.append(f"{len(children) - len(gathered)} worker processes died")
        if not starts:
            raise BenchError("the workers could not start: " + "; ".join(errors[:3]))
        return counts, max(max(ends) - min(starts), 1e-9), errors, cut, tally
