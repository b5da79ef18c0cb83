"""Fixtures shared by the whole suite: a real store, ../shared, a clean environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from travelwatch.errors import StorageError
from travelwatch.settings import Settings, load_settings
from travelwatch.storage.postgres import DEFAULT_ADMIN_URL, scratch_database
from travelwatch.storage.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get("TRAVELWATCH_TEST_PG", DEFAULT_ADMIN_URL)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the developer's environment or home directory."""
    for key in list(os.environ):
        if key.startswith("TRAVELWATCH_") and key != "TRAVELWATCH_TEST_PG":
            monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"db": str(tmp_path / "test.db")})


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A fresh, migrated SQLite store in a temporary file."""
    s = Store(settings=settings)
    yield s
    s.close()


@pytest.fixture
def shared() -> Path:
    """../shared beside the repo; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database, dropped afterwards; skips when no server answers."""
    pytest.importorskip("psycopg")
    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database(PG_ADMIN_URL, prefix="tw_test"))
        except StorageError as e:  # only the set-up is skipped, never a failure
            pytest.skip(e.reason)
        yield url
