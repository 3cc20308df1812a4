"""Schemathesis over /api/v1/openapi.json, against the app itself on demo-like data: no answer is a 500, and
every answer (status, content type, body) is one the document describes.

Each operation is asked with parameters drawn from the document (valid and invalid), and again with the real
names of the demo's election, contests, bodies, candidates, slates, counts and appeals in its path (the demo
has its pledge, members' questions and listening exercise too), so that the answers
with content are checked too, not only the 404s. Examples per operation: FUZZ_EXAMPLES (default 5).
"""
from __future__ import annotations

import os
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from tests.api.openapi_check import checker
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.extensions import db

pytestmark = pytest.mark.fuzz

#: What is checked of every answer: no server error, and status, content type, headers and body as described.
#: (Schemathesis's guesses whether a 400 was deserved are left out: a moment the document's formats allow may
#: still be outside the years the tracker holds, and the 400 says so.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))


@pytest.fixture
def demo_app(app_factory, tmp_path):
    """The app on the demo election at a twentieth of its scale, with a published slate, a stored count, and the
    demo's appeals with a few signatures."""
    from tests.results.test_counts import SMALL_BLT
    from tracker.appeals.demo import ORGANISATION, load_demo_appeals
    from tracker.appeals.models import Appeal
    from tracker.demo.cli import load_demo
    from tracker.results import operations as results
    from tracker.slates import operations as slates
    from tracker.slates.forms import parse_picks
    from tracker.voices.models import ListeningExercise

    app = app_factory()
    with app.app_context():
        demo, election, _ = load_demo(tmp_path, scale=0.05)
        load_demo_appeals(election, demo.suspended[1], signatures=(40, 20))
        leader = election.contests[0]
        candidacies = db.session.scalars(select(Candidacy).where(Candidacy.contest_id == leader.id)).all()
        names = [c.person.name for c in candidacies]
        organisation = slates.create_organisation("grassroots", "Grassroots")
        slate = slates.save_draft(organisation, election, {"leader": parse_picks(" > ".join(names[:3]))})
        slates.publish_slate(slate)
        blt = SMALL_BLT.replace("Ann Adams", names[0]).replace("Ben Brown", names[1]).replace("Cat Clark", names[2])
        body = db.session.scalars(select(NominatingBody).where(NominatingBody.election_id == election.id)).first()
        private = results.store_count(blt, "irv", body=body)  # a meeting's count: private to its body
        public = results.store_count(blt, "irv", body=body)
        public.body_id, public.contest_id = None, leader.id  # as if counted for the contest (its ballot is not frozen)
        db.session.commit()
        real = {
            "election": [election.slug], "contest": [c.slug for c in election.contests],
            "code": db.session.scalars(select(NominatingBody.code).where(NominatingBody.election_id == election.id)
                                       .limit(5)).all(),
            "slug": [c.person.slug for c in candidacies] + [e.person.slug for e in db.session.scalars(
                select(ListeningExercise))],  # (and each candidate with a listening exercise)
            "organisation": [organisation.slug, ORGANISATION[0]], "count_id": [public.id, private.id],
            # an appeal's path names its organisation and its slug together
            ("organisation", "appeal"): [{"organisation": a.organisation.slug, "appeal": a.slug}
                                         for a in db.session.scalars(select(Appeal))],
        }
    return app, real


def operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def test_every_api_answer_to_generated_requests_is_described_and_none_is_a_500(demo_app):
    app, real = demo_app
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    requests = {"count": 0}
    started = time.monotonic()
    spec = checker()
    failures = []

    for operation in operations(schema):
        variables = [p.name for p in operation.path_parameters]
        fixed = (st.sampled_from(real[tuple(variables)]) if tuple(variables) in real
                 else st.fixed_dictionaries({name: st.sampled_from(real[name]) for name in variables}))
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        if variables:
            strategies.append(fixed.flatmap(lambda values, op=operation: op.as_strategy(path_parameters=values)))

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=st.one_of(strategies))
        def ask(case):
            response = case.call(headers={"Accept-Encoding": "identity"})  # the WSGI client does not unzip
            requests["count"] += 1
            assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
            case.validate_response(response, checks=CHECKS)
            content_type = (response.headers.get("content-type") or [""])[0]
            body = response.json() if response.content and "json" in content_type else None
            spec.check(case.method, response.request.path_url.split("?")[0], response.status_code, content_type, body)

        try:
            ask()
        except BaseExceptionGroup as group:  # every operation is tried; the failures are reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {group}")
        except AssertionError as error:
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    took = time.monotonic() - started
    print(f"\nschemathesis: {requests['count']} requests over {len(list(operations(schema)))} operations in {took:.1f} s")
    assert not failures, "\n\n".join(failures)
    assert requests["count"] >= EXAMPLES * 10
