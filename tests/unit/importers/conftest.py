"""Importer tests: check at collection that the shared test data is there (never skip)."""

from importer_testdata import DATA, FIXTURES

assert FIXTURES.is_dir(), f"shared test data missing: {DATA}"
