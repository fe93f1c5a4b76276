"""ConcurrentWrites: independent jobs overlap, dependent ones wait, results keep their order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from entanglements.ingest.concurrency import ConcurrentWrites


class Recorder:
    def __init__(self) -> None:
        self.results: list[int] = []
        self.running = 0
        self.most_at_once = 0

    def job(
        self, n: int, seconds: float = 0.02, fail: bool = False
    ) -> Callable[[], Awaitable[int]]:
        async def run() -> int:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            await asyncio.sleep(seconds)
            self.running -= 1
            if fail:
                raise RuntimeError(f"job {n} failed")
            return n

        return run


@pytest.mark.asyncio
async def test_independent_jobs_overlap_and_report_in_submission_order() -> None:
    rec = Recorder()
    writes = ConcurrentWrites(2, rec.results.append)
    for n in range(6):
        await writes.submit(rec.job(n, seconds=0.05 if n % 2 == 0 else 0.01), independent=True)
    await writes.drain()
    await writes.close()
    assert rec.results == [0, 1, 2, 3, 4, 5]
    assert rec.most_at_once == 2  # never more than the writers asked for


@pytest.mark.asyncio
async def test_a_dependent_job_runs_alone_after_the_ones_before_it() -> None:
    rec = Recorder()
    writes = ConcurrentWrites(3, rec.results.append)
    await writes.submit(rec.job(0, seconds=0.05), independent=True)
    await writes.submit(rec.job(1, seconds=0.05), independent=True)
    await writes.submit(rec.job(2), independent=False)
    assert rec.results == [0, 1, 2]  # 2 ran only once 0 and 1 had finished
    await writes.close()


@pytest.mark.asyncio
async def test_one_writer_is_sequential() -> None:
    rec = Recorder()
    writes = ConcurrentWrites(1, rec.results.append)
    for n in range(3):
        await writes.submit(rec.job(n), independent=True)
    assert rec.results == [0, 1, 2] and rec.most_at_once == 1
    await writes.close()


@pytest.mark.asyncio
async def test_a_failure_is_raised_and_the_batches_in_flight_finish() -> None:
    rec = Recorder()
    writes = ConcurrentWrites(2, rec.results.append)
    await writes.submit(rec.job(0, fail=True), independent=True)
    await writes.submit(rec.job(1, seconds=0.1), independent=True)
    with pytest.raises(RuntimeError, match="job 0 failed"):
        await writes.drain()
    await writes.close()
    assert rec.running == 0  # close waited for job 1: nothing is left writing
