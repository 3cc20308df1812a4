"""The suite's caches of werkzeug's URL rule parsing and builders (tests/conftest.py, which make an app in a
fraction of the time) give every route of the app exactly what werkzeug's own methods give: the same parts,
arguments and converters, the same URL built from the same values, and the same route matched from it. A werkzeug upgrade that changed
what those methods depend on would fail here, not mislead the rest of the suite."""
from __future__ import annotations

from werkzeug.routing.rules import Rule

from tests.conftest import werkzeugs_own_rule_methods


def sample(converter) -> object:
    """A value each kind of converter takes (the app's int converter is DatabaseInteger, an IntegerConverter)."""
    from werkzeug.routing.converters import NumberConverter, PathConverter

    if isinstance(converter, NumberConverter):
        return 7
    return "a/b" if isinstance(converter, PathConverter) else "a-b"


def described(app) -> dict:
    adapter = app.url_map.bind("tracker.test")
    found = {}
    for rule in app.url_map.iter_rules():
        values = {name: sample(converter) for name, converter in rule._converters.items()}
        method = sorted(rule.methods or ("GET",))[0]
        path = adapter.build(rule.endpoint, values, method=method)
        found[(rule.rule, rule.endpoint, tuple(sorted(rule.methods or ())))] = (
            list(rule._parts), list(rule._trace), sorted(rule.arguments),
            sorted((name, type(c).__qualname__, c.regex, c.part_isolating) for name, c in rule._converters.items()),
            path, adapter.build(rule.endpoint, {**values, "extra": "x y"}, method=method),
            adapter.match(path, method=method),  # and the built address leads back to the same route
        )
    return found


def test_the_cached_url_rules_match_werkzeugs_own(app_factory, first_backend, monkeypatch):
    cached = [described(app_factory()), described(app_factory())]  # the second made from the caches alone
    for name, method in werkzeugs_own_rule_methods().items():
        monkeypatch.setattr(Rule, name, method)
    werkzeugs = described(app_factory())
    assert len(werkzeugs) > 100
    assert cached[0] == werkzeugs and cached[1] == werkzeugs
    assert any(parts[4].count("/7") for parts in werkzeugs.values())  # routes with an int were built with one
