"""Packaging: the top-level ``resources/`` folder is installed as ``paperdesk.resources``.

Everything else is in ``pyproject.toml``; this file only maps that folder, which keeps its
place beside the package in the source tree (``paperdesk.config.resource_path`` reads it).
"""

from setuptools import find_namespace_packages, find_packages, setup

#: the data folders, as (namespace) packages so that setuptools ships them without warnings
DATA = ["paperdesk.resources"] + [
    f"paperdesk.resources.{name}" for name in find_namespace_packages(where="resources")
]

setup(
    packages=find_packages(include=["paperdesk", "paperdesk.*"]) + DATA,
    package_dir={"paperdesk.resources": "resources"},
    # the CSL README and PROVENANCE (CC BY-SA credit) travel with the styles
    # (resources/js, citeproc-js from npm, is not shipped: the wheel formats with citeproc-py)
    package_data={"paperdesk.resources": ["*.txt", "*.jsonl", "*.md", "csl/*", "csl/locales/*",
                                          "icons/*"]},
)
