"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    """A refused request (403: no permission, CSRF) is an answer, not a crash: Django logs it
    with the PermissionDenied traceback, which a newcomer reading the console takes for an
    error. Keep the record as one line (method, path, user, reason) and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.") and getattr(record, "status_code", None) == 403:
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            who = getattr(user, "username", "") or "anonymous"
            reason = ""
            if record.exc_info and record.exc_info[1] is not None:
                reason = str(record.exc_info[1])
            record.msg = "refused 403 %s %s (user %s)%s"
            record.args = (
                getattr(request, "method", "?"),
                getattr(request, "path", "?"),
                who,
                f": {reason}" if reason else "",
            )
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
