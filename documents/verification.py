"""Checks that `verify_documents` runs beside its own SHA-256 check of the stored PDFs.

A later stage keeps records the platform cannot read (the decisions' digitally signed files):
it registers a check here, and the command runs every registered check without importing the
stage. A check returns how many records it looked at and one line per mismatch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredRecordCheck:
    name: str
    run: Callable[[], tuple[int, list[str]]]


_CHECKS: dict[str, StoredRecordCheck] = {}


def register_check(check: StoredRecordCheck) -> None:
    _CHECKS[check.name] = check


def registered_checks() -> list[StoredRecordCheck]:
    return list(_CHECKS.values())
