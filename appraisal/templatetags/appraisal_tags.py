from django import template

from nominations.enums import VERDICT_ACTIONS
from nominations.timeline import action_label as _action_label

from ..selectors import appraisal_inbox, due_window, inbox_status_counts

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)


# Verdict actions in the audit trail (and the single action of entries written before they split).
VERDICT_AUDIT_ACTIONS = frozenset(
    {"nominee.appraise", *(f"nominee.{action}" for action in VERDICT_ACTIONS.values())}
)


@register.filter
def is_verdict(action: str) -> bool:
    return action in VERDICT_AUDIT_ACTIONS


@register.filter
def isodate(value: str) -> str:
    """ "2026-12-03" (as stored in audit data) -> "03/12/2026"."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return value


@register.inclusion_tag("appraisal/_home_summary.html", takes_context=True)
def appraisal_summary(context) -> dict:
    """The appraiser's home: counts per status, overdue and nearly-due dossiers, the next due."""
    user = context["request"].user
    window = due_window(user)
    base = appraisal_inbox(user, window=window)
    counts = inbox_status_counts(base)
    urgent_qs = appraisal_inbox(user, due="soon", sort="due", window=window)
    urgent = list(urgent_qs[:10])
    for dossier in urgent:
        dossier.due_state = window.state(dossier)
    return {
        "counts": counts,
        "waiting": counts.get("submitted", 0) + counts.get("resubmitted", 0),
        "in_progress": counts.get("received", 0) + counts.get("under_appraisal", 0),
        "urgent_count": urgent_qs.count(),
        "urgent": urgent,
        "window": window,
    }
