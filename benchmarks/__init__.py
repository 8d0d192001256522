"""Benchmarks: run with `.venv/bin/python -m benchmarks` (see README)."""
