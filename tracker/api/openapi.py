"""The OpenAPI 3.1 description of /api/v1/: every path, parameter and response shape, slates included.

The test suite validates this document and checks every API response it receives against it.
"""
from __future__ import annotations

from copy import deepcopy

from tracker import vocabulary
from tracker.vocabulary import (
    BodyKind,
    NominationStatus,
    PledgeState,
    RespondentRole,
    SuspensionOutcome,
    VerdictStatus,
)

# --- schema helpers ------------------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required: list[str] | None = None, extra: bool = False, description: str = "") -> dict:
    """An object with these properties, all required unless `required` says otherwise."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": extra,
    }
    if description:
        schema["description"] = description
    return schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def nullable(schema: dict) -> dict:
    schema = deepcopy(schema)
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
MOMENT = {"type": "string", "format": "date-time", "description": "ISO 8601 with offset"}
SLUG = {"type": "string", "pattern": vocabulary.SLUG.pattern, "description": vocabulary.SLUG_RULE}
DECIMAL = {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "description": "exact decimal as written"}
FIGURE = {
    "description": "a whole number, or an exact share as a decimal string",
    "anyOf": [INTEGER, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"}],
}
VERDICT_STATUS = {"type": "string", "enum": [status.value for status in VerdictStatus]}
NOMINATION_STATUS = {"type": "string", "enum": [status.value for status in NominationStatus]}
BODY_KIND = {"type": "string", "enum": [kind.value for kind in BodyKind]}
PLEDGE_STATE = {"type": "string", "enum": [state.value for state in PledgeState]}
RESPONDENT_ROLE = {"type": "string", "enum": [role.value for role in RespondentRole]}
SUSPENSION_OUTCOME = {"type": "string", "enum": [outcome.value for outcome in SuspensionOutcome]}
STAGE_KEY = {
    "type": "string",
    "description": "a nomination stage id, or upcoming, between:<id>, awaiting_ballot, ballot, counting, result",
}

CONTEST_BRIEF = {
    "slug": SLUG,
    "title": STRING,
    "seats": INTEGER,
    "stage": STAGE_KEY,
    "stage_label": STRING,
    "halted": BOOLEAN,
    "next_change_at": nullable(MOMENT),
}

#: One stage of a candidate's verdict, as the ballot gives it.
STAGE_VERDICT = {
    "id": STRING,
    "met": {
        **nullable(BOOLEAN),
        "description": "whether the stage's figures as of the moment meet it (true from the moment the candidate "
                       "qualifies, whether or not the stage has closed); null only for a stage not reached",
    },
    "final": {**BOOLEAN, "description": "whether the stage had closed by the moment asked"},
    "met_at": {
        **nullable(MOMENT),
        "description": "the moment from which the figures have met the stage without interruption; null while "
                       "they do not meet it",
    },
    "needed": FIGURE,
    "have": FIGURE,
    "detail": STRING,
}

STANDING = {
    "status": {
        **VERDICT_STATUS,
        "description": "withdrawn, else suspended, else the stages' verdict: eliminated, on_ballot, qualified "
                       "(every stage so far met, the ballot not yet set) or in_progress",
    },
    "eligible": BOOLEAN,
    "since": nullable(MOMENT),
    "reason": STRING,
    "stages": array(
        obj({**STAGE_VERDICT, "state": {"type": "string", "enum": ["not_open", "open", "closed", "not_reached"]}})
    ),
}

SCHEMAS = {
    "Error": obj(
        {
            "error": STRING,
            "message": STRING,
            "status": INTEGER,
            "problems": array(obj({"field": STRING, "message": STRING})),
        },
        required=["error", "status"],
        description="Every error: a message naming the parameter at fault, when there is one",
    ),
    "ElectionSummary": obj(
        {
            "slug": SLUG,
            "title": STRING,
            "contests": array(obj({"slug": SLUG, "title": STRING, "seats": INTEGER, "stage": STAGE_KEY})),
        }
    ),
    "ContestBrief": obj(CONTEST_BRIEF),
    "Election": obj({"slug": SLUG, "title": STRING, "timezone": STRING, "contests": array(ref("ContestBrief"))}),
    "Route": obj(
        {
            "kind": {**STRING, "description": "mp, clp, affiliate or a kind the election declares (the first, if pooled)"},
            "count": nullable(INTEGER),
            "share": nullable(DECIMAL),
            "of": nullable(INTEGER),
            "unions": nullable(INTEGER),
            "membership_share": nullable(DECIMAL),
            "kinds": {**array(STRING), "description": "the kinds pooled under the route's thresholds (only if pooled)"},
            "spread": {**INTEGER, "description": "nominators from at least this many distinct groups (only if asked)"},
            "part": {**INTEGER, "description": "which part of a route whose parts must all hold (rows of one "
                                                "route share their place)"},
        },
        required=["kind", "count", "share", "of", "unions", "membership_share"],
    ),
    "Contest": obj(
        {
            "election": SLUG,
            **CONTEST_BRIEF,
            "halt_reason": nullable(STRING),
            "max_nominations_per_body": INTEGER,
            "min_women": nullable(INTEGER),
            "counting_statuses": array(NOMINATION_STATUS),
            "discount_suspended_mps": BOOLEAN,
            "stages": array(
                obj({"id": STRING, "title": STRING, "opens_at": MOMENT, "closes_at": MOMENT, "routes": array(ref("Route")),
                     "gates": {**BOOLEAN, "description": "false: shown, but never decides the ballot (only if false)"},
                     "amendments": array(obj({"made_at": MOMENT, "opens_at": nullable(MOMENT),
                                              "closes_at": nullable(MOMENT), "reason": nullable(STRING)}))},
                    required=["id", "title", "opens_at", "closes_at", "routes"])
            ),
            "ballot": obj({"opens_at": nullable(MOMENT), "closes_at": nullable(MOMENT), "result_at": nullable(MOMENT)}),
        }
    ),
    "Ballot": obj(
        {
            "election": SLUG,
            "contest": SLUG,
            "as_of": MOMENT,
            "stage": STAGE_KEY,
            "frozen": BOOLEAN,
            "on_ballot": {**array(STRING), "description": "names in ballot order; empty until the ballot is set (the last gating stage's close, or consent_by if later)"},
            "candidates": array(
                obj(
                    {
                        "name": STRING,
                        "eligible": BOOLEAN,
                        "status": STANDING["status"],
                        "reason": STRING,
                        "stages": array(obj(STAGE_VERDICT)),
                    }
                )
            ),
        }
    ),
    "ContestCandidate": obj(
        {"slug": SLUG, "name": STRING, "woman": nullable(BOOLEAN), "withdrawn_at": nullable(MOMENT), **STANDING}
    ),
    "Nomination": obj(
        {
            "id": INTEGER,
            "contest": SLUG,
            "candidate": STRING,
            "candidate_slug": SLUG,
            "body": STRING,
            "body_name": STRING,
            "body_kind": BODY_KIND,
            "region": nullable(STRING),
            "nominated_at": MOMENT,
            "status": NOMINATION_STATUS,
            "rejection_reason": nullable(STRING),
            "logged_at": MOMENT,
            "decided_at": nullable(MOMENT),
        }
    ),
    "Body": obj(
        {
            "code": STRING,
            "name": STRING,
            "kind": BODY_KIND,
            "region": nullable(STRING),
            "is_union": BOOLEAN,
            "members": INTEGER,
        }
    ),
    "RegisteredBody": obj(
        {
            "code": STRING,
            "name": STRING,
            "kind": BODY_KIND,
            "region": nullable(STRING),
            "is_union": BOOLEAN,
            "members": INTEGER,
            "election": SLUG,
        }
    ),
    "BodyDetail": obj(
        {
            "code": STRING,
            "name": STRING,
            "kind": BODY_KIND,
            "region": nullable(STRING),
            "is_union": BOOLEAN,
            "members": INTEGER,
            "election": SLUG,
            "nominations": array(
                obj(
                    {
                        "contest": SLUG,
                        "candidate": STRING,
                        "candidate_slug": SLUG,
                        "nominated_at": MOMENT,
                        "status": NOMINATION_STATUS,
                    }
                )
            ),
        }
    ),
    "Person": obj(
        {
            "slug": SLUG,
            "name": STRING,
            "candidacies": array(obj({"election": SLUG, "contest": SLUG, "withdrawn_at": nullable(MOMENT)})),
        }
    ),
    "Candidate": obj(
        {
            "slug": SLUG,
            "name": STRING,
            "as_of": MOMENT,
            "candidacies": array(
                obj(
                    {
                        "election": SLUG,
                        "contest": SLUG,
                        "woman": nullable(BOOLEAN),
                        "withdrawn_at": nullable(MOMENT),
                        **STANDING,
                    }
                )
            ),
            "nominations": array(
                obj(
                    {
                        "election": SLUG,
                        "contest": SLUG,
                        "body": STRING,
                        "body_name": STRING,
                        "body_kind": BODY_KIND,
                        "nominated_at": MOMENT,
                        "status": NOMINATION_STATUS,
                    }
                )
            ),
            "suspensions": array(
                obj(
                    {
                        "starts_at": MOMENT,
                        "ends_at": nullable(MOMENT),
                        "reason": nullable(STRING),
                        "outcome": nullable(SUSPENSION_OUTCOME),
                    }
                )
            ),
            "statement": {**STRING, "description": "the candidate's statement, as Markdown source"},
            "links": array(obj({"title": STRING, "url": STRING})),
            "pledges": array(obj({
                "slug": SLUG, "title": STRING, "state": PLEDGE_STATE,
                "version": {**nullable(INTEGER), "description": "the version signed or declined"},
                "at": {**nullable(MOMENT), "description": "when it was signed or declined"},
                "signed_at": {**nullable(MOMENT), "description": "when it was signed (null unless signed)"},
            })),
        }
    ),
    "Pledge": obj({
        "slug": SLUG, "title": STRING, "version": {**INTEGER, "description": "the current version"},
        "published_at": MOMENT,
        "organisation": {**nullable(SLUG), "description": "the organisation that published it"},
        "proposed_by": {**nullable(STRING), "description": "the candidate who proposed it"},
        "contests": array(SLUG),
        "candidates": array(obj({
            "name": STRING, "contest": SLUG, "state": PLEDGE_STATE,
            "at": {**nullable(MOMENT), "description": "when it was signed or declined"},
            "version": {**nullable(INTEGER), "description": "the version signed or declined"},
        })),
    }),
    "Question": obj({
        "id": INTEGER, "text": STRING, "asked_at": {**MOMENT, "description": "when it was published"},
        "askers": {**INTEGER, "description": "members who asked it and confirmed their email"},
        "answers": array(obj({"candidate": STRING, "text": STRING, "answered_at": MOMENT})),
        "unanswered": {**array(STRING), "description": "candidates in the running who have not answered"},
    }),
    "ListeningExercise": obj({
        "id": SLUG, "title": STRING, "opens_at": MOMENT, "closes_at": MOMENT, "questions": array(STRING),
        "responses": {**INTEGER, "description": "confirmed responses"},
        "by_role": {"type": "object", "additionalProperties": INTEGER,
                    "propertyNames": {"enum": [role.value for role in RespondentRole]}},
        "by_region": {"type": "object", "additionalProperties": INTEGER},
        "published": array(obj({"question": STRING, "text": STRING, "role": RESPONDENT_ROLE,
                                "region": nullable(STRING)})),
    }),
    "Change": obj({"id": INTEGER, "at": MOMENT, "action": STRING, "summary": STRING, "contest": nullable(SLUG)}),
    "Count": {
        **obj(
            {
                "method": {"type": "string", "enum": ["irv", "scottish-stv", "meek"]},
                "seats": INTEGER,
                "quota": DECIMAL,
                "elected": {**array(STRING), "description": "in order of election"},
                "stages": array(
                    obj(
                        {
                            "stage": INTEGER,
                            "action": STRING,
                            "votes": {"type": "object", "additionalProperties": DECIMAL,
                                      "description": "each continuing candidate's total after this stage"},
                            "non_transferable": DECIMAL,
                            "elected": array(STRING),
                            "excluded": array(STRING),
                        }
                    )
                ),
                "id": INTEGER,
                "title": STRING,
                "valid_votes": nullable(DECIMAL),
                "min_women": INTEGER,
                "notes": array(STRING),
                "seed": nullable(INTEGER),
                "uploaded_at": MOMENT,
                "withdrawn_at": {**nullable(MOMENT), "description": "when an admin withdrew the count; null if not"},
                "withdrawn_reason": {**nullable(STRING), "description": "why the count was withdrawn"},
            },
            required=["method", "seats", "quota", "elected", "stages"],
            description="A count in the shape `flask count --json` prints (votes as exact decimal strings), with the "
                        "stored count's id, title and notes",
        ),
        "additionalProperties": True,
    },
    "Appeal": obj(
        {
            "organisation": SLUG,
            "slug": SLUG,
            "title": STRING,
            "petitioning": {**STRING, "description": "whom the appeal petitions; empty for a sign-up form"},
            "target": {**nullable(INTEGER), "description": "signatures aimed for; null when none was set"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "signatures": {"type": "integer", "minimum": 0, "description": "signatures confirmed by email"},
            "by_region": {
                "type": "object",
                "description": "confirmed signatures by the region of the CLP given; a group under 10 is "
                               "\"fewer than 10\"",
                "additionalProperties": {"oneOf": [{"type": "integer", "minimum": 10},
                                                   {"type": "string", "const": "fewer than 10"}]},
            },
            "threshold_reached_at": {**nullable(MOMENT), "description": "when the target was reached"},
            "notices": array(obj({"at": MOMENT, "text": STRING})),
        },
        description="An appeal's public counts and notices: never a signer",
    ),
    "SlateSummary": obj(
        {"organisation": SLUG, "name": STRING, "title": STRING, "version": INTEGER, "published_at": MOMENT}
    ),
    "Slate": obj(
        {
            "organisation": SLUG,
            "version": INTEGER,
            "published_at": MOMENT,
            "contests": {
                "type": "object",
                "description": "keyed by contest slug",
                "additionalProperties": obj(
                    {
                        "picks": {**array(STRING), "description": "resolved names in order"},
                        "substitutions": array(obj({"out": STRING, "in": nullable(STRING), "reason": STRING})),
                        "gaps": {"type": "integer", "minimum": 0},
                        "women": INTEGER,
                        "min_women_note": nullable(STRING),
                    },
                    required=["picks", "substitutions", "gaps"],
                ),
            },
        }
    ),
}


# --- parameters and responses ----------------------------------------------------------------------------


def path_param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": STRING}


def query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or STRING}


ELECTION = path_param("election", "election slug")
CONTEST = path_param("contest", "contest slug")
#: A moment as a query parameter takes it: ISO 8601 (`T` or a space), a date alone, or day first as UK spreadsheets
#: write it; between the years 1900 and 9998. Anything else is answered 400 naming the parameter.
MOMENT_TEXT = {
    "type": "string",
    "anyOf": [
        {"format": "date-time"},
        {"format": "date"},
        {"pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$"},
        {"pattern": r"^\d{1,2}/\d{1,2}/\d{4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$"},
    ],
}
AS_OF = query(
    "as_of",
    "the moment to judge at, ISO 8601 (e.g. 2026-02-14T17:00:00) or day first (14/02/2026 17:00), or a date "
    "(midnight); without an offset it is in the election's time zone (a time the clocks skipped is refused); "
    "default now",
    MOMENT_TEXT,
)
SINCE = query(
    "since",
    "only items created or changed at or after this moment (read as as_of is; without an offset, in the "
    "election's time zone), as the audit trail and the items' own dates record it",
    MOMENT_TEXT,
)
Q = query("q", "part of a name or code, any case (at most 100 characters)")
KIND = query("kind", "only bodies of this kind", BODY_KIND)

CACHE_HEADERS = {
    "ETag": {"description": "changes whenever a fact behind the answer could have", "schema": STRING},
    "Cache-Control": {"description": "public, short max-age", "schema": STRING},
}


#: The database is out of reach for a moment: nothing was read or written; ask again after Retry-After seconds.
UNAVAILABLE = {
    "description": "The database cannot be reached just now; try again after Retry-After seconds",
    "headers": {"Retry-After": {"description": "seconds to wait before asking again", "schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def ok(schema: dict, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "headers": CACHE_HEADERS,
            "content": {"application/json": {"schema": schema}},
        },
        "304": {"description": "Not modified: the If-None-Match ETag is current", "headers": CACHE_HEADERS},
        "400": {"description": "A parameter is invalid; the message names it", "content": ERROR},
        "404": {"description": "No such election, contest, body or candidate", "content": ERROR},
        "503": UNAVAILABLE,
    }


ERROR = {"application/json": {"schema": ref("Error")}}


def get(operation_id: str, summary: str, parameters: list, schema: dict, description: str, tags: list[str]) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": tags,
            "parameters": parameters,
            "responses": ok(schema, description),
        }
    }


def with_response(path_item: dict, status: str, response: dict) -> dict:
    path_item["get"]["responses"][status] = response
    return path_item


def with_paging(path_item: dict) -> dict:
    """A list answered a page at a time: the total and the next page's address in headers."""
    path_item["get"]["responses"]["200"]["headers"] = {
        **CACHE_HEADERS,
        "X-Total-Count": {"description": "how many items there are on every page together",
                          "schema": {"type": "integer"}},
        "Link": {"description": 'the next page\'s address, as <URL>; rel="next" (absent on the last page)',
                 "schema": STRING},
    }
    return path_item


PATHS = {
    "/elections": get(
        "listElections", "Elections and their contests, each with its current stage", [SINCE],
        array(ref("ElectionSummary")), "Every election", ["elections"],
    ),
    "/elections/{election}": get(
        "getElection", "An election with its contests and their stages", [ELECTION],
        ref("Election"), "The election", ["elections"],
    ),
    "/elections/{election}/contests": get(
        "listContests", "An election's contests with their rules and timetable", [ELECTION, SINCE],
        array(ref("Contest")), "The contests", ["contests"],
    ),
    "/elections/{election}/contests/{contest}": get(
        "getContest", "A contest: rules, timetable and current stage", [ELECTION, CONTEST, AS_OF],
        ref("Contest"), "The contest", ["contests"],
    ),
    "/elections/{election}/contests/{contest}/ballot": get(
        "getBallot", "Who is on the ballot as of a moment, and every candidate's verdict with reasons",
        [ELECTION, CONTEST, AS_OF], ref("Ballot"), "The ballot", ["ballot"],
    ),
    "/elections/{election}/contests/{contest}/candidates": get(
        "listContestCandidates", "A contest's candidates in ballot order, each with standing and reasons",
        [ELECTION, CONTEST, AS_OF, SINCE], array(ref("ContestCandidate")), "The candidates", ["candidates"],
    ),
    "/elections/{election}/contests/{contest}/nominations": get(
        "listNominations", "Who nominated whom in a contest, by date",
        [
            ELECTION, CONTEST, SINCE,
            query("status", "only nominations with this status", NOMINATION_STATUS),
            query("candidate", "only nominations of this candidate (slug)"),
            query("body", "only nominations by this body (code)"),
            query("stage", "only nominations made in this stage's window by bodies it counts"),
        ],
        array(ref("Nomination")), "The nominations", ["nominations"],
    ),
    "/elections/{election}/changes": with_paging(get(
        "listChanges", "Public changes in an election, newest first (as in its Atom feed), a page at a time",
        [ELECTION, SINCE, query("contest", "only changes to this contest (slug)"),
         query("page", "which page, from 1 (default 1)", {"type": "integer", "minimum": 1}),
         query("per_page", "changes a page, 1 to 500 (default 500)", {"type": "integer", "minimum": 1, "maximum": 500})],
        array(ref("Change")), "The changes", ["changes"],
    )),
    "/elections/{election}/bodies": get(
        "listElectionBodies", "The nominating bodies registered for an election", [ELECTION, SINCE, KIND, Q],
        array(ref("Body")), "The bodies", ["bodies"],
    ),
    "/elections/{election}/bodies/{code}": get(
        "getBody", "A body and its nominations in every contest of the election",
        [ELECTION, path_param("code", "body code")], ref("BodyDetail"), "The body", ["bodies"],
    ),
    "/bodies": get(
        "listBodies", "Nominating bodies in every election; search by part of a name with q", [SINCE, KIND, Q],
        array(ref("RegisteredBody")), "The bodies", ["bodies"],
    ),
    "/candidates": get(
        "listCandidates", "Everyone who stands in any contest, with their candidacies", [SINCE, Q],
        array(ref("Person")), "The candidates", ["candidates"],
    ),
    "/candidates/{slug}": get(
        "getCandidate", "A candidate: standing in each contest, nominations, suspensions and pledges",
        [path_param("slug", "candidate slug"), AS_OF], ref("Candidate"), "The candidate", ["candidates"],
    ),
    "/elections/{election}/pledges": get(
        "listPledges", "An election's pledges, with every candidate of the contests each concerns and their state",
        [ELECTION], array(ref("Pledge")), "The pledges", ["pledges"],
    ),
    "/elections/{election}/contests/{contest}/questions": get(
        "listQuestions", "Members' published questions to a contest's candidates, with every answer",
        [ELECTION, CONTEST], array(ref("Question")), "The questions", ["questions"],
    ),
    "/candidates/{slug}/listening": get(
        "listListeningExercises", "A candidate's listening exercises: questions, counts and published answers",
        [path_param("slug", "candidate slug")], array(ref("ListeningExercise")), "The exercises", ["candidates"],
    ),
    "/elections/{election}/slates": get(
        "listSlates", "Every published slate of an election: who, which version, when", [ELECTION],
        array(ref("SlateSummary")), "The slates", ["slates"],
    ),
    "/elections/{election}/slates/{organisation}": get(
        "getSlate", "An organisation's latest published slate, resolved against the ballot as of a moment",
        [ELECTION, path_param("organisation", "organisation slug"), AS_OF], ref("Slate"), "The slate", ["slates"],
    ),
    "/appeals/{organisation}/{appeal}": get(
        "getAppeal", "An appeal's confirmed count, by region, progress and dated notices",
        [path_param("organisation", "organisation slug"), path_param("appeal", "appeal slug")], ref("Appeal"),
        "The appeal", ["appeals"],
    ),
    "/counts/{count_id}": with_response(
        get(
            "getCount", "A count stored from a BLT file: stage by stage, votes as exact decimals",
            [{**path_param("count_id", "the stored count's number"), "schema": INTEGER}], ref("Count"), "The count",
            ["results"],
        ),
        "403",
        {"description": "A body's meeting count, private to that body's secretaries and admins", "content": ERROR},
    ),
    "/openapi.json": {
        "get": {
            "operationId": "getOpenAPI",
            "summary": "This description",
            "tags": ["meta"],
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document",
                    "headers": CACHE_HEADERS,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "304": {"description": "Not modified", "headers": CACHE_HEADERS},
                "503": UNAVAILABLE,
            },
        }
    },
}


def document(server_url: str = "/api/v1") -> dict:
    """The whole OpenAPI 3.1 document, with `server_url` as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Nominations Tracker API",
            "version": "1.0.0",
            "summary": "Who is on the ballot in a party's internal elections, and why.",
            "description": (
                "Read-only and public. Every answer carries an ETag and Cache-Control; send If-None-Match to get "
                "304 when nothing has changed. Times are ISO 8601; a time without an offset is read in the "
                "election's time zone. Errors are JSON with a message naming the parameter at fault."
            ),
            "license": {"name": "Data: as published by the returning officer", "identifier": "CC-BY-4.0"},
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "servers": [{"url": server_url}],
        "tags": [
            {"name": name}
            for name in ("elections", "contests", "ballot", "candidates", "nominations", "bodies", "changes", "slates",
                         "pledges", "questions", "results", "appeals", "meta")
        ],
        "paths": deepcopy(PATHS),
        "components": {"schemas": deepcopy(SCHEMAS)},
    }
