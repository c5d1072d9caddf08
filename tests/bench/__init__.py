"""Benchmarks for Involve, reported as ratios against baselines measured in the same run.

Run ``python -m tests.bench`` from the checkout; see README.md in this folder. The module
names here deliberately do not match pytest's ``test_*.py`` / ``*_test.py`` patterns, so
``pytest`` never collects them.
"""
