"""The benchmark behind `tools/bench.py`: synthetic sites, their floor, and the measurements.

Each module measures one thing and returns plain records; `report` turns them into the
Markdown table that docs/performance.md publishes.
"""
