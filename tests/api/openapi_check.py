"""Checks API responses against /api/v1/openapi.json: every response a test receives must match its path's schema."""
from __future__ import annotations

import re
from functools import lru_cache

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tracker.api.openapi import document

PREFIX = "/api/v1"
BASE = "urn:tracker-openapi"


def pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class OpenAPIChecker:
    """Finds the operation for a request and validates the response's status, type and body."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.registry = Registry().with_resource(BASE, Resource.from_contents(spec, default_specification=DRAFT202012))
        self.paths = sorted(
            ((template, re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")) for template in spec["paths"]),
            key=lambda item: item[0].count("{"),  # literal segments win over parameters
        )
        self.checked = 0

    def template_for(self, path: str) -> str | None:
        local = path[len(PREFIX):] if path.startswith(PREFIX) else path
        return next((template for template, pattern in self.paths if pattern.match(local)), None)

    def error(self, method: str, path: str, content_type: str, body) -> None:
        """Answers outside the described operations (an unknown path, a method the API refuses) are JSON errors."""
        assert content_type.startswith("application/json"), f"{method} {path}: {content_type} is not JSON"
        self.validate(body, {"$ref": f"{BASE}#/components/schemas/Error"}, f"{method} {path}")

    def validate(self, body, schema: dict, where: str) -> None:
        validator = Draft202012Validator(schema, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        assert not errors, f"{where} does not match openapi.json: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]
        )
        self.checked += 1

    def check(self, method: str, path: str, status: int, content_type: str, body) -> None:
        template = self.template_for(path)
        if template is None:
            assert status == 404, f"{path} answered {status} but is not described in openapi.json"
            return self.error(method, path, content_type, body)
        operation = self.spec["paths"][template].get(method.lower())
        if method.upper() == "HEAD":
            return None
        if status == 413:  # a body over the size limit is refused, as an error, wherever it is sent
            return self.error(method, path, content_type, body)
        if operation is None:
            assert status == 405, f"{method} {template} answered {status} but is not described in openapi.json"
            return self.error(method, path, content_type, body)
        responses = operation["responses"]
        assert str(status) in responses, f"{method} {path} answered {status}, not described for {template}"
        response = responses[str(status)]
        if "content" not in response:
            return None
        assert content_type.startswith("application/json"), f"{method} {path}: {content_type} is not JSON"
        schema = {"$ref": f"{BASE}#/" + pointer("paths", template, method.lower(), "responses", str(status), "content",
                                                 "application/json", "schema")}
        return self.validate(body, schema, f"{method} {path}")


@lru_cache(maxsize=1)
def checker() -> OpenAPIChecker:
    return OpenAPIChecker(document())


class CheckedClient(FlaskClient):
    """A test client that validates every /api/v1/ response it receives against the OpenAPI document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = response.request
        if request.path.startswith(PREFIX + "/") and response.status_code != 500:
            body = response.get_json(silent=True) if response.data else None
            checker().check(request.method, request.path, response.status_code, response.content_type or "", body)
        return response
