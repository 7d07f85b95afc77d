from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.enums import ROLE_PRIORITY, Role

# Who gets the campaign list in the navigation (clerks see their campaigns on their home page).
CAMPAIGN_NAV_ROLES = (
    Role.ADMIN,
    Role.APPRAISER,
    Role.CHAIRMAN,
    Role.VICE_CHAIRMAN,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
)

ROLE_HOME_URL_NAMES: dict[str, str] = {
    Role.CLERK: "home_clerk",
    Role.APPRAISER: "home_appraiser",
    Role.COUNCIL_MEMBER: "home_council",
    Role.COUNCIL_SECRETARY: "home_council",
    Role.CHAIRMAN: "home_chairman",
    Role.VICE_CHAIRMAN: "home_chairman",
    Role.ADMIN: "home_admin",
}


# Short navigation labels: the role names themselves are too long for a laptop's navbar.
NAV_LABELS: dict[str, str] = {
    "home_clerk": gettext_lazy("Hồ sơ của đơn vị"),
    "home_appraiser": gettext_lazy("Thẩm định"),
    "home_council": gettext_lazy("Hội đồng"),
    "home_chairman": gettext_lazy("Lãnh đạo"),
    "home_admin": gettext_lazy("Quản trị"),
}


def workspace(request: HttpRequest) -> dict:
    """The authority, the person's roles and the role navigation for base.html."""
    user = getattr(request, "user", None)
    base = {"THIDUA_VERSION": settings.THIDUA_VERSION}
    if user is None or not user.is_authenticated:
        return base
    roles = [r for r in ROLE_PRIORITY if r in user.roles]
    nav: list[tuple[str, str]] = []
    seen: set[str] = set()
    for role in roles:
        url_name = ROLE_HOME_URL_NAMES[role]
        if url_name not in seen:
            seen.add(url_name)
            nav.append((url_name, str(NAV_LABELS[url_name])))
    if user.authority_id and user.has_role(*CAMPAIGN_NAV_ROLES):
        nav.append(("campaigns:list", str(_("Kế hoạch"))))
    if user.authority_id and user.has_role(Role.APPRAISER):
        nav.append(("decisions:list", str(_("Quyết định"))))
    if user.authority_id and user.has_role(Role.APPRAISER, Role.CHAIRMAN, Role.VICE_CHAIRMAN):
        nav.append(("awards:list", str(_("Giấy khen"))))
    if user.unit_id and user.has_role(Role.CLERK):
        nav.append(("awards:unit", str(_("Giấy khen của đơn vị"))))
    if user.has_role(Role.CHAIRMAN, Role.VICE_CHAIRMAN):
        nav.append(("signoff:list", str(_("Ký duyệt"))))
    if user.authority_id and roles:
        nav.append(("monitoring:dashboard_index", str(_("Số liệu"))))
        nav.append(("monitoring:search", str(_("Tìm kiếm"))))
    return {
        **base,
        "current_authority": user.authority,
        "current_roles": [Role(r).label for r in roles],
        "role_nav": nav,
    }
