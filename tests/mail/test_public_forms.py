"""What protects every public form: the honeypot, the minimum fill time, and limits per address and per target."""
from __future__ import annotations

import time

from flask import render_template_string, request

from tracker.accounts.limits import limit_public_forms
from tracker.web.public_forms import PublicForm, limited, over_limit, stamp

TEMPLATE = """{% from "public_forms.html" import protection %}<form method=post>{{ protection(form) }}</form>"""


def add_form_route(app):
    def view():
        form = PublicForm()
        if form.validate_on_submit():
            if form.is_bot():
                return "thanks"  # the answer a person gets, and nothing stored
            if form.too_quick():
                return "too quick", 400
            return "thanks"
        return render_template_string(TEMPLATE, form=form)

    app.add_url_rule("/form-test", "form_test", view, methods=["GET", "POST"])


def test_the_form_carries_a_hidden_honeypot_and_a_signed_stamp(app_factory):
    app = app_factory()
    add_form_route(app)
    page = app.test_client().get("/form-test").get_data(as_text=True)
    assert 'name="website"' in page and 'aria-hidden="true"' in page and 'name="started"' in page


def test_a_form_sent_back_too_soon_is_refused_and_one_sent_later_is_accepted(app_factory):
    app = app_factory(MIN_FORM_SECONDS=2)
    add_form_route(app)
    client = app.test_client()
    with app.test_request_context():
        now, earlier = stamp(), stamp(time.time() - 3)
    assert client.post("/form-test", data={"started": now}).status_code == 400
    assert client.post("/form-test", data={"started": earlier}).status_code == 200
    assert client.post("/form-test", data={"started": "forged"}).status_code == 400
    assert client.post("/form-test", data={}).status_code == 400


def test_a_filled_honeypot_is_told_thanks(app_factory):
    app = app_factory(MIN_FORM_SECONDS=0)
    add_form_route(app)
    response = app.test_client().post("/form-test", data={"website": "http://spam.example"})
    assert response.status_code == 200 and response.get_data(as_text=True) == "thanks"


def test_a_declared_limit_per_target_answers_429_past_it(app_factory):
    def view(target):
        return "ok"

    view = limited("TEST_LIMIT", per=lambda: "target:" + request.view_args["target"], scope="target")(view)
    app = app_factory(TEST_LIMIT="2 per minute")
    app.add_url_rule("/limited/<target>", "limited_test", view, methods=["POST"])
    limit_public_forms(app, app.extensions["login_limiter"])  # what the app factory does for its own views
    client = app.test_client()
    assert [client.post("/limited/a").status_code for _ in range(3)] == [200, 200, 429]
    assert client.post("/limited/b").status_code == 200


def test_over_limit_counts_hits_per_identifier(app_factory):
    app = app_factory(HOLD_LIMIT="2 per hour")
    with app.test_request_context():
        assert [over_limit("HOLD_LIMIT", "1.2.3.4") for _ in range(3)] == [False, False, True]
        assert over_limit("HOLD_LIMIT", "5.6.7.8") is False
