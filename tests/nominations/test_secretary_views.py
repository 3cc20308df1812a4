"""A secretary logs, corrects and withdraws their body's nominations; every refusal names its reason."""
from datetime import timedelta

import pytest

from tests.factories import create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.types import utcnow

FORMAT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def world(app, create_user, auth):
    """Leader: MP stage closed (Carter and Patel through, Hughes not), CLP stage open for a week more."""
    now = utcnow().replace(second=0, microsecond=0)
    election = create_election(timezone="UTC")
    contest = create_contest(election, stages=[
        dict(key="plp", title="Nominations from MPs", opens_at=now - timedelta(days=10),
             closes_at=now - timedelta(days=5), routes=[dict(kind="mp", count=2)]),
        dict(key="supporting", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)]),
    ])
    mps = [create_body(election, f"MP{i}", "mp") for i in range(4)]
    clp = create_body(election, "CLP001", "clp", name="Anytown CLP")
    other = create_body(election, "CLP002", "clp", name="Othertown CLP")
    carter, patel, hughes = (create_candidate(contest, n) for n in ("Sam Carter", "Ria Patel", "Lee Hughes"))
    for mp, cand in zip(mps, (carter, carter, patel, patel), strict=True):
        create_nomination(cand, mp, now - timedelta(days=8))
    db.session.commit()
    create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    auth.login("sec@example.org")
    return dict(now=now, contest=contest, clp=clp, other=other, carter=carter, patel=patel, hughes=hughes)


def nominate_url(world, body=None):
    return f"/secretary/bodies/{(body or world['clp']).id}/contests/{world['contest'].id}/nominate"


def post_nomination(client, world, candidacy, when=None, body=None, **extra):
    data = {"candidate": candidacy.id, "nominated_at": (when or world["now"] - timedelta(hours=2)).strftime(FORMAT)}
    data.update(extra)
    return client.post(nominate_url(world, body), data=data)


def clp_nominations(world):
    return db.session.query(Nomination).filter_by(body_id=world["clp"].id).all()


def test_secretary_sees_the_contests_open_to_their_body(client, world):
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in Leader for Anytown CLP" in page


def test_secretary_logs_a_nomination_with_meeting_votes(client, world):
    response = post_nomination(client, world, world["carter"], votes_for="40", votes_total="83")
    assert response.status_code == 302
    [nomination] = clp_nominations(world)
    assert (nomination.status, nomination.votes_for, nomination.votes_total) == ("submitted", 40, 83)
    assert nomination.candidacy_id == world["carter"].id
    event = db.session.query(AuditEvent).filter_by(action="nomination.create").one()
    assert event.actor_label == "sec@example.org"


def test_secretary_corrects_then_withdraws_their_nomination(client, world):
    post_nomination(client, world, world["carter"])
    [nomination] = clp_nominations(world)
    new_time = world["now"] - timedelta(hours=5)
    response = client.post(f"/secretary/nominations/{nomination.id}/correct",
                           data={"nominated_at": new_time.strftime(FORMAT), "votes_for": "12", "votes_total": "20"})
    assert response.status_code == 302
    db.session.refresh(nomination)
    assert nomination.nominated_at == new_time
    assert nomination.votes_for == 12
    response = client.post(f"/secretary/nominations/{nomination.id}/withdraw")
    assert response.status_code == 302
    db.session.refresh(nomination)
    assert nomination.status == "withdrawn"
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-3:] == ["nomination.create", "nomination.correct", "nomination.withdraw"]


def test_second_nomination_in_a_single_seat_contest_is_refused_naming_the_first(client, world):
    post_nomination(client, world, world["carter"])
    response = post_nomination(client, world, world["patel"])
    assert response.status_code == 400
    assert "already nominated Sam Carter" in response.get_data(as_text=True)
    assert len(clp_nominations(world)) == 1


def test_nomination_for_a_candidate_who_missed_the_previous_stage_is_refused(client, world):
    response = post_nomination(client, world, world["hughes"])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Lee Hughes" in page and "Nominations from MPs" in page
    assert clp_nominations(world) == []


def test_nomination_dated_after_the_close_is_refused_with_the_closing_time(client, world):
    late = world["contest"].stages[1].closes_at + timedelta(hours=1)
    response = post_nomination(client, world, world["carter"], when=late)
    assert response.status_code == 400
    assert "closed at" in response.get_data(as_text=True) or "future" in response.get_data(as_text=True)
    assert clp_nominations(world) == []


def test_logging_after_the_stage_has_closed_is_refused(client, world):
    stage = world["contest"].stages[1]
    stage.closes_at = world["now"] - timedelta(hours=1)
    db.session.commit()
    response = post_nomination(client, world, world["carter"], when=world["now"] - timedelta(hours=2))
    assert response.status_code == 400
    assert "Nominations from CLPs for Leader closed at" in response.get_data(as_text=True)
    assert clp_nominations(world) == []


def test_secretary_cannot_nominate_for_another_body(client, world):
    response = post_nomination(client, world, world["carter"], body=world["other"])
    assert response.status_code == 403
    assert db.session.query(Nomination).filter_by(body_id=world["other"].id).count() == 0


def test_secretary_cannot_withdraw_another_bodys_nomination(client, world):
    theirs = create_nomination(world["carter"], world["other"], world["now"] - timedelta(hours=1), status="submitted")
    db.session.commit()
    assert client.post(f"/secretary/nominations/{theirs.id}/withdraw").status_code == 403
    db.session.refresh(theirs)
    assert theirs.status == "submitted"


def test_votes_for_more_than_cast_is_refused(client, world):
    response = post_nomination(client, world, world["carter"], votes_for="90", votes_total="80")
    assert response.status_code == 400
    assert "cannot be more than the votes cast" in response.get_data(as_text=True)
    assert clp_nominations(world) == []


def test_votes_too_large_to_store_are_refused_not_a_server_error(client, world):
    response = post_nomination(client, world, world["carter"], votes_for="99999999999", votes_total="99999999999")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Votes for the candidate cannot exceed 2,147,483,647." in page
    assert "Votes cast in all cannot exceed 2,147,483,647." in page
    assert clp_nominations(world) == []


def test_the_meeting_time_is_read_day_first_or_with_a_space_as_well(client, world):
    when = world["now"] - timedelta(hours=2)
    response = client.post(nominate_url(world), data={"candidate": world["carter"].id,
                                                      "nominated_at": when.strftime("%d/%m/%Y %H:%M")})
    assert response.status_code == 302, response.get_data(as_text=True)
    [nomination] = clp_nominations(world)
    assert nomination.nominated_at == when
    page = client.get(f"/secretary/nominations/{nomination.id}/correct").get_data(as_text=True)
    assert f'value="{when.strftime(FORMAT)}"' in page  # shown back as the browser's datetime-local wants it


def test_an_unreadable_meeting_time_is_refused_under_its_field_and_kept(client, world):
    response = client.post(nominate_url(world), data={"candidate": world["carter"].id, "nominated_at": "last Tuesday"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert ('<p class="error" id="nominated_at-error">&#39;last Tuesday&#39; is not a date and time: '
            "write it as 2026-02-14 17:00 or 14/02/2026 17:00</p>") in page
    assert 'value="last Tuesday"' in page
    assert clp_nominations(world) == []


HUGE = "9" * 310  #: more digits than a float can hold, as a fuzzer typed them


@pytest.mark.parametrize("field, label", [("votes_for", "Votes for the candidate"), ("votes_total", "Votes cast in all")])
def test_a_vote_figure_of_310_digits_is_refused_under_its_field_when_nominating(client, world, field, label):
    response = post_nomination(client, world, world["carter"], **{field: HUGE})
    assert response.status_code == 400
    assert f'id="{field}-error">{label} cannot exceed 2,147,483,647.' in response.get_data(as_text=True)
    assert clp_nominations(world) == []


@pytest.mark.parametrize("field, label", [("votes_for", "Votes for the candidate"), ("votes_total", "Votes cast in all")])
def test_a_vote_figure_of_310_digits_is_refused_under_its_field_when_correcting(client, world, field, label):
    post_nomination(client, world, world["carter"], votes_for="12", votes_total="20")
    [nomination] = clp_nominations(world)
    data = {"nominated_at": (world["now"] - timedelta(hours=2)).strftime(FORMAT), "votes_for": "12",
            "votes_total": "20"} | {field: HUGE}
    response = client.post(f"/secretary/nominations/{nomination.id}/correct", data=data)
    assert response.status_code == 400
    assert f'id="{field}-error">{label} cannot exceed 2,147,483,647.' in response.get_data(as_text=True)
    db.session.refresh(nomination)
    assert (nomination.votes_for, nomination.votes_total) == (12, 20)


@pytest.mark.parametrize("typed, sentence", [
    ("2147483648", "Votes cast in all cannot exceed 2,147,483,647."),
    ("-" + HUGE, "Votes cast in all cannot be less than 0."),
    ("-1", "Votes cast in all cannot be less than 0."),
    ("12.5", "Votes cast in all must be a whole number, such as 40."),
    ("9" * 5000, "Votes cast in all cannot exceed 2,147,483,647."),
], ids=["one-past-integer", "huge-negative", "negative", "fraction", "past-int-digit-limit"])
def test_a_vote_figure_out_of_range_or_not_whole_is_refused_with_its_sentence(client, world, typed, sentence):
    response = post_nomination(client, world, world["carter"], votes_total=typed)
    assert response.status_code == 400
    assert sentence in response.get_data(as_text=True)
    assert clp_nominations(world) == []


def test_a_vote_figure_may_be_typed_with_thousands_commas(client, world):
    assert post_nomination(client, world, world["carter"], votes_for="1,204", votes_total="2,147,483,647").status_code == 302
    [nomination] = clp_nominations(world)
    assert (nomination.votes_for, nomination.votes_total) == (1204, 2147483647)


# --- the form offers whom the body may nominate; withdrawing asks first; a refusal says what one may do -------


def test_the_nomination_form_preselects_no_candidate_and_requires_a_choice(client, world):
    page = client.get(nominate_url(world)).get_data(as_text=True)
    assert '<option selected value="">Choose a candidate</option>' in page
    response = client.post(nominate_url(world), data={"nominated_at": (world["now"] - timedelta(hours=2)).strftime(FORMAT)})
    assert response.status_code == 400
    assert "Choose a candidate." in response.get_data(as_text=True)
    assert clp_nominations(world) == []


@pytest.mark.parametrize("candidate", ["9" * 25, "0", "-3", "²"])  # beyond any id; no id; a digit int() refuses
def test_a_candidate_no_id_could_name_is_refused_as_no_choice_not_a_server_error(client, world, candidate):
    response = client.post(nominate_url(world), data={
        "candidate": candidate, "nominated_at": (world["now"] - timedelta(hours=2)).strftime(FORMAT)})
    assert response.status_code == 400
    assert "Choose a candidate." in response.get_data(as_text=True)
    assert clp_nominations(world) == []


def test_the_form_offers_only_the_candidates_the_body_may_still_nominate_and_says_why_not(client, world):
    page = client.get(nominate_url(world)).get_data(as_text=True)
    offered = page[page.index('<select'):page.index('</select>')]
    assert "Sam Carter" in offered and "Ria Patel" in offered and "Lee Hughes" not in offered
    hughes_reason = page[page.index("<strong>Lee Hughes</strong>"):].split("</li>")[0]
    assert "Nominations from MPs" in hughes_reason  # the judge's verdict: eliminated at the MP stage
    post_nomination(client, world, world["carter"])
    page = client.get(nominate_url(world)).get_data(as_text=True)
    offered = page[page.index('<select'):page.index('</select>')]
    assert "Sam Carter" not in offered and "Ria Patel" not in offered
    assert "<strong>Sam Carter</strong>: Anytown CLP already nominated Sam Carter on" in page
    assert "<strong>Ria Patel</strong>: Anytown CLP has used its 1 nomination (Sam Carter); withdraw one first." in page
    refused = post_nomination(client, world, world["hughes"])
    assert refused.status_code == 400 and "Choose one of the candidates offered" in refused.get_data(as_text=True)


def test_withdrawing_a_nomination_asks_for_confirmation_first(client, world):
    post_nomination(client, world, world["carter"])
    [nomination] = clp_nominations(world)
    index = client.get("/secretary/").get_data(as_text=True)
    assert f'href="/secretary/nominations/{nomination.id}/withdraw"' in index
    confirm = client.get(f"/secretary/nominations/{nomination.id}/withdraw")
    assert confirm.status_code == 200
    page = confirm.get_data(as_text=True)
    assert "Withdraw the nomination of Sam Carter?" in page and "Yes, withdraw the nomination" in page
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == "submitted"  # asking changed nothing
    assert client.post(f"/secretary/nominations/{nomination.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == "withdrawn"


def test_a_refusal_on_a_secretary_page_names_the_bodies_they_act_for_and_links_to_their_page(client, world):
    response = client.get(nominate_url(world, world["other"]))
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "You act for <strong>Anytown CLP</strong> (CLP001)" in page
    assert '<a href="/secretary/">Your nominations page</a>' in page


def section(page: str, heading: str) -> str:
    """The part of the secretary's page under one heading, up to the next (empty when the heading is absent)."""
    if f">{heading}</h2>" not in page:
        return ""
    return page.split(f">{heading}</h2>", 1)[1].split("<h2", 1)[0]


def test_a_single_seat_contest_the_body_has_nominated_in_is_listed_as_used_not_open_now(client, world):
    assert "Nominate in Leader for Anytown CLP" in section(client.get("/secretary/").get_data(as_text=True),
                                                           "Open for nominations now")
    post_nomination(client, world, world["carter"])
    [nomination] = clp_nominations(world)
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in Leader" not in section(page, "Open for nominations now")
    used = section(page, "Places used")
    assert "Leader" in used and "Anytown CLP" in used and "Sam Carter" in used
    assert f'href="/secretary/nominations/{nomination.id}/withdraw"' in used
    # Withdrawing the nomination frees the body's place: the contest is open to it again.
    assert client.post(f"/secretary/nominations/{nomination.id}/withdraw").status_code == 302
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in Leader for Anytown CLP" in section(page, "Open for nominations now")
    assert section(page, "Places used") == ""


def test_a_rejected_nomination_leaves_the_contest_open_now(client, world):
    create_nomination(world["carter"], world["clp"], world["now"] - timedelta(days=1), status="rejected")
    db.session.commit()
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in Leader for Anytown CLP" in section(page, "Open for nominations now")
    assert section(page, "Places used") == ""


def test_a_multi_seat_contest_is_open_until_the_body_has_used_every_place(client, world):
    now = world["now"]
    nec = create_contest(world["contest"].election, slug="nec", title="NEC", seats=2, stages=[
        dict(key="clps", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=1)])])
    first, second = create_candidate(nec, "Ann Adams"), create_candidate(nec, "Ben Brown")
    create_nomination(first, world["clp"], now - timedelta(days=1), status="submitted", slot=1)
    db.session.commit()
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in NEC for Anytown CLP" in section(page, "Open for nominations now")
    assert "NEC" not in section(page, "Places used")
    create_nomination(second, world["clp"], now - timedelta(hours=3), status="verified", slot=2)
    db.session.commit()
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in NEC" not in section(page, "Open for nominations now")
    used = section(page, "Places used")
    assert "NEC" in used and "Ann Adams" in used and "Ben Brown" in used and "2 of 2" in used


def test_a_halted_contest_is_listed_as_halted_not_open_now(client, world):
    from tracker.elections.models import ContestHalt

    db.session.add(ContestHalt(contest_id=world["contest"].id, halted_at=world["now"] - timedelta(hours=1),
                               reason="a complaint is being investigated"))
    db.session.commit()
    page = client.get("/secretary/").get_data(as_text=True)
    assert "Nominate in Leader" not in section(page, "Open for nominations now")
    halted = section(page, "Halted")
    assert "Leader" in halted and "a complaint is being investigated" in halted
