"""FastAPI dependencies: what a route needs, taken from the app's state (set in ``lifespan``)."""

from __future__ import annotations

from fastapi import Request

from api.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request):
    """The open store (graph.store.Store) the app was started with."""
    return request.app.state.store
