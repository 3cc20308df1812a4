"""Every form demands its CSRF token, and every write demands a login: swept over the whole URL map."""
import re

from tests.conftest import PASSWORD
from tracker.extensions import db

#: POST routes that are refusals by design (a published slate cannot be changed): they answer 405, change
#: nothing, and need no token to say so.
REFUSALS = {"slates.show", "slates.version", "slates_api.slate"}
#: Writes open to anyone (each still needs its CSRF token): logging in; setting a password with a one-time link;
#: the public forms (signing an appeal, asking
#: for a "my data" link, a question, a listening response) and the emailed links that confirm them; and a
#: supporter's own acts, allowed by their emailed link's token.
OPEN = {"accounts.login", "accounts.set_password", "appeals.show", "appeals.confirm", "appeals.my_data_request", "appeals.withdraw_signature",
        "appeals.withdraw_consent", "appeals.erase", "voices.ask", "voices.asker_page", "voices.listening_page",
        "voices.listening_confirm"}


def post_routes(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in REFUSALS:
            yield rule


def concrete(rule) -> str:
    """A URL for the rule with placeholder arguments (1 for numbers, 'x' for names)."""
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: "1" if m.group(0).startswith("<int:") else "x", rule.rule)


def test_every_post_route_refuses_a_form_without_its_csrf_token(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        db.session.commit()
        # log in with a real token first, so that every refusal below is the token's and not the login's
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/login", data={"email": "admin@example.org", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        routes = list(post_routes(app))
        assert len(routes) >= 15
        for rule in routes:
            response = client.post(concrete(rule), data={"anything": "1"})
            assert response.status_code == 400, f"{rule.rule} answered {response.status_code} without a CSRF token"
            assert b"CSRF" in response.data, rule.rule


def test_every_write_asks_an_anonymous_visitor_to_log_in(app, client):
    for rule in post_routes(app):
        if rule.endpoint in OPEN:
            continue
        response = client.post(concrete(rule), data={})
        assert response.status_code == 302, f"{rule.rule} answered {response.status_code}, not a login redirect"
        assert response.headers["Location"].startswith("/login"), rule.rule


def test_a_nul_character_in_any_form_or_query_is_a_400_not_a_500(app, client, create_user, auth):
    create_user()
    auth.login()
    assert client.get("/bodies?q=a%00b").status_code == 400
    response = client.post("/admin/contests/1/halt", data={"reason": "bad\x00reason"})
    assert response.status_code == 400
    assert b"NUL character" in response.data


def test_an_id_beyond_the_integer_columns_is_a_404_on_every_route(app, client, create_user, auth):
    create_user()
    auth.login()
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule and "GET" in rule.methods:
            url = re.sub(r"<int:\w+>", "99999999999", rule.rule)
            url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
            assert client.get(url).status_code == 404, url
