"""A worker's memories (public.memory): bounded, newest kept, and all forgotten with one call."""

import threading

import pytest

from public import memory
from public.memory import WorkerMemory


@pytest.fixture
def remembered():
    made = []

    def make(**bounds):
        found = WorkerMemory(f"test memory {len(made)}", **bounds)
        made.append(found)
        return found

    yield make
    for found in made:
        memory._every.pop(found.name, None)


def test_the_least_recently_used_go_first(remembered):
    kept = remembered(max_items=2)
    kept.set("a", 1)
    kept.set("b", 2)
    assert kept.get("a") == 1  # used again: now the newest
    kept.set("c", 3)
    assert kept.get_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_a_memory_bounded_by_bytes_keeps_within_them(remembered):
    kept = remembered(max_bytes=10)
    kept.set("a", "x", size=4)
    kept.set("b", "y", size=4)
    kept.set("a", "z", size=5)  # replaced: its old size is given back
    assert kept.bytes == 9
    kept.set("c", "w", size=4)
    assert list(kept.get_many(["a", "b", "c"])) == ["a", "c"]
    assert kept.bytes == 9


def test_one_call_forgets_every_memory_of_the_process(remembered):
    first, second = remembered(max_items=5), remembered(max_bytes=100)
    first.set("a", 1)
    second.set("b", 2, size=10)
    memory.forget_all()
    assert len(first) == len(second) == second.bytes == 0
    # The public site's own memories are registered: tests rely on forget_all() alone.
    names = {found.name for found in memory.every_memory()}
    assert {"cards", "parsed bodies", "pages: copies", "pages: kept values"} <= names


def test_threads_never_leave_it_over_its_bound(remembered):
    kept = remembered(max_items=50)

    def write(start):
        for n in range(2000):
            kept.set((start, n), n)
            kept.get((start, n - 1))

    threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50


def test_a_memory_needs_one_bound():
    with pytest.raises(ValueError):
        WorkerMemory("unbounded")
