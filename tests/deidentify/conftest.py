"""Shared fixtures: deduce is built once per test session (about 10 s)."""

from __future__ import annotations

import pytest

from meervoud.deidentify import Deidentifier, deidentify, get_deduce


@pytest.fixture(scope="session")
def deid():
    """The public convenience function, with deduce loaded once."""
    get_deduce()
    return deidentify


@pytest.fixture(scope="session")
def patterns_only():
    """Pattern recognisers, lists and known names without deduce: fast and exact."""
    return Deidentifier(use_deduce=False)
