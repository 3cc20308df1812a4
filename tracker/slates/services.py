"""Reading slates: a published version resolved against the ballot as of a moment, and what changed between versions."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.ballot.judging import Judged, judge
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election, Stage
from tracker.extensions import db
from tracker.rules.eligibility import ContestVerdict
from tracker.rules.slates import ContestResolution, Pick, Standing, Substitution, resolve_contest
from tracker.slates.models import Organisation, Slate, SlateVersion
from tracker.times import iso_text

# --- content: the JSON stored in Slate.draft and SlateVersion.content ----------------------------


def picks_of(entries: Sequence[Mapping]) -> list[Pick]:
    """One contest's stored picks as rule objects."""
    return [Pick(entry["name"], tuple(entry.get("otherwise") or ())) for entry in entries]


def content_of(picks_by_contest: Mapping[str, Sequence[Pick]]) -> dict:
    """Picks per contest as the JSON a slate stores (contests without picks are left out)."""
    return {
        slug: [{"name": pick.name, "otherwise": list(pick.otherwise)} for pick in picks]
        for slug, picks in picks_by_contest.items()
        if picks
    }


def ordered_slugs(election: Election, content: Mapping) -> list[str]:
    """The contests a content covers, in the election's order; slugs no longer in the election last."""
    known = [contest.slug for contest in election.contests if contest.slug in content]
    return known + sorted(slug for slug in content if slug not in known)


# --- finding slates --------------------------------------------------------------------------------


def load_election(slug: str) -> Election | None:
    """An election with its contests and their stages, by slug."""
    return db.session.scalar(
        select(Election)
        .where(Election.slug == slug)
        .options(selectinload(Election.contests).selectinload(Contest.stages).selectinload(Stage.routes))
    )


def find_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def find_slate(organisation: Organisation, election: Election) -> Slate | None:
    return db.session.scalar(
        select(Slate).where(Slate.organisation_id == organisation.id, Slate.election_id == election.id)
    )


def candidate_names(contest: Contest) -> list[str]:
    """The names of everyone standing in a contest (withdrawn or not): the names a slate may use."""
    return list(db.session.scalars(select(Person.name).join(Candidacy).where(Candidacy.contest_id == contest.id)))


def latest_version(slate: Slate | None) -> SlateVersion | None:
    return slate.versions[-1] if slate is not None and slate.versions else None


def published_slates(election: Election) -> list[Slate]:
    """Every slate of the election with at least one published version, by organisation name."""
    has_version = select(func.count(SlateVersion.id)).where(SlateVersion.slate_id == Slate.id).scalar_subquery()
    return list(
        db.session.scalars(
            select(Slate)
            .join(Organisation)
            .where(Slate.election_id == election.id, has_version > 0)
            .options(selectinload(Slate.versions), selectinload(Slate.organisation))
            .order_by(func.lower(Organisation.name), Organisation.slug)
        )
    )


def slates_by_contest(election: Election) -> dict[str, int]:
    """How many published slates recommend someone in each contest (by slug), by their latest version."""
    counts: dict[str, int] = {}
    for slate in published_slates(election):
        for slug, entries in latest_version(slate).content.items():
            if entries:
                counts[slug] = counts.get(slug, 0) + 1
    return counts


# --- resolution ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedPick:
    """One recommendation as written, and who it resolves to (None for a gap), with why when substituted."""

    number: int
    pick: Pick
    vote_for: str | None
    substitution: Substitution | None


@dataclass(frozen=True)
class ResolvedContest:
    """One contest of a slate resolved as of a moment."""

    slug: str
    contest: Contest | None  # None when the contest is no longer in the election
    picks: tuple[ResolvedPick, ...]
    resolution: ContestResolution
    verdict: ContestVerdict | None

    @property
    def title(self) -> str:
        return self.contest.title if self.contest is not None else self.slug

    @property
    def ballot_set(self) -> bool:
        return self.verdict is not None and self.verdict.ballot_set

    def to_dict(self) -> dict:
        """DESIGN.md's shape for one contest: picks, substitutions, gaps."""
        return {
            "picks": list(self.resolution.picks),
            "substitutions": [s.to_dict() for s in self.resolution.substitutions],
            "gaps": self.resolution.gaps,
        }


@dataclass(frozen=True)
class ResolvedSlate:
    """A slate's content (a published version, or a draft for its organisers) resolved as of a moment."""

    as_of: datetime
    contests: tuple[ResolvedContest, ...]

    def contest(self, slug: str) -> ResolvedContest | None:
        return next((c for c in self.contests if c.slug == slug), None)


class VerdictCache:
    """Each contest judged once per moment, however many slates are resolved against it; the moments at which
    any verdict it holds can change, for the page's ETag."""

    def __init__(self, judged: Mapping[int, Judged] | None = None, as_of: datetime | None = None) -> None:
        """Optionally holding contests already judged as of `as_of` (by contest id), so none is judged twice."""
        self._judged: dict[tuple[int, datetime], Judged] = {(i, as_of): j for i, j in (judged or {}).items()}

    def __call__(self, contest: Contest, as_of: datetime) -> ContestVerdict:
        key = (contest.id, as_of)
        if key not in self._judged:
            self._judged[key] = judge(contest, as_of)
        return self._judged[key].verdict

    @property
    def moments(self) -> set[datetime]:
        return set().union(*(j.moments for j in self._judged.values()))


def recommended_by(candidacies: Sequence, judged: Mapping[int, Judged], as_of: datetime) -> dict[int, list[str]]:
    """For each candidacy (by id), the organisations whose published slates, resolved as of `as_of` against the
    contests already judged, say to vote for its candidate; one query per election."""
    verdicts = VerdictCache(judged, as_of)
    found: dict[int, list[str]] = {c.id: [] for c in candidacies}
    elections = {c.contest.election_id: c.contest.election for c in candidacies}
    for election in elections.values():
        slates = published_slates(election)
        for candidacy in (c for c in candidacies if c.contest.election_id == election.id):
            for slate in slates:
                entries = latest_version(slate).content.get(candidacy.contest.slug)
                if not entries:
                    continue
                resolution, _ = resolve_picks(candidacy.contest, picks_of(entries), as_of, verdicts)
                if candidacy.person.name in resolution.picks:
                    found[candidacy.id].append(slate.organisation.name)
    return found


def standings(verdict: ContestVerdict) -> dict[str, Standing]:
    """The rules' standings of every candidate, by name, from the eligibility verdict."""
    return {v.name: Standing(name=v.name, status=v.status, reason=v.reason, woman=v.woman) for v in verdict.candidates}


def resolve_picks(
    contest: Contest | None, picks: Sequence[Pick], as_of: datetime, verdicts: VerdictCache | None = None
) -> tuple[ContestResolution, ContestVerdict | None]:
    """One contest's picks resolved against its candidates' verdicts as of a moment."""
    if contest is None:  # a contest since removed from the election: nobody is usable
        return resolve_contest(picks, {}, ballot_set=True), None
    verdict = (verdicts or VerdictCache())(contest, as_of)
    resolution = resolve_contest(
        picks, standings(verdict), ballot_set=verdict.ballot_set, min_women=contest.min_women
    )
    return resolution, verdict


def resolve_content(
    election: Election, content: Mapping, as_of: datetime, verdicts: VerdictCache | None = None
) -> ResolvedSlate:
    """Resolve stored picks (a version's content, or a draft) contest by contest as of a moment."""
    verdicts = verdicts or VerdictCache()
    by_slug = {contest.slug: contest for contest in election.contests}
    contests = []
    for slug in ordered_slugs(election, content):
        contest = by_slug.get(slug)
        picks = picks_of(content[slug])
        resolution, verdict = resolve_picks(contest, picks, as_of, verdicts)
        contests.append(
            ResolvedContest(slug, contest, _paired(picks, resolution), resolution, verdict)
        )
    return ResolvedSlate(as_of=as_of, contests=tuple(contests))


def resolve_version(version: SlateVersion, as_of: datetime, verdicts: VerdictCache | None = None) -> ResolvedSlate:
    """A published version resolved as of a moment."""
    return resolve_content(version.slate.election, version.content, as_of, verdicts)


def _paired(picks: Sequence[Pick], resolution: ContestResolution) -> tuple[ResolvedPick, ...]:
    """Each pick with its slot and, where it did not resolve to itself, its substitution."""
    substitutions = iter(resolution.substitutions)
    paired = []
    for number, (pick, slot) in enumerate(zip(picks, resolution.slots, strict=True), start=1):
        substitution = next(substitutions) if slot != pick.name else None
        paired.append(ResolvedPick(number, pick, slot, substitution))
    return tuple(paired)


def slate_json(version: SlateVersion, resolved: ResolvedSlate) -> dict:
    """DESIGN.md's answer for one slate: organisation, version, published_at and each contest resolved."""
    return {
        "organisation": version.slate.organisation.slug,
        "version": version.number,
        "published_at": iso_text(version.published_at),
        "contests": {contest.slug: contest.to_dict() for contest in resolved.contests},
    }


# --- comparison --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonCell:
    """What one slate says about one candidate in one contest."""

    vote_for: int | None = None  # the pick number this candidate fills, when resolved to them
    recommended: int | None = None  # the pick number naming them directly
    substitute_for: tuple[tuple[int, str], ...] = ()  # (pick number, pick name) chains naming them

    @property
    def text(self) -> str:
        """A short phrase for a table cell or a CSV field ("" when the slate does not name them)."""
        if self.vote_for is not None:
            if self.recommended == self.vote_for:
                return f"pick {self.vote_for}"
            pick_name = dict(self.substitute_for).get(self.vote_for, "")
            return f"pick {self.vote_for} (instead of {pick_name})"
        if self.recommended is not None:
            return f"recommended as pick {self.recommended}, replaced"
        if self.substitute_for:
            return "substitute, not needed"
        return ""


def comparison_cells(resolved: ResolvedContest) -> dict[str, ComparisonCell]:
    """Every name one slate's contest mentions, with what the slate says about them."""
    recommended: dict[str, int] = {}
    substitute_for: dict[str, list[tuple[int, str]]] = {}
    vote_for: dict[str, int] = {}
    for item in resolved.picks:
        recommended.setdefault(item.pick.name, item.number)
        for name in item.pick.otherwise:
            substitute_for.setdefault(name, []).append((item.number, item.pick.name))
        if item.vote_for is not None:
            vote_for[item.vote_for] = item.number
    names = set(recommended) | set(substitute_for) | set(vote_for)
    return {
        name: ComparisonCell(vote_for.get(name), recommended.get(name), tuple(substitute_for.get(name, ())))
        for name in names
    }


# --- changes between versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContestChanges:
    """What changed in one contest between two versions of a slate."""

    slug: str
    added: tuple[str, ...] = ()  # picked now, not before
    removed: tuple[str, ...] = ()  # picked before, not now
    moved: tuple[tuple[str, int, int], ...] = ()  # (name, old pick number, new pick number)
    substitutes: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # (pick, old chain, new chain)
    contest_added: bool = False
    contest_removed: bool = False

    def sentences(self) -> list[str]:
        """The changes in words, one sentence each."""
        out = []
        if self.contest_added:
            out.append("Contest added to the slate.")
        if self.contest_removed:
            out.append("Contest removed from the slate.")
        out += [f"{name} added." for name in self.added]
        out += [f"{name} removed." for name in self.removed]
        out += [f"{name} moved from pick {old} to pick {new}." for name, old, new in self.moved]
        for pick, old, new in self.substitutes:
            out.append(f"Substitutes for {pick}: {_chain(old)} → {_chain(new)}.")
        return out

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.substitutes or self.contest_added
                    or self.contest_removed)


@dataclass(frozen=True)
class VersionChanges:
    """What changed between two versions: the title, and each contest that changed."""

    title: tuple[str, str] | None
    contests: tuple[ContestChanges, ...]

    def __bool__(self) -> bool:
        return self.title is not None or bool(self.contests)


def _chain(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "none"


def contest_changes(slug: str, old: Sequence[Pick], new: Sequence[Pick]) -> ContestChanges:
    """Picks added, removed or reordered, and substitute chains changed, in one contest."""
    old_names = [pick.name for pick in old]
    new_names = [pick.name for pick in new]
    added = tuple(name for name in new_names if name not in old_names)
    removed = tuple(name for name in old_names if name not in new_names)
    kept_old = [name for name in old_names if name in new_names]
    kept_new = [name for name in new_names if name in old_names]
    # Of the picks kept, those outside the longest run kept in the same order are the ones that moved
    # (a pick merely shifted by an addition or a removal above it has not).
    in_order = _longest_common_subsequence(kept_old, kept_new)
    moved = tuple(
        (name, old_names.index(name) + 1, new_names.index(name) + 1) for name in kept_new if name not in in_order
    )
    old_chains = {pick.name: pick.otherwise for pick in old}
    substitutes = tuple(
        (pick.name, old_chains[pick.name], pick.otherwise)
        for pick in new
        if pick.name in old_chains and old_chains[pick.name] != pick.otherwise
    )
    return ContestChanges(slug, added, removed, moved, substitutes, contest_added=not old, contest_removed=not new)


def _longest_common_subsequence(a: Sequence[str], b: Sequence[str]) -> set[str]:
    """The names of a longest subsequence common to a and b (lists of distinct names, a few dozen long)."""
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    common, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            common.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common


def version_changes(old_title: str, old_content: Mapping, new_title: str, new_content: Mapping,
                    order: Sequence[str] = ()) -> VersionChanges:
    """The changes from one version's content to the next (contests in `order`, then any others by slug)."""
    slugs = [slug for slug in order if slug in old_content or slug in new_content]
    slugs += sorted((set(old_content) | set(new_content)) - set(slugs))
    changes = tuple(
        change
        for slug in slugs
        if (change := contest_changes(slug, picks_of(old_content.get(slug, ())), picks_of(new_content.get(slug, ()))))
    )
    return VersionChanges(title=(old_title, new_title) if old_title != new_title else None, contests=changes)


def changes_between(older: SlateVersion, newer: SlateVersion) -> VersionChanges:
    """What changed from one published version to another."""
    order = [contest.slug for contest in newer.slate.election.contests]
    return version_changes(older.title, older.content, newer.title, newer.content, order)
