"""Thin Celery tasks: load by id, call the service."""

from __future__ import annotations

from celery import shared_task

from .services import render_document


@shared_task(name="documents.render_document")
def render_document_task(kind: str, object_id: str) -> int:
    """Render and store a document in the worker; returns the RenderedDocument id."""
    return render_document(kind=kind, object_id=object_id).pk
