"""Shared Hypothesis strategies and checks for the hostile-input tests: values a user (or a
script posing as one) can send, and what a page made from them must never contain."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "\x00",
    "\x00<script>",
    "\x1b[31m",
    "'; DROP TABLE nominations_nominee; --",
    "{{ 7*7 }}{% debug %}",
    "\u202e\ufeff\u200b",
    "Đinh Văn Hrê \U0001f600",
    "a" * 70000,
    "99/99/9999",
    "31/02/2020",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "-1",
    "0",
    str(2**31),
    str(2**63),
    "1e309",
    "NaN",
    "",
]
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Lo"]), max_size=50
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True).map(str),
    # NUL inside ordinary text: PostgreSQL refuses it in text and JSON columns.
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map("\x00".join),
)
# What a number field gets: the edges of the database's integer columns, any integer, anything.
numbers = st.one_of(
    st.sampled_from([str(2**31), str(2**31 - 1), str(2**63), str(-(2**31) - 1), "1" * 40]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    texts,
)
# One value, or the same key sent several times.
values = st.one_of(texts, st.lists(texts, max_size=3))


def fields(names: list[str] | tuple[str, ...]) -> st.SearchStrategy[dict]:
    """Any subset of the given form fields, each with a hostile value (missing ones omitted)."""
    return st.fixed_dictionaries({}, optional={name: values for name in names})


def hostile_settings(max_examples: int = 30) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )


SETTINGS = hostile_settings(40)


class _ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, event handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not (names.get("src") or "").startswith("/static/"):
            self.found.append(f"<script {attrs}>")
        if tag in {"img", "iframe", "object", "embed", "svg"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url_attr = name in {"href", "src", "action", "formaction"}
            if name.startswith("on") or (
                url_attr and (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def assert_safe(html: str) -> None:
    parser = _ActiveContent()
    parser.feed(html)
    assert parser.found == []


def assert_no_crash(response, allowed: frozenset[int] | set[int] = frozenset({200, 302})) -> None:
    """The response is one of the expected codes (never a 5xx), and an HTML page made from
    the input runs nothing the input brought."""
    assert response.status_code < 500, response.status_code
    assert response.status_code in allowed, response.status_code
    if response.get("Content-Type", "").startswith("text/html") and not getattr(
        response, "streaming", False
    ):
        assert_safe(response.content.decode())
