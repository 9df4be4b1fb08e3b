"""Calls a function from several lines, and starts and resumes generators."""

import asyncio


def step(n: int) -> int:
    return n * 2


def numbers(limit: int):
    yield from range(limit)


async def fetch(key: str) -> str:
    await asyncio.sleep(0)
    return key.upper()


async def gather() -> str:
    return await fetch("a")


def main() -> None:
    step(1)
    step(2)
    first = numbers(3)
    next(first)
    next(first)  # resumed, not entered again
    second = numbers(2)
    next(second)
    print(asyncio.run(gather()))
    raise SystemExit("done with steps")


main()
