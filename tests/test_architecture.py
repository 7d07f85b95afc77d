"""The architecture, held by tests: the layers of the apps, the one place that assigns a workflow
state, the permissions every table and view names, and who reaches which page today."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import resolve, reverse

from audit.workflow import Workflow
from council.services import add_member
from organizations.enums import Role
from tests.factories import (
    UnitFactory,
    clerk_of,
    council_session,
    make_campaign,
    make_council,
    make_dossier,
    make_person,
    staff,
    submit,
)

ROOT = Path(settings.BASE_DIR)
# Directories that hold no code of ours (or code that may do anything: migrations).
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", "migrations", "test-artifacts"}

# --- The layers ------------------------------------------------------------------------------

# Platform apps (rank 0) import only the platform; each stage imports only earlier stages and the
# platform. Stages not written yet are ranked already, so their first import is checked.
PLATFORM = ("organizations", "audit", "documents", "notifications", "workdays")
STAGES = ("campaigns", "nominations", "appraisal", "council", "decisions", "awards")
# Above every stage: they may import anything, and nothing ranked may import them.
ABOVE = ("dashboard", "monitoring", "thidua", "bench", "tests")
RANK = {app: 0 for app in PLATFORM} | {app: i for i, app in enumerate(STAGES, start=1)}


def python_files(*tops: str) -> list[Path]:
    """The Python files of these top-level folders (every folder if none), migrations excluded."""
    roots = [ROOT / top for top in tops] if tops else [ROOT]
    found = []
    for root in roots:
        for path in root.rglob("*.py"):
            if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
                found.append(path)
    return sorted(found)


def local_app_configs() -> list:
    """The installed apps whose code is in this repository (not in the virtualenv)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
        and not SKIPPED_DIRS & set(Path(config.path).relative_to(ROOT).parts)
    ]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, dotted name) of every absolute import, lazy ones and import_module("…") too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and _callee(node) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def layer_violations(app: str, source: str, filename: str) -> list[str]:
    """Each import by `app` of a later stage, of a stage by a platform app, or of an app above
    the stages, as "file:line module: why"."""
    rank = RANK[app]
    found = []
    for line, module in imported_modules(ast.parse(source, filename)):
        top = module.split(".")[0]
        if top in ABOVE:
            why = f"{top} sits above every stage"
        elif top == app or top not in RANK:
            continue
        elif rank == 0 and RANK[top] > 0:
            why = "the platform never imports a stage"
        elif RANK[top] > rank > 0:
            why = f"{top} comes after {app}"
        else:
            continue
        found.append(f"{filename}:{line} {module}: {why}")
    return found


def test_layers_every_package_of_the_project_has_a_place() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    local_apps = {config.name.split(".")[0] for config in local_app_configs()}
    assert (packages | local_apps) - set(RANK) - set(ABOVE) == set()


def test_layers_no_app_imports_a_later_stage() -> None:
    violations = []
    for app in RANK:
        for path in python_files(app):
            violations += layer_violations(app, path.read_text(encoding="utf-8"), rel(path))
    assert violations == []


@pytest.mark.parametrize(
    ("app", "source", "expected"),
    [
        (
            "organizations",
            "from nominations.models import Dossier",
            ["x.py:1 nominations.models: the platform never imports a stage"],
        ),
        (
            "documents",
            "def f():\n    import council.services",
            ["x.py:2 council.services: the platform never imports a stage"],
        ),
        (
            "campaigns",
            "import appraisal.services",
            ["x.py:1 appraisal.services: appraisal comes after campaigns"],
        ),
        (
            "appraisal",
            "from importlib import import_module\nimport_module('decisions.services')",
            ["x.py:2 decisions.services: decisions comes after appraisal"],
        ),
        (
            "nominations",
            "from dashboard.views import home",
            ["x.py:1 dashboard.views: dashboard sits above every stage"],
        ),
        ("appraisal", "from campaigns.models import Campaign\nimport nominations.enums", []),
        ("documents", "from audit.services import record\nfrom organizations import models", []),
        ("nominations", "from .enums import DossierStatus\nfrom . import rules", []),
        ("council", "from appraisal.selectors import council_agenda", []),
    ],
)
def test_layers_checker_flags_exactly_the_wrong_imports(app, source, expected) -> None:
    assert layer_violations(app, source, "x.py") == expected


# --- Who assigns a workflow state ------------------------------------------------------------

# Every write of a workflow state outside audit/workflow.py, as (file, what) → why it may stay.
# Each entry must still match something: an entry that matches nothing fails the test.
ALLOWED_STATE_WRITES = {
    # The one load generator (generate_load_data): 100,000 nominees in every state of the flow
    # by bulk_create in about a minute; walking each through the services would take hours and
    # measure the services, not the pages. Data for measurement, with no history (no audit).
    ("dashboard/loadgen.py", "Dossier(status=…)"): (
        "load data: dossiers bulk-created in the states of a deadline day"
    ),
    ("dashboard/loadgen.py", "nominee.status = …"): "load data: nominees before bulk_create",
    ("dashboard/loadgen.py", "n.status = …"): "load data: the verdict's stage, then bulk update",
    (
        "dashboard/loadgen.py",
        "Nominee.objects.filter(pk__in=pks[start:start + 20000]).update(status=…)",
    ): ("load data: the stage reached after the generated verdicts and council results"),
    ("dashboard/loadgen.py", "CouncilSession.objects.create(status=…)"): (
        "load data: closed sessions and the one open for voting"
    ),
    ("dashboard/loadgen.py", "Decision.objects.create(status=…)"): (
        "load data: decisions submitted for signature"
    ),
    ("bench/decision_documents.py", "decision.status = …"): (
        "benchmark: draft copies of a generated decision, in a transaction rolled back at the end"
    ),
    ("bench/inbox.py", "Campaign.objects.create(status=…)"): (
        "test data: one campaign of 5,000 dossiers by bulk_create (tests of one list at scale); "
        "walking each through the services would measure the services, not the list"
    ),
    ("bench/inbox.py", "Dossier(status=…)"): "the same test data",
    ("bench/appraisal.py", "Campaign.objects.create(status=…)"): (
        "benchmark data: 10,000 dossiers / 100,000 nominees by bulk_create in their own "
        "authority, deleted after the run (the same reason as bench/inbox.py)"
    ),
    ("bench/appraisal.py", "Dossier(status=…)"): "the same benchmark data",
    ("bench/appraisal.py", "Dossier.objects.create(status=…)"): (
        "the same benchmark data: the one 20-nominee dossier under appraisal"
    ),
    ("bench/dashboard.py", "Campaign.objects.create(status=…)"): (
        "benchmark data: 100,000 nominees at every stage by bulk_create in their own authority, "
        "deleted after the run (the same reason as bench/inbox.py)"
    ),
    ("bench/dashboard.py", "Dossier(status=…)"): "the same benchmark data",
    ("bench/dashboard.py", "Nominee(status=…)"): "the same benchmark data",
    ("bench/certificates.py", "Campaign.objects.create(status=…)"): (
        "benchmark and fault-test data: one published campaign whose 1,000 nominees are "
        "bulk-created as recommended by the council; the decision is then drafted and signed "
        "through the services (walking 1,000 nominees through every stage would measure them)"
    ),
    ("bench/certificates.py", "Dossier(status=…)"): "the same benchmark data",
    ("bench/certificates.py", "Nominee(status=…)"): "the same benchmark data",
    ("documents/services.py", "job.status = …"): (
        "a RenderJob's progress (queued, running, done, failed) is the worker's bookkeeping of a "
        "PDF being made, not a workflow of the domain: no actor, no permission, no audit"
    ),
    ("tests/test_transition_matrices.py", "locked.status = …"): (
        "deliberate tampering: a prepare() or after() that changes the state must raise "
        "RuntimeError and roll back"
    ),
}
# Set-up shortcuts in test files being rewritten to build their states through the services
# (issue 8, the lead's test fix). Delete each entry with its shortcut: the test fails on
# an entry that no longer matches anything.
PENDING_STATE_WRITES: dict[tuple[str, str], str] = {}
# Calls that create rows with the given fields.
CREATING = {"create", "get_or_create", "update_or_create", "acreate", "aget_or_create"}


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _root_name(node: ast.AST) -> str | None:
    """The name a call chain starts from: Dossier in Dossier.objects.filter(…).update."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _keys(node: ast.AST) -> set[str]:
    if not isinstance(node, ast.Dict):
        return set()
    return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _written(call: ast.Call, fields: frozenset[str]) -> list[str]:
    """The state fields a call sets: status=…, **{"status": …}, defaults={"status": …}."""
    found: set[str] = set()
    for kw in call.keywords:
        if kw.arg in fields:
            found.add(kw.arg)
        elif kw.arg is None or kw.arg in ("defaults", "create_defaults"):
            found |= _keys(kw.value) & fields
    return sorted(found)


def _listed(node: ast.AST, fields: frozenset[str]) -> set[str]:
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return set()
    return {e.value for e in node.elts if isinstance(e, ast.Constant)} & fields


def state_writes(
    source: str,
    *,
    fields: frozenset[str],
    models: frozenset[str],
    others: frozenset[str] = frozenset(),
) -> list[tuple[int, str]]:
    """(line, what) of every assignment of a state field in the source: `x.status = …`,
    `setattr(x, "status", …)`, `….update(status=…)` (and `**{"status": …}`), creations with a
    status (`Dossier.objects.create(status=…)`, `Dossier(status=…)`, `defaults={"status": …}`),
    `bulk_update(…, ["status"])`. `models` are the workflow models' class names; calls on a chain
    that starts from one of `others` (models with a field of the same name but no workflow) are
    not writes of a workflow state."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if isinstance(node, ast.AnnAssign) and node.value is None:
                continue
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Attribute) and sub.attr in fields:
                        found.append((node.lineno, f"{ast.unparse(sub)} = …"))
            continue
        if not isinstance(node, ast.Call) or _root_name(node.func) in others:
            continue
        name = _callee(node)
        written: list[str] = []
        if name == "setattr" and len(node.args) >= 2:
            attr = node.args[1]
            if isinstance(attr, ast.Constant) and attr.value in fields:
                found.append(
                    (node.lineno, f"setattr({ast.unparse(node.args[0])}, {attr.value!r}, …)")
                )
            continue
        if name == "update" or name in CREATING or name in models:
            written = _written(node, fields)
        elif name == "bulk_update":
            given = node.args[1:2] + [kw.value for kw in node.keywords if kw.arg == "fields"]
            listed = sorted({field for arg in given for field in _listed(arg, fields)})
            if listed:
                found.append((node.lineno, f"{ast.unparse(node.func)}(…, {listed!r})"))
            continue
        if written:
            shown = ", ".join(f"{field}=…" for field in written)
            found.append((node.lineno, f"{ast.unparse(node.func)}({shown})"))
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def workflow_modules() -> list[str]:
    """The modules of the apps that define a Workflow(...) at module level."""
    found = []
    for app in (*RANK, "dashboard"):
        for path in python_files(app):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                value = getattr(node, "value", None)
                if (
                    isinstance(node, ast.Assign | ast.AnnAssign)
                    and isinstance(value, ast.Call)
                    and _callee(value) == "Workflow"
                ):
                    found.append(_module_name(path))
                    break
    return found


def workflows() -> list[Workflow]:
    found: dict[int, Workflow] = {}
    for name in workflow_modules():
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, Workflow):
                found[id(value)] = value
    return list(found.values())


def test_workflows_are_found_in_the_apps() -> None:
    found = {(w.name, w.model._meta.label, w.state_field) for w in workflows()}
    # Today's four; the council's sessions and the decisions join by declaring theirs.
    assert {
        ("campaign", "campaigns.Campaign", "status"),
        ("question", "campaigns.CampaignQuestion", "status"),
        ("dossier", "nominations.Dossier", "status"),
        ("nominee", "nominations.Nominee", "status"),
        ("council_session", "council.CouncilSession", "status"),
    } <= found


def test_workflow_state_is_assigned_only_by_the_transition_helper() -> None:
    found = workflows()
    fields = frozenset(w.state_field for w in found)
    models = frozenset(w.model.__name__ for w in found)
    others = frozenset(
        model.__name__
        for model in apps.get_models()
        if model.__name__ not in models and any(f.name in fields for f in model._meta.get_fields())
    )
    allowed = ALLOWED_STATE_WRITES | PENDING_STATE_WRITES
    unexpected, used = [], set()
    for path in python_files():
        if rel(path) == "audit/workflow.py":
            continue
        source = path.read_text(encoding="utf-8")
        for line, what in state_writes(source, fields=fields, models=models, others=others):
            if (rel(path), what) in allowed:
                used.add((rel(path), what))
            else:
                unexpected.append(f"{rel(path)}:{line}: {what}")
    assert unexpected == []
    assert sorted(set(allowed) - used) == []  # stale allow-list entries


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("dossier.status = 'returned'", ["dossier.status = …"]),
        ("self.dossier.status += 'x'", ["self.dossier.status = …"]),
        ("a, b.status = 1, 2", ["b.status = …"]),
        ("setattr(dossier, 'status', 'x')", ["setattr(dossier, 'status', …)"]),
        (
            "Dossier.objects.filter(pk=1).update(status='x', note='')",
            ["Dossier.objects.filter(pk=1).update(status=…)"],
        ),
        ("qs.update(**{'status': 'x'})", ["qs.update(status=…)"]),
        ("Dossier.objects.create(unit=u, status='x')", ["Dossier.objects.create(status=…)"]),
        (
            "campaign.dossiers.update_or_create(pk=1, defaults={'status': 'x'})",
            ["campaign.dossiers.update_or_create(status=…)"],
        ),
        ("Nominee(dossier=d, status='x')", ["Nominee(status=…)"]),
        ("models.Nominee(status='x')", ["models.Nominee(status=…)"]),
        (
            "Dossier.objects.bulk_update(rows, ['note', 'status'])",
            ["Dossier.objects.bulk_update(…, ['status'])"],
        ),
        (
            "Nominee.objects.bulk_update(rows, fields=('status',))",
            ["Nominee.objects.bulk_update(…, ['status'])"],
        ),
        # Reads, responses and other models are not writes of a workflow state.
        ("Dossier.objects.filter(status='x').exclude(status='y')", []),
        ("render(request, 'page.html', status=400)", []),
        ("JsonResponse(body, status=503)", []),
        ("dossier.note = 'x'\nsetattr(dossier, name, value)", []),
        ("RenderJob.objects.create(status='done')", []),
        ("RenderJob.objects.filter(pk=1).update(status='done')", []),
        ("print(dossier.status)", []),
    ],
)
def test_workflow_state_checker_flags_exactly_the_writes(source, expected) -> None:
    found = state_writes(
        source,
        fields=frozenset({"status"}),
        models=frozenset({"Dossier", "Nominee"}),
        others=frozenset({"RenderJob"}),
    )
    assert [what for _line, what in found] == expected


def _subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


def test_workflow_state_is_no_field_of_a_form_or_an_admin() -> None:
    """A model form or an admin page that edits the state would bypass the helper."""
    for config in local_app_configs():
        if (Path(config.path) / "forms.py").exists():
            importlib.import_module(f"{config.name}.forms")
    fields = {w.model: w.state_field for w in workflows()}
    model_forms = [
        form
        for form in _subclasses(forms.ModelForm)
        if hasattr(form, "_meta") and form._meta.model in fields
    ]
    assert {"CampaignForm", "DossierForm", "NomineeForm"} <= {f.__name__ for f in model_forms}
    editing = [
        f"{form.__module__}.{form.__name__}"
        for form in model_forms
        if fields[form._meta.model] in form.base_fields
    ]
    for model, model_admin in admin.site._registry.items():
        if model in fields and fields[model] not in model_admin.readonly_fields:
            editing.append(f"{type(model_admin).__module__}.{type(model_admin).__name__}")
    assert editing == []


# --- Permissions exist -----------------------------------------------------------------------

# Run in a fresh interpreter: django.setup() only (the rules modules come from django-rules'
# autodiscovery, not from a view that happened to import them), then read the tables.
PERMISSIONS_SCRIPT = """
import importlib, json, sys
import django

django.setup()
import rules

registered = sorted(rules.permissions.permissions)
ours = set(sys.argv[2].split(","))
pages = sorted(
    m for m in sys.modules if m.split(".")[0] in ours and m.rsplit(".", 1)[-1] in ("views", "urls")
)
from audit.workflow import Transition, Workflow

tables = {}
for name in sys.argv[1].split(","):
    module = importlib.import_module(name)
    for attr, value in vars(module).items():
        if isinstance(value, Workflow):
            value = value.transitions
        if isinstance(value, dict) and value and all(
            isinstance(t, Transition) for t in value.values()
        ):
            tables[f"{name}.{attr}"] = {str(a): t.permission for a, t in value.items()}
print(json.dumps({"registered": registered, "pages": pages, "tables": tables}))
"""


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def asked_permissions() -> dict[str, set[str]]:
    """Permission name → where the code asks for it: has_perm("…"), has_perms([…]),
    permission_required("…") (a variable is followed to its assignments in the same function),
    and {% has_perm "…" %} / perms.app.name in the templates."""
    asked: dict[str, set[str]] = {}
    for app in (*RANK, *ABOVE):
        if app in ("tests", "bench"):
            continue
        for path in python_files(app):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)] + [tree]
            for scope in scopes:
                assigned: dict[str, list[str]] = {}
                for node in ast.walk(scope):
                    if isinstance(node, ast.Assign):
                        for target in node.targets:
                            if isinstance(target, ast.Name):
                                assigned.setdefault(target.id, []).extend(_strings(node.value))
                for node in ast.walk(scope):
                    if not isinstance(node, ast.Call) or not node.args:
                        continue
                    if _callee(node) not in ("has_perm", "has_perms", "permission_required"):
                        continue
                    arg = node.args[0]
                    names = assigned.get(arg.id, []) if isinstance(arg, ast.Name) else []
                    if isinstance(arg, ast.Constant | ast.List | ast.Tuple):
                        names = _strings(arg)
                    for name in names:
                        asked.setdefault(name, set()).add(f"{rel(path)}:{node.lineno}")
    pattern = re.compile(r"""{%\s*has_perm\s+["']([\w.]+)["']|\bperms\.(\w+)\.(\w+)""")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or f"{match.group(2)}.{match.group(3)}"
            asked.setdefault(name, set()).add(rel(path))
    return asked


def test_permissions_every_table_and_view_names_one_that_exists() -> None:
    modules = sorted(
        {*workflow_modules(), *(f"{a}.enums" for a in RANK if (ROOT / a / "enums.py").exists())}
    )
    ours = ",".join((*RANK, *ABOVE))
    result = subprocess.run(
        [sys.executable, "-c", PERMISSIONS_SCRIPT, ",".join(modules), ours],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["pages"] == []  # no view or URL module was needed to register the rules
    registered = set(found["registered"])
    named = {
        f"{table}[{action}]": permission
        for table, actions in found["tables"].items()
        for action, permission in actions.items()
    }
    asked = asked_permissions()
    # The collectors see today's tables and views (they would pass vacuously if they saw none).
    assert {
        "campaigns.services.CAMPAIGN_WORKFLOW",
        "campaigns.services.QUESTION_WORKFLOW",
        "nominations.workflow.DOSSIER_WORKFLOW",
        "nominations.workflow.NOMINEE_WORKFLOW",
        "campaigns.enums.CAMPAIGN_TRANSITIONS",
        "nominations.enums.DOSSIER_TRANSITIONS",
        "nominations.enums.NOMINEE_TRANSITIONS",
    } <= set(found["tables"])
    assert {
        "appraisal.use_desk",
        "campaigns.manage",
        "campaigns.change_campaign",
        "campaigns.ask_question",
        "nominations.create_dossier",
        "nominations.edit_dossier",
    } <= set(asked)
    missing = sorted(
        [f"{where}: {perm}" for where, perm in named.items() if perm not in registered]
        + [
            f"{', '.join(sorted(where))}: {perm}"
            for perm, where in asked.items()
            if perm not in registered
        ]
    )
    assert missing == []


# --- Who reaches which page ------------------------------------------------------------------

ERROR_TITLES = {403: "Không có quyền truy cập", 404: "Không tìm thấy trang"}
LOGIN = "→ login"


@pytest.fixture
def world(authority, other_authority, unit, clerk, appraiser, council_member, chairman):
    """Authority A with units A (the `clerk`) and B, its staff, a published campaign (at most two
    dossiers per unit) with a draft and a submitted dossier of unit A, a draft campaign, and an
    appraiser of another authority."""
    unit_b = UnitFactory(authority=authority, name="UBND xã Ba Bích")
    people = {
        "anonymous": None,
        "clerk_a": clerk,
        "clerk_b": clerk_of(unit_b),
        "appraiser": appraiser,
        "council_member": council_member,
        "chairman": chairman,
        "admin": make_person(Role.ADMIN, authority=authority),
        "outsider": staff(other_authority, Role.APPRAISER),
    }
    campaign = make_campaign(authority, title="Phong trào thi đua ma trận", max_dossiers_per_unit=2)
    draft_campaign = make_campaign(authority, title="Kế hoạch còn dự thảo", publish=False)
    draft = make_dossier(campaign, clerk)
    sent = submit(make_dossier(campaign, clerk, names=("Phạm Thị Hoa",)), clerk)
    # A council whose one voting member is `council_member`, voting on another campaign.
    council = make_council(authority, members=0)
    add_member(
        actor=None,
        council=council,
        person=council_member,
        role="member",
        start_date=campaign.issued_on - dt.timedelta(days=1),
    )
    session = council_session(
        make_campaign(authority, title="Kế hoạch có phiên họp"), council, names=("Hồ Văn Xét",)
    )
    pages = {
        "home": reverse("home"),
        "home_clerk": reverse("home_clerk"),
        "home_appraiser": reverse("home_appraiser"),
        "home_council": reverse("home_council"),
        "home_chairman": reverse("home_chairman"),
        "home_admin": reverse("home_admin"),
        "unit_a": reverse("unit_detail", args=[unit.pk]),
        "campaign_list": reverse("campaigns:list"),
        "campaign_detail": reverse("campaigns:detail", args=[campaign.pk]),
        "campaign_draft": reverse("campaigns:detail", args=[draft_campaign.pk]),
        "campaign_edit": reverse("campaigns:edit", args=[campaign.pk]),
        "campaign_create": reverse("campaigns:create"),
        "dossier_list": reverse("nominations:list"),
        "dossier_create": reverse("nominations:create", args=[campaign.pk]),
        "dossier_draft": reverse("nominations:detail", args=[draft.pk]),
        "dossier_draft_edit": reverse("nominations:edit", args=[draft.pk]),
        "dossier_sent": reverse("nominations:detail", args=[sent.pk]),
        "inbox": reverse("appraisal:inbox"),
        "appraisal_sent": reverse("appraisal:dossier", args=[sent.pk]),
        "appraisal_draft": reverse("appraisal:dossier", args=[draft.pk]),
        "council_index": reverse("council:index"),
        "council_manage": reverse("council:manage"),
        "council_session": reverse("council:session", args=[session.pk]),
        "council_review": reverse("council:review", args=[session.pk]),
        "council_tally": reverse("council:tally", args=[session.pk]),
        "monitoring_dashboard": reverse("monitoring:dashboard", args=[campaign.pk]),
        "monitoring_follow_up": reverse("monitoring:follow_up", args=[campaign.pk]),
        "monitoring_search": reverse("monitoring:search"),
    }
    titles = {
        "home_clerk": "Trang của cán bộ đơn vị",
        "home_appraiser": "Trang thẩm định hồ sơ",
        "home_council": "Trang Hội đồng Thi đua - Khen thưởng",
        "home_chairman": "Trang lãnh đạo",
        "home_admin": "Trang quản trị",
        "unit_a": "Trường Tiểu học Ba Tơ",
        "campaign_list": "Kế hoạch thi đua",
        "campaign_detail": "Phong trào thi đua ma trận",
        "campaign_draft": "Kế hoạch còn dự thảo",
        "campaign_edit": "Sửa kế hoạch",
        "campaign_create": "Lập kế hoạch thi đua",
        "dossier_list": "Hồ sơ đề nghị khen thưởng của đơn vị",
        "dossier_create": "Lập hồ sơ đề nghị khen thưởng",
        "dossier_draft": f"Hồ sơ đề nghị khen thưởng #{draft.pk}",
        "dossier_draft_edit": "Tờ trình và ghi chú",
        "dossier_sent": f"Hồ sơ đề nghị khen thưởng #{sent.pk}",
        "inbox": "Hộp hồ sơ đến",
        "appraisal_sent": "Thẩm định hồ sơ — Trường Tiểu học Ba Tơ",
        "appraisal_draft": "Thẩm định hồ sơ — Trường Tiểu học Ba Tơ",
        "council_index": "Hội đồng Thi đua - Khen thưởng",
        "council_manage": "Quản lý Hội đồng Thi đua - Khen thưởng",
        "council_review": "Xem hồ sơ và bỏ phiếu",
        "monitoring_dashboard": "Số liệu phong trào thi đua",
        "monitoring_follow_up": "Theo dõi, đôn đốc",
        "monitoring_search": "Tìm kiếm",
    }
    return people, pages, titles


# page → what each role gets: 200, 403, 404 or "→ <url name>" (a redirect there). Today's answers
# (the clerk's pages, nominations:*, are refused to everyone but clerks: issue 9);
# tests/organizations/test_access.py holds the same for the role homes and the unit page.
ROLES = (
    "anonymous", "clerk_a", "clerk_b", "appraiser", "council_member", "chairman", "admin",
    "outsider",
)  # fmt: skip
# fmt: off
PAGE_MATRIX = {
    # page                anonymous  clerk_a         clerk_b         appraiser           council_member    chairman           admin           outsider
    "home":               (LOGIN,     "→ home_clerk", "→ home_clerk", "→ home_appraiser", "→ home_council", "→ home_chairman", "→ home_admin", "→ home_appraiser"),
    "home_clerk":         (LOGIN,     200,            200,            403,                403,              403,               403,            403),
    "home_appraiser":     (LOGIN,     403,            403,            200,                403,              403,               403,            200),
    "home_council":       (LOGIN,     403,            403,            403,                200,              403,               403,            403),
    "home_chairman":      (LOGIN,     403,            403,            403,                403,              200,               403,            403),
    "home_admin":         (LOGIN,     403,            403,            403,                403,              403,               200,            403),
    "unit_a":             (LOGIN,     200,            404,            200,                200,              200,               200,            404),
    "campaign_list":      (LOGIN,     200,            200,            200,                200,              200,               200,            200),
    "campaign_detail":    (LOGIN,     200,            200,            200,                200,              200,               200,            404),
    "campaign_draft":     (LOGIN,     404,            404,            200,                404,              404,               200,            404),
    "campaign_edit":      (LOGIN,     403,            403,            200,                403,              403,               200,            404),
    "campaign_create":    (LOGIN,     403,            403,            200,                403,              403,               200,            200),
    "dossier_list":       (LOGIN,     200,            200,            403,                403,              403,               403,            403),
    "dossier_create":     (LOGIN,     200,            200,            403,                403,              403,               403,            403),
    "dossier_draft":      (LOGIN,     200,            404,            403,                403,              403,               403,            403),
    "dossier_draft_edit": (LOGIN,     200,            404,            403,                403,              403,               403,            403),
    "dossier_sent":       (LOGIN,     200,            404,            403,                403,              403,               403,            403),
    "inbox":              (LOGIN,     403,            403,            200,                403,              403,               403,            200),
    "appraisal_sent":     (LOGIN,     403,            403,            200,                403,              403,               403,            404),
    "appraisal_draft":    (LOGIN,     403,            403,            404,                403,              403,               403,            404),
    "council_index":      (LOGIN,     403,            403,            403,                200,              200,               200,            403),
    "council_manage":     (LOGIN,     403,            403,            403,                403,              403,               200,            403),
    "council_session":    (LOGIN,     404,            404,            404,                "→ review",       "→ review",        "→ review",     404),
    "council_review":     (LOGIN,     404,            404,            404,                200,              200,               200,            404),
    "council_tally":      (LOGIN,     404,            404,            404,                403,              403,               403,            404),
    "monitoring_dashboard": (LOGIN,   200,            200,            200,                200,              200,               200,            404),
    "monitoring_follow_up": (LOGIN,   404,            404,            200,                404,              404,               200,            404),
    "monitoring_search":  (LOGIN,     200,            200,            200,                200,              200,               200,            200),
}
# fmt: on


def _title(body: str) -> str:
    match = re.search(r"<title>(.*?) · Thi đua - Khen thưởng</title>", body, re.S)
    return match.group(1).strip() if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_pages_each_role_gets_todays_answer(client, world, role) -> None:
    people, pages, titles = world
    if people[role] is not None:
        client.force_login(people[role])
    answers, wrong_pages = {}, []
    for page, url in pages.items():
        response = client.get(url)
        if response.status_code == 302:
            location = urlparse(response["Location"])
            answers[page] = f"→ {resolve(location.path).url_name}"
            if answers[page] == LOGIN and parse_qs(location.query).get("next") != [url]:
                wrong_pages.append((page, response["Location"]))
            continue
        answers[page] = response.status_code
        title = _title(response.content.decode())
        expected_title = titles.get(page) if response.status_code == 200 else None
        expected_title = ERROR_TITLES.get(response.status_code, expected_title)
        if title != expected_title:
            wrong_pages.append((page, title))
    assert answers == {page: row[ROLES.index(role)] for page, row in PAGE_MATRIX.items()}
    assert wrong_pages == []
