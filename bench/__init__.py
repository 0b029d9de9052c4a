"""Benchmarks for newsdesk (issue 5): ``python -m bench`` runs them all and prints one table.

Kept out of the test run (pytest's testpaths is ``tests/``): benchmarks measure wall time
on a shared, noisy machine, so every figure is printed beside a baseline measured in the
same run, never asserted.
"""
