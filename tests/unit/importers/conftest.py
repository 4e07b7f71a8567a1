"""Importer tests: check at collection that the shipped fixtures are there (never skip)."""

from importer_testdata import FIXTURES

assert FIXTURES.is_dir(), f"test fixtures missing: {FIXTURES}"
