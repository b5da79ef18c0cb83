"""An in-process client on a filled store (the real app, the real database)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from advisory_store import Filled, fill
from fastapi.testclient import TestClient

from travelwatch.api import create_app
from travelwatch.settings import Settings, load_settings
from travelwatch.storage.store import Store

TOKEN = "test-token-123"


@pytest.fixture
def filled(store: Store) -> Filled:
    return fill(store)


@pytest.fixture
def client(filled: Filled) -> Iterator[TestClient]:
    with TestClient(create_app(filled.store), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def token_settings(settings: Settings) -> Settings:
    return load_settings({"db": settings.db, "api.token": TOKEN})


@pytest.fixture
def token_client(token_settings: Settings) -> Iterator[TestClient]:
    store = Store(settings=token_settings)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c
    store.close()
