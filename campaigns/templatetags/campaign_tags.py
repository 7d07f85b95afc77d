from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.selectors import open_campaigns_for_unit

register = template.Library()

SOON_DAYS = 7


def deadline_state(deadline: dt.date | None, today: dt.date | None = None) -> tuple[str, str]:
    """(css class, text) of the countdown to a nomination deadline."""
    if deadline is None:
        return "", _("Chưa có hạn nộp")
    today = today or timezone.localdate()
    days = (deadline - today).days
    if days < 0:
        return "deadline-over", _("Đã quá hạn %(days)s ngày") % {"days": -days}
    if days == 0:
        return "deadline-soon", _("Hôm nay là hạn cuối")
    text = ngettext("Còn %(days)s ngày", "Còn %(days)s ngày", days) % {"days": days}
    return ("deadline-soon" if days <= SOON_DAYS else "deadline-ok"), text


@register.simple_tag
def deadline_countdown(deadline: dt.date | None) -> dict[str, str]:
    css, text = deadline_state(deadline)
    return {"css": css, "text": text}


@register.inclusion_tag("campaigns/_clerk_campaigns_list.html", takes_context=True)
def clerk_campaigns(context) -> dict:
    """Published campaigns of the clerk's unit, nearest deadline first."""
    user = context["request"].user
    campaigns = list(open_campaigns_for_unit(user.unit)) if user.unit_id else []
    rows = [(c, *deadline_state(c.nomination_deadline)) for c in campaigns]
    return {"rows": rows, "request": context["request"]}
