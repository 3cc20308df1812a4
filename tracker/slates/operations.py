"""Every change to organisations and slates: checked in full first, flushed (never committed), audited.

A published version is never changed: there is deliberately no operation that edits one. A change is
made in the draft and published as the next version.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.audit.operations import record
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.rules.slates import Pick, validate_picks
from tracker.slates import definition
from tracker.slates.models import Organisation, Slate, SlateVersion
from tracker.slates.services import (
    candidate_names,
    content_of,
    find_organisation,
    find_slate,
    ordered_slugs,
    picks_of,
)
from tracker.types import utcnow
from tracker.vocabulary import SLUG, SLUG_RULE, AuditAction

#: What anyone who tries to change a published version is told (there is no operation that would).
PUBLISHED_IS_FINAL = "published versions cannot be changed: publish a new version"
MAX_TITLE = 200
MAX_SLUG = 80
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL cannot store NUL; none belongs in a one-line name


# --- organisations ---------------------------------------------------------------------------------


def organisation_problems(slug: str, name: str) -> list[tuple[str, str]]:
    problems = []
    if not SLUG.match(slug or ""):
        problems.append(("slug", f"{slug!r} is not a slug: use {SLUG_RULE}, e.g. grassroots-left"))
    elif len(slug) > MAX_SLUG:
        problems.append(("slug", f"the slug must be at most {MAX_SLUG} characters"))
    elif find_organisation(slug) is not None:
        problems.append(("slug", f"an organisation with the slug {slug!r} already exists"))
    return problems + _name_problems(name)


def _name_problems(name: str) -> list[tuple[str, str]]:
    if not (name or "").strip():
        return [("name", "the organisation needs a name")]
    if len(name.strip()) > MAX_TITLE:
        return [("name", f"the name must be at most {MAX_TITLE} characters")]
    if _CONTROL.search(name.strip()):
        return [("name", "the name must not contain control characters")]
    return []


def create_organisation(slug: str, name: str, description: str = "") -> Organisation:
    """A new organisation that organisers can publish slates for."""
    slug = (slug or "").strip()
    problems = organisation_problems(slug, name)
    if problems:
        raise DomainError(problems)
    organisation = Organisation(slug=slug, name=name.strip(), description=(description or "").strip())
    db.session.add(organisation)
    record(AuditAction.ORGANISATION_CREATE, organisation, after={"slug": slug, "name": organisation.name},
           summary=f"Organisation {organisation.name} created")
    return organisation


# --- drafts ------------------------------------------------------------------------------------------


def _contest_problems(election: Election, picks_by_contest: Mapping[str, Sequence[Pick]]):
    """Every problem with the picks: (contest slug, field within the contest or "", message)."""
    contests = {contest.slug: contest for contest in election.contests}
    problems: list[tuple[str, str, str]] = []
    for slug, picks in picks_by_contest.items():
        contest = contests.get(slug)
        if contest is None:
            known = ", ".join(contests) or "none"
            problems.append((slug, "", f"{slug!r} is not a contest in {election.title} (contests: {known})."))
            continue
        for field, message in validate_picks(picks, candidate_names(contest), contest.seats):
            problems.append((slug, field, message))
    return problems


def _title_problems(title: str) -> list[tuple[str, str]]:
    if not title:
        return [("title", "the slate needs a title")]
    if len(title) > MAX_TITLE:
        return [("title", f"the title must be at most {MAX_TITLE} characters")]
    if _CONTROL.search(title):
        return [("title", "the title must not contain control characters")]
    return []


def _normalised(picks_by_contest: Mapping[str, Sequence[Pick]]) -> dict[str, list[Pick]]:
    """Names with their spaces tidied; contests without picks left out."""
    tidy = " ".join
    return {
        slug.strip(): [Pick(tidy(p.name.split()), tuple(tidy(n.split()) for n in p.otherwise)) for p in picks]
        for slug, picks in picks_by_contest.items()
        if picks
    }


def save_draft(
    organisation: Organisation,
    election: Election,
    picks_by_contest: Mapping[str, Sequence[Pick]],
    title: str | None = None,
) -> Slate:
    """Replace the organisation's private draft for an election, creating the slate if it has none.

    Every problem is reported at once (fields like ``contest[nec-clp].picks[1].name``) and nothing is
    written. Saving what the draft already says writes nothing and records nothing.
    """
    picks_by_contest = _normalised(picks_by_contest)
    slate = find_slate(organisation, election)
    title = " ".join((title if title is not None else (slate.title if slate else _default_title(organisation, election))).split())
    problems = _title_problems(title) + [
        (f"contest[{slug}]" + (f".{field}" if field else ""), message)
        for slug, field, message in _contest_problems(election, picks_by_contest)
    ]
    if problems:
        raise DomainError(problems)
    content = content_of(picks_by_contest)
    content = {slug: content[slug] for slug in ordered_slugs(election, content)}
    if slate is not None and slate.draft == content and slate.title == title:
        return slate
    before = None
    if slate is None:
        slate = Slate(organisation=organisation, election=election, title=title, draft=content)
        try:
            with db.session.begin_nested():  # two organisers saving a first draft at once: one slate wins
                db.session.add(slate)
                db.session.flush()
        except IntegrityError:
            slate = find_slate(organisation, election)
            before = {"title": slate.title, "draft": slate.draft}
            slate.title, slate.draft = title, content
    else:
        before = {"title": slate.title, "draft": slate.draft}
        slate.title, slate.draft = title, content
    slate.draft_updated_at = utcnow()
    record(AuditAction.SLATE_SAVE_DRAFT, slate, before=before, after={"title": title, "draft": content},
           summary=f"{organisation.name} saved a draft of {title!r}", election_id=election.id)
    return slate


def _default_title(organisation: Organisation, election: Election) -> str:
    return f"{organisation.name}: {election.title}"


def draft_is_published(slate: Slate) -> bool:
    """Whether the draft says exactly what the latest published version says."""
    latest = slate.versions[-1] if slate.versions else None
    return latest is not None and latest.content == slate.draft and latest.title == slate.title


# --- publishing --------------------------------------------------------------------------------------


def publish_slate(slate: Slate, published_by=None) -> SlateVersion:
    """Freeze the draft as the next published version, dated now.

    Refused when the draft is empty, no longer valid against the ballot's candidates, or says exactly
    what the latest version says (publishing it again would only add a version that changes nothing).
    """
    # Lock the slate so that two publishers cannot both take the next number (PostgreSQL; SQLite is serial).
    db.session.execute(select(Slate.id).where(Slate.id == slate.id).with_for_update())
    latest = slate.versions[-1] if slate.versions else None
    problems: list[tuple[str, str]] = []
    if not slate.draft:
        problems.append(("draft", "the draft recommends nobody: add picks before publishing"))
    elif latest is not None and draft_is_published(slate):
        problems.append(("draft", f"the draft is the same as version {latest.number}: change it before publishing"))
    problems += _title_problems(slate.title)
    problems += [
        (f"contest[{slug}]" + (f".{field}" if field else ""), message)
        for slug, field, message in _contest_problems(
            slate.election, {slug: picks_of(entries) for slug, entries in slate.draft.items()}
        )
    ]
    if problems:
        raise DomainError(problems)
    number = (db.session.scalar(select(func.max(SlateVersion.number)).where(SlateVersion.slate_id == slate.id)) or 0) + 1
    version = SlateVersion(
        slate=slate,
        number=number,
        title=slate.title,
        content={slug: [{"name": entry["name"], "otherwise": list(entry.get("otherwise") or ())} for entry in entries]
                 for slug, entries in slate.draft.items()},
        published_at=utcnow(),
        published_by_id=getattr(published_by, "id", None),
    )
    db.session.add(version)
    organisation = slate.organisation
    record(
        AuditAction.SLATE_PUBLISH, version,
        before={"number": latest.number, "title": latest.title, "content": latest.content} if latest else None,
        after={"organisation": organisation.slug, "number": number, "title": version.title, "content": version.content},
        summary=f"{organisation.name} published version {number} of its slate {version.title!r}",
        public=True, election_id=slate.election_id,
    )
    return version


# --- the slate definition file -------------------------------------------------------------------------

_FIELD = re.compile(r"^picks\[(\d+)\](?:\.(name)|\.otherwise\[(\d+)\])?$")


def import_slate(text: str, source: str = "slate.toml") -> tuple[SlateVersion, bool]:
    """Read a slate file: create the organisation if absent, replace the draft, publish it as a new version.

    Returns the latest version and whether it is new: a file that says what the latest version already
    says changes nothing (importing the same file twice is harmless). Every problem is reported with its
    file and line, as ``("<source>:<line>: <where>", message)``, and nothing is written.
    """
    try:
        parsed, lines = definition.parse(text)
    except definition.DefinitionError as error:
        raise DomainError([(_where(source, line, where), message) for line, where, message in error.problems]) from None

    problems: list[tuple[str, str]] = []
    election = db.session.scalar(select(Election).where(Election.slug == parsed.election))
    if election is None:
        problems.append((_where(source, lines.of_top("election"), "election"),
                         f"no election has the slug {parsed.election!r}"))
    organisation = find_organisation(parsed.organisation)
    name = parsed.organisation_name or (organisation.name if organisation else parsed.organisation.replace("-", " ").title())
    if organisation is None:
        problems += [(_where(source, lines.of_top("organisation_name" if field == "name" else "organisation"), field),
                      message) for field, message in organisation_problems(parsed.organisation, name)]
    elif parsed.organisation_name:
        problems += [(_where(source, lines.of_top("organisation_name"), field), message)
                     for field, message in _name_problems(parsed.organisation_name)]
    if parsed.title is not None:
        problems += [(_where(source, lines.of_top("title"), "title"), message)
                     for _, message in _title_problems(" ".join(parsed.title.split()))]
    if election is not None:
        index = {slug: i for i, slug in enumerate(parsed.contests)}
        for slug, field, message in _contest_problems(election, _normalised(parsed.contests)):
            i = index[slug]
            match = _FIELD.match(field)
            if match is None:  # the contest itself, or its number of picks
                line, where = lines.of_contest(i, "slug" if not field else None), f"contest {slug}"
            else:
                j = int(match.group(1))
                if match.group(3) is not None:
                    line = lines.of_pick(i, j, "otherwise")
                    where = f"contest {slug}, pick {j + 1}, otherwise {int(match.group(3)) + 1}"
                else:
                    line, where = lines.of_pick(i, j, "name"), f"contest {slug}, pick {j + 1}"
            problems.append((_where(source, line, where), message))
    if problems:
        raise DomainError(problems)

    if organisation is None:
        organisation = create_organisation(parsed.organisation, name)
    elif parsed.organisation_name and parsed.organisation_name != organisation.name:
        before = organisation.name
        organisation.name = parsed.organisation_name
        record(AuditAction.ORGANISATION_UPDATE, organisation, before={"name": before}, after={"name": organisation.name},
               summary=f"Organisation {before} renamed {organisation.name}")
    slate = save_draft(organisation, election, parsed.contests, parsed.title)
    if draft_is_published(slate):
        return slate.versions[-1], False
    return publish_slate(slate), True


def _where(source: str, line: int | None, where: str) -> str:
    place = f"{source}:{line}" if line else source
    return f"{place}: {where}" if where else place


def export_slate(slate: Slate, version: SlateVersion | None = None, draft: bool = False) -> str:
    """The slate file for a published version (the latest by default) or for the draft."""
    if draft:
        title, content = slate.title, slate.draft
        comment = f"Draft (unpublished) of {slate.organisation.name}'s slate for {slate.election.title}."
    else:
        version = version or (slate.versions[-1] if slate.versions else None)
        if version is None:
            raise DomainError(f"{slate.organisation.name} has not published a slate for {slate.election.title}",
                              "version")
        title, content = version.title, version.content
        comment = f"Version {version.number}, published {version.published_at.isoformat(timespec='seconds')}."
    contests = {slug: picks_of(content[slug]) for slug in ordered_slugs(slate.election, content)}
    return definition.format_definition(
        slate.organisation.slug, slate.organisation.name, slate.election.slug, title, contests, comment=comment
    )
