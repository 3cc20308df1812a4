"""A fictional election at national scale, written as the definition and CSV files an organiser would load.

Every name is invented from word lists with a fixed seed, so the same people, constituencies and
nominations come out every time; only the timetable moves with the date it is generated for: the MP
stage has closed, nominations from CLPs and affiliates close in two weeks.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tracker.times import DEFAULT_TIMEZONE, to_local, zone
from tracker.vocabulary import BodyKind, NominationStatus
from tracker.web.downloads import write_csv

SEED = 2026
SLUG = "demo-leadership"
TITLE = "Leadership and NEC elections (demo)"

#: Constituencies per region and nation (650 in all).
REGIONS = {
    "North East": 27, "North West": 76, "Yorkshire and the Humber": 54, "East Midlands": 47,
    "West Midlands": 57, "East of England": 65, "London": 79, "South East": 95, "South West": 61,
    "Wales": 32, "Scotland": 57,
}
MPS = 200

ENGLISH_ROOTS = (
    "Ash", "Bar", "Bel", "Black", "Bram", "Brent", "Broad", "Bur", "Cal", "Chal", "Clay", "Cold", "Cop", "Crow",
    "Dal", "Dart", "Dun", "Elm", "Fal", "Farn", "Fen", "Fox", "Gran", "Green", "Hal", "Har", "Hart", "Hay", "Hol",
    "Horn", "Kel", "Kings", "Lang", "Lea", "Lin", "Long", "Mar", "Mel", "Mill", "Mor", "Nor", "Oak", "Ock", "Pol",
    "Red", "Rid", "Ros", "Rush", "Salt", "Sand", "Shel", "Stan", "Stock", "Stone", "Sud", "Sut", "Thorn", "Wal",
    "Wel", "Whit", "Wick", "Wil", "Win", "Wood", "Wor", "Yar", "Ald", "Bex", "Cher", "Hex",
)
ENGLISH_ENDINGS = (
    "by", "bridge", "bury", "caster", "cliffe", "combe", "dale", "don", "field", "ford", "gate", "ham", "hurst",
    "ington", "leigh", "ley", "mere", "minster", "moor", "mouth", "ness", "port", "stead", "stoke", "thorpe",
    "ton", "wick", "worth",
)
WELSH_ROOTS = ("Aber", "Llan", "Pen", "Caer", "Cwm", "Bryn", "Pont", "Tre", "Ystrad", "Glyn", "Nant", "Rhos")
WELSH_ENDINGS = ("gwyn", "dewi", "mawr", "fach", "teg", "coed", "afon", "derwen", "elli", "garth", "hir", "isaf",
                 "llyn", "onnen", "rhiw", "wern")
SCOTTISH_ROOTS = ("Kil", "Dun", "Inver", "Strath", "Glen", "Auchter", "Bal", "Kin", "Loch", "Pit", "Craig", "Ard")
SCOTTISH_ENDINGS = ("more", "lochy", "ard", "an", "brae", "carron", "dee", "allan", "ness", "ross", "muir", "lee",
                    "garry", "tay", "nevis", "fyne")
COMPASS = ("North", "South", "East", "West", "Central")

WOMEN = (
    "Abigail", "Aisha", "Alys", "Amara", "Bethan", "Bronwen", "Carys", "Chloe", "Dana", "Deborah", "Eilidh", "Elena",
    "Esther", "Fatima", "Fiona", "Gemma", "Hannah", "Harriet", "Imogen", "Isla", "Jasmine", "Joanna", "Kate", "Leah",
    "Lorna", "Maisie", "Marta", "Megan", "Nadia", "Niamh", "Olwen", "Priya", "Rachel", "Rhiannon", "Rosa", "Ruth",
    "Samira", "Sian", "Tamsin", "Una", "Verity", "Yasmin", "Zara", "Freya", "Morag", "Ines",
)
MEN = (
    "Aaron", "Adil", "Alistair", "Amir", "Ben", "Callum", "Ciaran", "Daniel", "Dev", "Dylan", "Euan", "Farid",
    "Gareth", "Gethin", "Graham", "Hamish", "Harvey", "Idris", "Imran", "Jamal", "Joel", "Kieran", "Leon", "Luca",
    "Malcolm", "Marcus", "Nathan", "Neil", "Omar", "Owain", "Patrick", "Rhys", "Rory", "Rowan", "Sanjay", "Tariq",
    "Theo", "Tomos", "Victor", "Wesley", "Yusuf", "Zak", "Fergus", "Ross",
)
SURNAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Ainsworth", "Appleby", "Ashdown", "Bains", "Barlow", "Baxter", "Bellamy",
    "Bevan", "Birch", "Blackwood", "Bowen", "Brennan", "Buckley", "Calder", "Campbell", "Carver", "Chadwick",
    "Chaudhry", "Coates", "Connolly", "Crane", "Dalton", "Darby", "Devlin", "Doherty", "Driscoll", "Dunmore",
    "Eastwood", "Ellison", "Evans", "Farrow", "Fenwick", "Fletcher", "Forsyth", "Gallagher", "Garside", "Gill",
    "Goodwin", "Griffiths", "Hadley", "Haldane", "Hartley", "Hayward", "Hewitt", "Holloway", "Hussain", "Iqbal",
    "Jennings", "Jowett", "Kaur", "Keane", "Kerr", "Lacey", "Lambert", "Lennox", "Lloyd", "Lomax", "Lowther",
    "Macrae", "Malik", "Marsden", "McAllister", "Mellor", "Mistry", "Morrow", "Nairn", "Nolan", "Okafor",
    "Oldfield", "Osei", "Parekh", "Pennington", "Pryce", "Quayle", "Rahman", "Rafferty", "Redfern", "Roper",
    "Sandhu", "Sefton", "Shackleton", "Sinclair", "Stanhope", "Sutcliffe", "Tandy", "Thorne", "Tierney", "Upton",
    "Varma", "Wainwright", "Walsh", "Whitlock", "Wilde", "Winter", "Wragg", "Yeardley", "Younis",
)

UNIONS = (
    ("Union of Care and Health Workers", 1_150_000), ("General and Municipal Federation", 460_000),
    ("Amalgamated Engineering and Energy Union", 380_000), ("Transport and Logistics Workers' Union", 210_000),
    ("Union of Retail and Distribution Staff", 340_000), ("Communication and Digital Workers' Federation", 150_000),
    ("Public Services Alliance", 95_000), ("Union of Builders and Allied Trades", 70_000),
    ("Rail and Maritime Staff Association", 48_000), ("Musicians' and Performers' Guild", 31_000),
    ("Bakers, Food and Hospitality Union", 22_000), ("Fire and Rescue Workers' Union", 18_000),
)
SOCIETIES = (
    ("Society of Labour Engineers", 1_200), ("Socialist Health Circle", 2_400), ("Labour Housing Network", 900),
    ("Co-operative Farmers' League", 3_100), ("Socialist Lawyers' Society", 650), ("Labour Disability Network", 1_800),
    ("Young Co-operators' Association", 4_200), ("Labour Rural Fellowship", 700),
)

CONTESTS = (("leader", "Leader"), ("deputy", "Deputy Leader"))


@dataclass
class Body:
    code: str
    name: str
    kind: str
    region: str = ""
    is_union: bool = False
    members: int = 0
    meeting_at: datetime | None = None  #: when it met to nominate (CLPs and affiliates)


@dataclass
class Demo:
    """The files written and what they describe, for the loader and the tests."""

    directory: Path
    today: date
    bodies: list[Body] = field(default_factory=list)
    candidates: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    nominations: list[tuple[str, str, str, datetime, str]] = field(default_factory=list)
    withdrawn: tuple[str, str, datetime] | None = None  #: (contest, name, withdrawn_at)
    suspended: tuple[str, str, datetime] | None = None  #: (contest, name, starts_at)

    @property
    def paths(self) -> dict[str, Path]:
        return {name: self.directory / f"{name}.{'toml' if name == 'election' else 'csv'}"
                for name in ("election", "bodies", "candidates", "nominations", "suspensions")}


class Timetable:
    """The demo's dates, relative to the day it is generated for (local time)."""

    def __init__(self, today: date):
        self.zone = zone(DEFAULT_TIMEZONE)
        self.today = today
        self.plp_opens, self.plp_closes = self.at(-20, 9), self.at(-14, 14, 30)
        self.supporting_opens, self.supporting_closes = self.at(-12, 9), self.at(14, 17)
        self.ballot_opens, self.ballot_closes, self.result = self.at(21, 9), self.at(50, 12), self.at(52, 11)

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.today + timedelta(days=days), time(hour, minute), tzinfo=self.zone)

    def evening(self, rng: random.Random, first: int, last: int) -> datetime:
        """A meeting on an evening between two days (relative to today), at a quarter hour from 18:00 to 21:00."""
        return self.at(rng.randint(first, last), 18) + timedelta(minutes=15 * rng.randint(0, 12))

    def during_plp(self, rng: random.Random) -> datetime:
        span = (self.plp_closes - self.plp_opens).total_seconds()
        moment = self.plp_opens + timedelta(seconds=span * rng.uniform(0.02, 0.98))
        return moment.replace(second=0, microsecond=0)


def _constituencies(rng: random.Random) -> list[tuple[str, str]]:
    """650 invented constituency names, each with its region or nation."""
    names: set[str] = set()
    result = []
    for region, count in REGIONS.items():
        roots, endings = {
            "Wales": (WELSH_ROOTS, WELSH_ENDINGS), "Scotland": (SCOTTISH_ROOTS, SCOTTISH_ENDINGS),
        }.get(region, (ENGLISH_ROOTS, ENGLISH_ENDINGS))
        made = 0
        while made < count:
            place = rng.choice(roots) + rng.choice(endings)
            shape = rng.random()
            if shape < 0.5:
                name = place
            elif shape < 0.7:
                other = rng.choice(roots) + rng.choice(endings)
                name = f"{place} and {other}" if other != place else place
            elif shape < 0.85:
                name = f"{place} {rng.choice(COMPASS)}"
            else:
                name = f"{rng.choice(COMPASS[:4])} {place}"
            if name not in names:
                names.add(name)
                result.append((name, region))
                made += 1
    return result


def _people(rng: random.Random, count: int, women: int, taken: set[str]) -> list[tuple[str, bool]]:
    """`count` invented names not yet `taken` (which they join), `women` of them women's, shuffled."""
    people = []
    while len(people) < count:
        woman = len(people) < women
        name = f"{rng.choice(WOMEN if woman else MEN)} {rng.choice(SURNAMES)}"
        if name not in taken:
            taken.add(name)
            people.append((name, woman))
    rng.shuffle(people)
    return people


def generate(directory: Path, today: date, scale: float = 1.0) -> Demo:
    """Write election.toml and the four CSV files for `today` into `directory`; `scale` shrinks MPs and CLPs."""
    rng = random.Random(SEED)
    when = Timetable(today)
    demo = Demo(directory=Path(directory), today=today)
    seats = _constituencies(rng)
    seats = [seats[i] for i in sorted(rng.sample(range(len(seats)), max(20, round(len(seats) * scale))))]
    taken: set[str] = set()
    mp_count = max(20, round(MPS * scale))
    mp_people = _people(rng, mp_count, mp_count * 2 // 5, taken)
    leadership, nec_people = _people(rng, 12, 5, taken), _people(rng, 20, 10, taken)

    # Bodies: MPs (for constituencies drawn at random), CLPs, unions and socialist societies.
    mps = [Body(f"MP{i + 1:03}", name, BodyKind.MP, region=rng.choice(seats)[1]) for i, (name, _) in enumerate(mp_people)]
    clps = [Body(f"CLP{i + 1:03}", name, BodyKind.CLP, region=region) for i, (name, region) in enumerate(seats)]
    affiliates = [Body(f"TU{i + 1:02}", name, BodyKind.AFFILIATE, is_union=True, members=members)
                  for i, (name, members) in enumerate(UNIONS)]
    affiliates += [Body(f"SS{i + 1:02}", name, BodyKind.AFFILIATE, members=members) for i, (name, members) in enumerate(SOCIETIES)]
    for body in clps + affiliates:
        body.meeting_at = when.evening(rng, -12, -1)
    demo.bodies = mps + clps + affiliates

    # Candidates: six for Leader, six for Deputy, twenty (half women) for the NEC's CLP section.
    leader, deputy = leadership[:6], leadership[6:]
    nec = sorted(nec_people, key=lambda person: not person[1])  # ten women first, then ten men
    nec = [nec[i] for i in (0, 10, 1, 11, 2, 3, 12, 4, 13, 5, 14, 6, 15, 7, 16, 17, 8, 18, 9, 19)]
    demo.candidates = {"leader": leader, "deputy": deputy, "nec-clp": nec}
    withdrawn, suspended = leader[3][0], deputy[2][0]
    demo.withdrawn = ("leader", withdrawn, when.at(-3, 12))
    demo.suspended = ("deputy", suspended, when.at(-5, 10))

    def status(moment: datetime) -> str:  # the last two days' meetings are still awaiting verification
        return NominationStatus.SUBMITTED if moment >= when.at(-2, 0) else NominationStatus.VERIFIED

    # MP stage (closed): counts relative to what the stage needs, 10% of MPs.
    mp_need = math.ceil(len(mps) / 10)
    mp_counts = {
        "leader": (round(3.5 * mp_need), round(2.2 * mp_need), round(1.5 * mp_need), mp_need + 2,
                   int(0.6 * mp_need), int(0.3 * mp_need)),
        "deputy": (round(2.5 * mp_need), 2 * mp_need, round(1.6 * mp_need), mp_need + max(1, mp_need // 4),
                   mp_need - max(1, mp_need // 4), int(0.4 * mp_need)),
    }
    for contest, candidates in (("leader", leader), ("deputy", deputy)):
        pool = rng.sample(mps, len(mps))
        for (name, _), count in zip(candidates, mp_counts[contest], strict=True):
            for body in (pool.pop() for _ in range(count)):
                demo.nominations.append((contest, name, body.code, when.during_plp(rng), NominationStatus.VERIFIED))

    # CLP and affiliate stage (open): some well through, some close to 5% of CLPs, none for the eliminated.
    clp_need = math.ceil(len(clps) / 20)
    close = clp_need - max(1, clp_need // 10)
    clp_counts = {
        "leader": (round(4 * clp_need), round(1.8 * clp_need), close, round(0.6 * clp_need), 0, 0),
        "deputy": (3 * clp_need, clp_need + 1, round(0.5 * clp_need), close - 1, 0, 0),
    }
    limits = {withdrawn: demo.withdrawn[2], suspended: demo.suspended[2]}
    unions, societies = affiliates[: len(UNIONS)], affiliates[len(UNIONS):]
    affiliate_picks = {
        "leader": ([unions[0], unions[3], unions[5], societies[0]], [unions[1], unions[4]], [societies[2]]),
        "deputy": ([unions[2], unions[6], unions[7]], [unions[8]], [], [societies[4]]),
    }
    for contest, candidates in (("leader", leader), ("deputy", deputy)):
        order = sorted(range(len(candidates)), key=lambda i: candidates[i][0] not in limits)  # limited ones first
        free = rng.sample(clps, len(clps))
        for i in order:
            name, count = candidates[i][0], clp_counts[contest][i]
            limit = limits.get(name)
            chosen = [body for body in free if limit is None or body.meeting_at < limit][:count]
            free = [body for body in free if body not in chosen]
            picks = affiliate_picks[contest][i] if i < len(affiliate_picks[contest]) else []
            for body in chosen + [b for b in picks if limit is None or b.meeting_at < limit]:
                demo.nominations.append((contest, name, body.code, body.meeting_at, status(body.meeting_at)))

    # NEC CLP section: each CLP nominates up to nine at one meeting; a few candidates are short of five.
    targets = (190, 175, 160, 150, 140, 130, 115, 100, 90, 80, 65, 50, 40, 30, 20, 12, 7, 4, 3, 1)
    active = rng.sample(clps, max(10, round(len(clps) * 0.55)))
    load = {body.code: 0 for body in active}
    for (name, _), target in zip(nec, targets, strict=True):
        count = target if target < 10 else max(5, round(target * scale))
        open_bodies = [body for body in active if load[body.code] < 9]
        for body in rng.sample(open_bodies, min(count, len(open_bodies))):
            load[body.code] += 1
            demo.nominations.append(("nec-clp", name, body.code, body.meeting_at, status(body.meeting_at)))

    _write(demo, when)
    return demo


def _local(moment: datetime, timespec: str = "minutes") -> str:
    """A local time as the files write it: ISO 8601 without an offset (TOML 1.0 needs the seconds)."""
    return to_local(moment, DEFAULT_TIMEZONE).isoformat(timespec=timespec)


def _election_toml(when: Timetable) -> str:
    ballot = f"""
  [contest.ballot]
  opens = {_local(when.ballot_opens, "seconds")}
  closes = {_local(when.ballot_closes, "seconds")}
  result = {_local(when.result, "seconds")}
"""
    leadership = "".join(
        f"""
[[contest]]
slug = "{slug}"
title = "{title}"
seats = 1

  [[contest.stage]]
  id = "plp"
  title = "Nominations from MPs"
  opens = {_local(when.plp_opens, "seconds")}
  closes = {_local(when.plp_closes, "seconds")}
  [[contest.stage.route]]
  kind = "mp"
  share = 0.10

  [[contest.stage]]
  id = "supporting"
  title = "Nominations from CLPs or affiliates"
  opens = {_local(when.supporting_opens, "seconds")}
  closes = {_local(when.supporting_closes, "seconds")}
  [[contest.stage.route]]
  kind = "clp"
  share = 0.05
  [[contest.stage.route]]
  kind = "affiliate"
  count = 3
  unions = 2
  membership_share = 0.05
{ballot}"""
        for slug, title in CONTESTS
    )
    return f"""# A fictional election for trying the Nominations Tracker: every name is invented.
slug = "{SLUG}"
title = "{TITLE}"
timezone = "{DEFAULT_TIMEZONE}"          # times below are local to it
{leadership}
[[contest]]
slug = "nec-clp"
title = "NEC: CLP section"
seats = 9
max_nominations_per_body = 9
min_women = 5

  [[contest.stage]]
  id = "clp"
  title = "Nominations from CLPs"
  opens = {_local(when.supporting_opens, "seconds")}
  closes = {_local(when.supporting_closes, "seconds")}
  [[contest.stage.route]]
  kind = "clp"
  count = 5
{ballot}"""


def _write_csv(path: Path, header: list[str], rows) -> None:
    """Through the downloads' writer, the only CSV writer in tracker/ (no byte order mark: these are not downloads;
    nothing in them looks like a formula, so its guard changes nothing)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(handle, header, rows)


def _write(demo: Demo, when: Timetable) -> None:
    demo.directory.mkdir(parents=True, exist_ok=True)
    paths = demo.paths
    paths["election"].write_text(_election_toml(when), encoding="utf-8")
    _write_csv(paths["bodies"], ["code", "name", "kind", "region", "is_union", "members"], (
        (b.code, b.name, b.kind, b.region, "yes" if b.is_union else ("no" if b.kind == BodyKind.AFFILIATE else ""),
         b.members if b.kind == BodyKind.AFFILIATE else "")
        for b in demo.bodies
    ))
    withdrawn = {demo.withdrawn[:2]: demo.withdrawn[2]}
    _write_csv(paths["candidates"], ["contest", "name", "woman", "withdrawn_at"], (
        (contest, name, ("yes" if woman else "no") if contest == "nec-clp" else "",
         _local(withdrawn[(contest, name)]) if (contest, name) in withdrawn else "")
        for contest, people in demo.candidates.items() for name, woman in people
    ))
    _write_csv(paths["nominations"], ["contest", "candidate", "body", "nominated_at", "status"], (
        (contest, name, code, _local(at), status) for contest, name, code, at, status in demo.nominations
    ))
    _write_csv(paths["suspensions"], ["person", "starts_at", "ends_at", "reason"], [
        (demo.suspended[1], _local(demo.suspended[2]), "", "none published"),
    ])
