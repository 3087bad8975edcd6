"""Synthetic dossiers for the benchmarks (bench/README.md): a province's two years in bulk, one seed → one data set.

The generator does not call the services (a million intake transactions would take hours); it writes
the rows the services would have left, computed with the same rules: codes per (receiving agency,
day) continuing their `CodeSequence`, register entries per (desk, year), due dates from the
calendar engine's `due_compute` (supplements through `due_restart` / `due_pause`), every step of the
procedure's process template as a `Task` with the current one active at the right agency,
department and assignee, the participations, the checklist lines and the receive history entry.

Left out to keep the load fast (say so wherever figures are quoted): history entries after
"receive", hand-over rows (Mẫu 06), audit events, outbox rows, issued forms and scan files (the
checklist lines record paper originals instead).

Time is counted in the engine's working positions, so "received on a working day in opening
hours" and "finished 60 % of the way to the due date" are integer arithmetic. The data set ends at
local midnight of `until` (default today): dossiers whose events lie after that moment are still
open, which fills the work queues with what a real Monday morning would show.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from motcua.calendars.engine import Due, WorkingTime, due_compute, due_pause, due_restart, transfer_due
from motcua.calendars.workingtime import DAY_US, US_PER_MINUTE
from motcua.catalog.choices import StepRole, SupplementMode
from motcua.catalog.importing.template import default_steps
from motcua.core.text import fold

from .choices import Channel, Outcome, ParticipationRole, ReturnMethod, ReturnPhase, State, SupplementPhase

# Mixes (shared/spec/performance.md "Data set").
CHANNELS = (0.55, 0.90)  # cumulative: counter, online, the rest postal
COUNTER, ONLINE, POSTAL = Channel.COUNTER.value, Channel.ONLINE.value, Channel.POSTAL.value
COMMUNE_SHARE = 0.62  # dossiers of commune-level procedures, received at commune desks
BRANCH_SHARE = 0.2  # provincial dossiers received at the centre's branch
WITHDRAWN, STOPPED = 0.01, 0.003
LATE = 0.036  # of all dossiers; with withdrawals and still-open ones about 3 % of finished ones are late
SUPPLEMENTED, OBLIGATION = 0.02, 0.005
REFUSED = 0.03
NEVER_COLLECTED = 0.02
ORGANISATIONS = 0.08
REPEAT_APPLICANT = 0.25
DESK, HEAD = StepRole.DESK_OFFICER.value, StepRole.DEPARTMENT_HEAD.value
NO_SCAN = "Bản giấy (dữ liệu sinh để đo hiệu năng)"
SUPPLEMENT_ITEM = {
    "defect": "Thiếu chữ ký của người yêu cầu",
    "legal_basis": "Thành phần hồ sơ theo thủ tục đã công bố",
}

# fmt: off
FAMILY = [
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Lò", "Giàng", "Giàng", "Sùng", "Vàng", "Thào", "Lù", "Tráng",
    "Lừu", "Hầu", "Ma", "Hà", "Lục", "Nông", "Triệu", "Bàn", "Đinh",
]
MIDDLE_M = [
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Ngọc", "Xuân", "Hữu", "A", "A", "Seo", "Công", "Thanh", "Trung",
]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Minh", "Thanh", "Hồng", "Mai", "Kim"]
GIVEN_M = [
    "Minh", "Hùng", "Dũng", "Sử", "Pao", "Páo", "Thắng", "Sơn", "Anh", "Trung", "Tuấn", "Hải", "Nam", "Khoa", "Chứ",
    "Dính", "Bảo", "Đức", "Long", "Phúc", "Quân", "Tài", "Vinh", "Hiếu", "Lâm", "Cường", "Thành", "Huy", "Quý",
    "Chiến",
]
GIVEN_F = [
    "Hoa", "Lan", "Mai", "Dung", "Mỷ", "Hà", "Linh", "Phương", "Hương", "Thảo", "Thu", "Hoà", "Nga", "Chi", "Huyền",
    "Trang", "Yến", "Ngọc", "Vân", "Mây", "Dở", "Súa", "Xuân", "Hằng", "Loan", "Nhung",
]
ORG_FORMS = ("Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân")
ORG_WORDS = [
    "Hoàng Liên", "Fansipan", "Sa Pa", "Bắc Hà", "Phố Lu", "Cam Đường", "Kim Thành", "Mường Hoa", "Tả Van", "Văn Bàn",
    "Nghĩa Lộ",
]
# fmt: on
ORG_TRADES = ("Xây dựng", "Thương mại", "Nông sản", "Du lịch", "Vận tải", "Dịch vụ", "Chè", "Dược liệu")
PHONE_PREFIXES = ("091", "094", "098", "097", "096", "086", "088", "035", "036", "039", "081", "083", "070")
BIRTH_FIRST = dt.date(1950, 1, 1)
CCCD_PROVINCES = ("010", "010", "010", "015", "015", "001", "025", "030")  # mostly Lào Cai and Yên Bái


@dataclass
class Step:
    order: int
    name: str
    role: str
    budget: int  # working minutes


@dataclass
class Procedure:
    version_id: int
    name: str
    value: Decimal
    unit: str
    supplement_mode: str
    competent_id: int | None  # None: the receiving commune decides
    department_slot: int  # which of the competent agency's specialist departments handles it
    hot: bool  # a field with many dossiers (civil status, certification, land…): weighs more
    steps: list[Step]
    components: list[tuple[int, int, str, bool, int, int]]  # id, order, name, required, originals, copies


@dataclass
class Staff:
    desk_officers: list[int] = field(default_factory=list)
    heads: dict[int | None, int] = field(default_factory=dict)  # department id → head
    specialists: dict[int, list[int]] = field(default_factory=dict)  # department id → specialists
    leader: int | None = None
    clerk: int | None = None


@dataclass
class DeskInfo:
    desk_id: int
    agency_id: int
    agency_code: str
    place: str  # for addresses
    officers: list[int]


@dataclass
class World:
    """Everything the rows refer to, loaded once (ids only, so generation never queries)."""

    wt: WorkingTime
    cutoff: dt.time
    next_day_offset: int
    centre: DeskInfo
    branch: DeskInfo
    communes: list[DeskInfo]
    commune_weights: list[float]
    commune_pool: list[Procedure]
    province_pool: list[Procedure]
    staff: dict[int, Staff]  # by agency id
    departments: dict[int, list[int]]  # agency id → specialist departments (economic first)
    labels: dict[int, str]  # user id → full name (history entries)
    code_last: dict[tuple[int, dt.date], int]
    register_last: dict[tuple[int, int], int]


@dataclass(slots=True)
class Plan:
    """One dossier's timeline in working positions, and the state it has reached at the end of the data set."""

    pos: int
    due: Due
    finish: int = 0
    returned: int | None = None
    return_method: str = ReturnMethod.COUNTER
    terminal: str = ""
    stop: int = 0
    cut: int | None = None  # position where withdrawal or stop closed the remaining steps
    pause_kind: str = ""
    pause_from: int = 0
    pause_to: int = 0
    state: str = ""
    outcome: str = ""
    timeliness: str = ""
    return_phase: str = ""
    supplement_phase: str = ""
    paused_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None


@dataclass
class Rows:
    """One chunk of rows, by table, as tuples in the column order of `COLUMNS`."""

    dossier: list[tuple[Any, ...]] = field(default_factory=list)
    task: list[tuple[Any, ...]] = field(default_factory=list)
    component: list[tuple[Any, ...]] = field(default_factory=list)
    participation: list[tuple[Any, ...]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)
    supplement: list[tuple[Any, ...]] = field(default_factory=list)
    timeline: list[tuple[Any, ...]] = field(default_factory=list)  # PostgreSQL: steps expanded by `TASKS_SQL`


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dossier": (
        "dossiers_dossier",
        _columns(
            "id code procedure_version_id desk_id receiving_agency_id competent_agency_id channel state outcome "
            "supplement_phase return_phase lock_version applicant_kind applicant_name applicant_name_folded "
            "organisation_name id_type id_number id_flags birth_date phone email address subject sets_count "
            "return_method return_address received_at received_by_id register_year register_no duration_value "
            "duration_unit supplement_mode calendar_version clock_start clock_end original_due_date "
            "legal_due_date legal_due_at due_date due_at due_explanation paused_at supplement_count "
            "reschedule_count finished_at timeliness returned_at created_at updated_at"
        ),
    ),
    "task": (
        "dossiers_task",
        _columns(
            "id dossier_id step_order name role agency_id department_id assignee_id participation_id "
            "parallel_group budget_minutes status started_at due_at finished_at finished_by_id timeliness note"
        ),
    ),
    "component": (
        "dossiers_dossiercomponent",
        _columns(
            "id dossier_id component_id order name required received original_qty copy_qty digitisation no_scan_reason"
        ),
    ),
    "participation": (
        "dossiers_participation",
        _columns(
            "id dossier_id agency_id role mode order budget_minutes task_text started_at due_at finished_at "
            "outcome timeliness"
        ),
    ),
    "history": (
        "dossiers_historyentry",
        _columns(
            "id dossier_id seq action actor_id actor_label role agency_id department_id at from_state to_state "
            "reason legal_basis documents data due_before due_after"
        ),
    ),
    "supplement": (
        "dossiers_supplementrequest",
        _columns(
            "id dossier_id phase items reason proposed_by_id proposed_at issued_by_id issued_at completed_at "
            "late_request clock_mode"
        ),
    ),
}


def template_steps(steps: list[Step], time_minutes: int | None) -> list[Step]:
    """The version's own template, else the default seven steps (as `tasks_create` does)."""
    if steps:
        return [s for s in steps if s.role != StepRole.COORDINATING_AGENCY]  # no coordinating agencies configured
    return [Step(s["order"], s["name"], s["role"], s["budget_minutes"]) for s in default_steps(time_minutes or 480)]


def zipf_weights(count: int, rng: random.Random, boost: list[float]) -> list[float]:
    """Popularity of procedures: a few very common, a long tail (a seeded shuffle of 1/rank)."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [b / rank**0.9 for rank, b in zip(ranks, boost, strict=True)]


def cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


class Generator:
    """Yields `Rows` chunks; ids continue from `first_ids`, counters from the world's sequences."""

    def __init__(
        self,
        world: World,
        *,
        seed: int,
        count: int,
        days: int,
        until: dt.date,
        first_ids: dict[str, int],
        components: bool = True,
        tasks_sql: bool = False,
        tz: Any = None,
    ) -> None:
        self.w, self.count, self.components, self.tasks_sql = world, count, components, tasks_sql
        self.rng = random.Random(seed)
        wt = world.wt
        self.now = dt.datetime(until.year, until.month, until.day, tzinfo=tz)
        self.now_pos = wt.position(self.now)
        self.start_pos = wt.position(self.now - dt.timedelta(days=days))
        self.ids = dict(first_ids)
        self.commune_cum = cumulative(world.commune_weights)
        self.pools = [
            (world.commune_pool, cumulative(self._pool_weights(world.commune_pool))),
            (world.province_pool, cumulative(self._pool_weights(world.province_pool))),
        ]
        self.code_last = world.code_last
        self.register_last = world.register_last
        self.day_text: dict[dt.date, str] = {}
        self.folded: dict[str, str] = {}
        self.people: list[tuple[Any, ...]] = []
        self.explanations: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.json_text: dict[int, str] = {}  # id of a shared explanation → its JSON (kept alive above)

    def _pool_weights(self, pool: list[Procedure]) -> list[float]:
        return zipf_weights(len(pool), self.rng, [4.0 if p.hot else 1.0 for p in pool])

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    # Arrivals -------------------------------------------------------------------------------------

    def positions(self) -> list[int]:
        """Received positions in working time, sorted; volume grows by half over the period."""
        rng, span = self.rng, self.now_pos - self.start_pos
        # density ∝ 1 + 0.5 t on [0, 1]: inverse CDF of (t + t²/4) / 1.25
        out = [self.start_pos + int(span * (-2 + math.sqrt(4 + 5 * rng.random()))) for _ in range(self.count)]
        out.sort()
        return [min(p, self.now_pos - US_PER_MINUTE) for p in out]

    def chunks(self, size: int) -> Iterator[Rows]:
        positions = self.positions()
        for start in range(0, len(positions), size):
            rows = Rows()
            for pos in positions[start : start + size]:
                self.dossier(rows, pos)
            yield rows

    # Applicants ---------------------------------------------------------------------------------

    def _fold(self, text: str) -> str:
        folded = self.folded.get(text)
        if folded is None:
            folded = self.folded[text] = fold(text)[:200]
        return folded

    def person(self, place: str) -> tuple[Any, ...]:
        r = self.rng.random
        people = self.people
        if people and r() < REPEAT_APPLICANT:
            return people[int(len(people) * r() ** 0.5) - 1]
        female = r() < 0.5
        middles, givens = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
        name = f"{FAMILY[int(r() * len(FAMILY))]} {middles[int(r() * len(middles))]} {givens[int(r() * len(givens))]}"
        folded = self._fold(name)
        phone = f"{PHONE_PREFIXES[int(r() * len(PHONE_PREFIXES))]}{int(r() * 10_000_000):07d}"
        address = f"{'Tổ' if r() < 0.4 else 'Thôn'} {1 + int(r() * 29)}, {place}, tỉnh Lào Cai"
        email = f"{folded.replace(' ', '.')}{int(r() * 100)}@example.vn" if r() < 0.2 else ""
        if r() < ORGANISATIONS:
            org = f"{ORG_FORMS[int(r() * 4)]} {ORG_TRADES[int(r() * len(ORG_TRADES))]} {ORG_WORDS[int(r() * 11)]}"
            person: tuple[Any, ...] = (
                "organisation",
                name,
                folded,
                org,
                "enterprise",
                f"53{int(r() * 1e8):08d}",
                None,
                phone,
                email,
                address,
            )
        else:
            born = BIRTH_FIRST + dt.timedelta(days=int(r() * 365 * 56))
            digit = (0 if born.year < 2000 else 2) + female
            province = CCCD_PROVINCES[int(r() * len(CCCD_PROVINCES))]
            number = f"{province}{digit}{born.year % 100:02d}{int(r() * 1_000_000):06d}"
            person = ("person", name, folded, "", "cccd", number, born, phone, email, address)
        people.append(person)
        if len(people) > 200_000:
            del people[:50_000]
        return person

    # One dossier --------------------------------------------------------------------------------

    def _pick(self, cum: list[float]) -> int:
        return bisect.bisect_left(cum, self.rng.random())

    def _code(self, desk: DeskInfo, day: dt.date) -> str:
        key = (desk.agency_id, day)
        number = self.code_last.get(key, 0) + 1
        self.code_last[key] = number
        text = self.day_text.get(day)
        if text is None:
            text = self.day_text[day] = day.strftime("%y%m%d")
        return f"{desk.agency_code}-{text}-{number:04d}"

    def _register(self, desk: DeskInfo, year: int) -> int:
        key = (desk.desk_id, year)
        number = self.register_last.get(key, 0) + 1
        self.register_last[key] = number
        return number

    def _place(self) -> tuple[Procedure, DeskInfo, int]:
        """Procedure, receiving desk and competent agency."""
        rng = self.rng
        commune = rng.random() < COMMUNE_SHARE
        pool, cum = self.pools[0 if commune else 1]
        proc = pool[self._pick(cum)]
        if commune:
            desk = self.w.communes[self._pick(self.commune_cum)]
            return proc, desk, desk.agency_id
        desk = self.w.branch if rng.random() < BRANCH_SHARE else self.w.centre
        return proc, desk, proc.competent_id or desk.agency_id

    def dossier(self, rows: Rows, pos: int) -> None:
        w, rng, wt = self.w, self.rng, self.w.wt
        proc, desk, competent = self._place()
        r = rng.random()
        channel = COUNTER if r < CHANNELS[0] else ONLINE if r < CHANNELS[1] else POSTAL
        received = wt.instant(pos)
        due = due_compute(
            wt=wt,
            start=received,
            value=proc.value,
            unit=proc.unit,
            channel=channel,
            same_day_cutoff=w.cutoff,
            explain=False,
        )
        plan = self._timeline(proc, pos, due, channel)
        dossier_id = self._next("dossier")
        officer = desk.officers[int(len(desk.officers) * rng.random())]
        plan.state = self._state(rows, plan, dossier_id, proc, officer)
        tasks = self._timeline_row if self.tasks_sql else self._tasks
        forward_pos, transitions = tasks(rows, dossier_id, proc, desk, competent, officer, received, plan)
        if plan.state == State.PROCESSING and forward_pos > self.now_pos:
            plan.state = State.RECEIVED
        self._dossier_row(rows, dossier_id, proc, desk, competent, officer, channel, received, due, plan, transitions)
        self._participations(rows, dossier_id, desk.agency_id, competent, received)
        if self.components:
            self._components(rows, dossier_id, proc)

    def _timeline(self, proc: Procedure, pos: int, due: Due, channel: str) -> Plan:
        """When the dossier finishes, is returned, paused or ended early (working positions)."""
        rng, wt = self.rng, self.w.wt
        plan = Plan(pos=pos, due=due)
        span = max(wt.position(due.clock_end) - pos, 30 * US_PER_MINUTE)
        late = rng.random() < LATE
        fraction = 1.02 + 0.9 * rng.random() if late else 0.25 + 0.73 * rng.random() ** 0.6
        plan.finish = pos + int(span * fraction)
        kind, pause = rng.random(), rng.random()
        if kind < WITHDRAWN + STOPPED:
            plan.terminal = State.WITHDRAWN if kind < WITHDRAWN else State.STOPPED
            plan.stop = pos + int(span * (0.05 + 0.75 * rng.random()))
        elif pause < SUPPLEMENTED + OBLIGATION:
            self._pause(plan, proc, "supplement" if pause < SUPPLEMENTED else "obligation", span, fraction, late)
        plan.return_method = self._return_method(channel, rng)
        if rng.random() >= NEVER_COLLECTED:
            wait = 0 if plan.return_method == ReturnMethod.ONLINE else int(DAY_US * rng.expovariate(0.5))
            plan.returned = plan.finish + wait + US_PER_MINUTE
        return plan

    def _pause(self, plan: Plan, proc: Procedure, kind: str, span: int, fraction: float, late: bool) -> None:
        """A supplement (restart or pause, per the procedure) or a financial obligation (pause)."""
        rng, wt = self.rng, self.w.wt
        share = min(fraction, 1.0) * (0.15 + 0.6 * rng.random())
        days = 1 + 14 * rng.random() if kind == "supplement" else 1 + 4 * rng.random()
        plan.pause_kind = kind
        plan.pause_from = plan.pos + int(span * share)
        plan.pause_to = plan.pause_from + int(DAY_US * days)
        start, end = wt.instant(plan.pause_from), wt.instant(plan.pause_to)
        if kind == "supplement" and proc.supplement_mode != SupplementMode.PAUSE:
            new = due_restart(
                wt=wt,
                due=plan.due,
                value=proc.value,
                unit=proc.unit,
                restarted_at=end,
                reason="supplement",
                document="Mẫu 02",
                same_day_cutoff=self.w.cutoff,
            )
            new_span = max(wt.position(new.clock_end) - plan.pause_to, 30 * US_PER_MINUTE)
            plan.finish = plan.pause_to + int(new_span * (fraction if late else fraction - share))
        else:
            new = due_pause(wt=wt, due=plan.due, paused_from=start, resumed_at=end, reason=kind)
            plan.finish += plan.pause_to - plan.pause_from
        if plan.pause_to <= self.now_pos:  # completed before the data set ends: the due moved
            plan.due = new

    def _state(self, rows: Rows, plan: Plan, dossier_id: int, proc: Procedure, officer: int) -> str:
        wt, now, rng = self.w.wt, self.now_pos, self.rng
        if plan.terminal and plan.stop <= now:
            plan.cut, plan.finished_at = plan.stop, wt.instant(plan.stop)
            return plan.terminal
        plan.terminal = ""
        if plan.pause_kind and plan.pause_from <= now:
            resumed = plan.pause_to <= now
            if plan.pause_kind == "supplement":
                plan.supplement_phase = SupplementPhase.COMPLETE if resumed else SupplementPhase.ISSUED
                issued, completed = wt.instant(plan.pause_from), wt.instant(plan.pause_to) if resumed else None
                self._supplement(rows, dossier_id, proc, officer, issued, completed)
            if not resumed:
                plan.paused_at = wt.instant(plan.pause_from)
                return State.SUPPLEMENT_REQUESTED if plan.pause_kind == "supplement" else State.AWAITING_OBLIGATION
        if plan.finish > now:
            return State.PROCESSING
        plan.finished_at = wt.instant(plan.finish)
        plan.outcome = Outcome.REFUSED if rng.random() < REFUSED else Outcome.GRANTED
        end, due_date = plan.finished_at.date(), plan.due.due_date
        plan.timeliness = "early" if end < due_date else "on_time" if end == due_date else "late"
        if plan.returned is not None and plan.returned <= now:
            plan.returned_at, plan.return_phase = wt.instant(plan.returned), ReturnPhase.HANDED_OVER
            return State.RETURNED
        counter = plan.return_method == ReturnMethod.COUNTER
        plan.return_phase = ReturnPhase.AVAILABLE if counter else ReturnPhase.AWAITING_CONFIRMATION
        return State.DONE

    def _dossier_row(
        self,
        rows: Rows,
        dossier_id: int,
        proc: Procedure,
        desk: DeskInfo,
        competent: int,
        officer: int,
        channel: str,
        received: dt.datetime,
        original: Due,
        plan: Plan,
        transitions: int,
    ) -> None:
        person = self.person(desk.place)
        day = received.date()
        register_no = self._register(desk, day.year)
        due = plan.due
        post = plan.return_method == ReturnMethod.POST
        # fmt: off
        rows.dossier.append((
            dossier_id, self._code(desk, day), proc.version_id, desk.desk_id, desk.agency_id, competent, channel,
            plan.state, plan.outcome, plan.supplement_phase, plan.return_phase, 1 + transitions, *person[:6], [],
            person[6], person[7], person[8], person[9], proc.name, 1, plan.return_method, person[9] if post else "",
            received, officer, day.year, register_no, proc.value, proc.unit, proc.supplement_mode, self.w.wt.version,
            due.clock_start, due.clock_end, original.due_date, due.due_date, due.due_at, due.due_date, due.due_at,
            self._explanation(due), plan.paused_at, 1 if plan.supplement_phase else 0, 0, plan.finished_at,
            plan.timeliness, plan.returned_at, received, plan.returned_at or plan.finished_at or received,
        ))
        # fmt: on
        # fmt: off
        rows.history.append((
            self._next("history"), dossier_id, 1, "receive", officer, self.w.labels.get(officer, ""),
            StepRole.DESK_OFFICER, desk.agency_id, None, received, "", State.RECEIVED, "", "", [],
            {"channel": channel, "register_no": register_no}, None, original.due_at,
        ))
        # fmt: on

    @staticmethod
    def _return_method(channel: str, rng: random.Random) -> str:
        if channel == Channel.POSTAL:
            return ReturnMethod.POST
        if channel == Channel.ONLINE:
            return ReturnMethod.ONLINE if rng.random() < 0.5 else ReturnMethod.COUNTER
        return ReturnMethod.POST if rng.random() < 0.1 else ReturnMethod.COUNTER

    def _explanation(self, due: Due) -> dict[str, Any]:
        """The explanation without day-by-day detail (`explain=False`); equal ones share one dict."""
        data = due.explanation
        if "events" in data or "history" in data:
            return data
        key = tuple(data.items())
        cached = self.explanations.get(key)
        if cached is None:
            cached = self.explanations[key] = data
            self.json_text[id(data)] = json.dumps(data, ensure_ascii=False)
        return cached

    def _tasks(
        self,
        rows: Rows,
        dossier_id: int,
        proc: Procedure,
        desk: DeskInfo,
        competent: int,
        officer: int,
        received: dt.datetime,
        plan: Plan,
    ) -> tuple[int, int]:
        """Every template step as a task (done, active, waiting or cancelled at the end of the data set).

        Returns where the desk forwarded the dossier and how many steps were finished."""
        wt, w = self.w.wt, self.w
        instant = wt.instant
        cast = self._cast(proc, competent)
        bounds = self._bounds(proc.steps, plan)
        cut = plan.cut
        done_until = cut if cut is not None else self.now_pos
        moments = [instant(b) if b <= done_until else None for b in bounds]
        task_id = self.ids["task"]
        self.ids["task"] = task_id + len(proc.steps)
        finished = 0
        append = rows.task.append
        for k, step in enumerate(proc.steps):
            end = bounds[k + 1]
            started_at = moments[k]
            role = step.role
            actor, assignee, department = cast[role]
            if cut is not None and end > cut:
                status, finished_at = "cancelled", plan.finished_at
            elif started_at is None:
                status, finished_at = "waiting", None
            else:
                status, finished_at = ("done", moments[k + 1]) if end <= done_until else ("active", None)
            due_at = None
            if started_at is not None:
                if k == 0:
                    due_at = transfer_due(
                        wt=wt, accepted_at=received, cutoff=w.cutoff, next_day_offset_minutes=w.next_day_offset
                    )
                else:
                    due_at = instant(bounds[k] + step.budget * US_PER_MINUTE, end=step.budget > 0)
            if role == DESK:
                actor, assignee = officer, officer if k == 0 else None
            elif started_at is None or (role == HEAD and k <= 2):
                assignee = department = None  # set when the step starts; the first head step is agency-wide
            timeliness = ""
            if status == "done":
                finished += 1
                assert finished_at is not None and due_at is not None
                end_day, due_day = finished_at.date(), due_at.date()
                timeliness = "early" if end_day < due_day else "on_time" if end_day == due_day else "late"
            else:
                actor = None
            # fmt: off
            append((
                task_id + k, dossier_id, step.order, step.name, role, desk.agency_id if role == DESK else competent,
                department, assignee, None, None, step.budget, status, started_at, due_at, finished_at, actor,
                timeliness, "",
            ))
            # fmt: on
        return bounds[1], finished

    def _timeline_row(
        self,
        rows: Rows,
        dossier_id: int,
        proc: Procedure,
        desk: DeskInfo,
        competent: int,
        officer: int,
        received: dt.datetime,
        plan: Plan,
    ) -> tuple[int, int]:
        """What `TASKS_SQL` needs to write the same tasks as `_tasks` (same random draws, same rows)."""
        w = self.w
        cast = self._cast(proc, competent)
        bounds = self._bounds(proc.steps, plan)
        done_until = plan.cut if plan.cut is not None else self.now_pos
        first_due = transfer_due(
            wt=w.wt, accepted_at=received, cutoff=w.cutoff, next_day_offset_minutes=w.next_day_offset
        )
        specialist, _a, department = cast[StepRole.SPECIALIST]
        # fmt: off
        rows.timeline.append((
            dossier_id, proc.version_id, desk.agency_id, competent, officer, specialist, cast[HEAD][0],
            cast[StepRole.AGENCY_LEADER][0], cast[StepRole.CLERK][0], department,
            "{" + ",".join(map(str, bounds)) + "}", done_until, plan.finished_at if plan.cut is not None else None,
            first_due,
        ))
        # fmt: on
        return bounds[1], sum(1 for b in bounds[1:] if b <= done_until)

    def _bounds(self, steps: list[Step], plan: Plan) -> list[int]:
        """Step boundaries: the work steps share received → finished by their budgets; the desk's
        closing step (return the result) runs from finished to returned."""
        closing = len(steps) > 1 and steps[-1].role == StepRole.DESK_OFFICER
        work = steps[:-1] if closing else steps
        total = sum(s.budget for s in work) or 1
        start, length = plan.pos, plan.finish - plan.pos
        bounds, acc = [start], 0
        for step in work:
            acc += step.budget
            bounds.append(start + length * acc // total)
        if closing:
            bounds.append(plan.returned if plan.returned is not None else self.now_pos + 100 * DAY_US)
        return bounds

    def _cast(self, proc: Procedure, competent: int) -> dict[str, tuple[int | None, int | None, int | None]]:
        """(who finishes, assignee, department) per step role at the competent agency."""
        staff = self.w.staff[competent]
        departments: list[int | None] = [*self.w.departments.get(competent, [])] or [None]
        department = departments[proc.department_slot % len(departments)]
        specialists: list[int | None] = [*staff.specialists.get(department or 0, [])] or [None]
        specialist = specialists[int(len(specialists) * self.rng.random())]
        head = staff.heads.get(department) or staff.heads.get(None)
        return {
            StepRole.DESK_OFFICER: (None, None, None),
            StepRole.DEPARTMENT_HEAD: (head, None, department),
            StepRole.SPECIALIST: (specialist, specialist, department),
            StepRole.AGENCY_LEADER: (staff.leader, None, None),
            StepRole.CLERK: (staff.clerk, None, None),
        }

    def _participations(
        self, rows: Rows, dossier_id: int, receiving: int, competent: int, received: dt.datetime
    ) -> None:
        # fmt: off
        rows.participation.append((
            self._next("participation"), dossier_id, receiving, ParticipationRole.RECEIVING, "", 0, None, "",
            received, None, None, "", "",
        ))
        # fmt: on
        if competent != receiving:
            # fmt: off
            rows.participation.append((
                self._next("participation"), dossier_id, competent, ParticipationRole.LEAD, "", 0, None, "", None,
                None, None, "", "",
            ))
            # fmt: on

    def _components(self, rows: Rows, dossier_id: int, proc: Procedure) -> None:
        """Every catalogue component; optional ones received by the rule of `COMPONENTS_SQL`."""
        first = self.ids["component"]
        self.ids["component"] = first + len(proc.components)
        append = rows.component.append
        for k, (component_id, order, name, required, originals, copies) in enumerate(proc.components):
            received = required or (dossier_id * 40503 + component_id) % 2 == 0
            # fmt: off
            append((
                first + k, dossier_id, component_id, order, name, required, received,
                max(originals, 1) if received else 0, copies if received else 0, 0, NO_SCAN if received else "",
            ))
            # fmt: on

    def _supplement(
        self,
        rows: Rows,
        dossier_id: int,
        proc: Procedure,
        officer: int,
        issued: dt.datetime,
        completed: dt.datetime | None,
    ) -> None:
        first = proc.components[0][2][:80] if proc.components else proc.name[:80]
        # fmt: off
        rows.supplement.append((
            self._next("supplement"), dossier_id, SupplementPhase.COMPLETE if completed else SupplementPhase.ISSUED,
            [{"component": first, **SUPPLEMENT_ITEM}], "", None, None, officer, issued, completed, False,
            proc.supplement_mode,
        ))
        # fmt: on


# The checklist lines of dossiers `first_id`..`last_id`, written by PostgreSQL itself (the same rule as
# `Generator._components`, which the other databases use): five million short rows are a join for
# the server but a minute of Python.
COMPONENTS_SQL = """
INSERT INTO dossiers_dossiercomponent
    (dossier_id, component_id, "order", name, required, received, original_qty, copy_qty, digitisation,
     no_scan_reason)
SELECT d.id, c.id, c."order", c.name, c.required, x.received,
       CASE WHEN x.received THEN GREATEST(c.original_qty, 1) ELSE 0 END,
       CASE WHEN x.received THEN c.copy_qty ELSE 0 END, 0, CASE WHEN x.received THEN %(no_scan)s ELSE '' END
FROM dossiers_dossier d
JOIN catalog_component c ON c.version_id = d.procedure_version_id
CROSS JOIN LATERAL (SELECT c.required OR (d.id * 40503 + c.id) %% 2 = 0 AS received) x
WHERE d.id BETWEEN %(first_id)s AND %(last_id)s
ORDER BY d.id, c."order"
"""


# PostgreSQL: the steps of every dossier from one `timeline` row each. Positions become instants
# exactly as `WorkingTime.instant` does for the default periods 07:00-11:30, 13:30-17:00 (the
# generator checks a sample against the engine before using it, `INSTANT_CHECK_SQL`).
TIMELINE_COLUMNS = _columns(
    "dossier_id version_id receiving_id competent_id officer specialist head leader clerk department "
    "bounds done_until cut_at first_due"
)
TIMELINE_KINDS = "vvvvvnnnnnvvTt"
SETUP_SQL = """
CREATE TEMP TABLE gen_days (idx integer PRIMARY KEY, midnight timestamptz NOT NULL) ON COMMIT DROP;
CREATE TEMP TABLE gen_steps (version_id bigint, k integer, step_order integer, name text, role text,
                             budget integer) ON COMMIT DROP;
CREATE TEMP TABLE gen_timeline (dossier_id bigint, version_id bigint, receiving_id bigint, competent_id bigint,
    officer bigint, specialist bigint, head bigint, leader bigint, clerk bigint, department bigint,
    bounds bigint[], done_until bigint, cut_at timestamptz, first_due timestamptz) ON COMMIT DROP;
CREATE FUNCTION pg_temp.gen_offset(p bigint, at_end boolean) RETURNS interval LANGUAGE sql IMMUTABLE AS $$
    SELECT make_interval(
        mins => (CASE WHEN at_end AND p % 28800000000 = 0 THEN 1020
                      WHEN p % 28800000000 < 16200000000 OR (at_end AND p % 28800000000 = 16200000000) THEN 420
                      ELSE 540 END
                 + CASE WHEN at_end AND p % 28800000000 = 0 THEN 0 ELSE (p % 28800000000) / 60000000 END)::integer,
        secs => (p % 60000000)::float8 / 1000000)
$$;
"""
# the day of an instant: at a day's very start with end semantics, the previous working day's close
DAY_SQL = "(({p}) / 28800000000 - CASE WHEN {end} AND ({p}) % 28800000000 = 0 THEN 1 ELSE 0 END)"
INSTANT_CHECK_SQL = """
SELECT c.pos, c.at_end, d.midnight + pg_temp.gen_offset(c.pos, c.at_end)
FROM unnest(%s::bigint[], %s::boolean[]) AS c(pos, at_end)
JOIN gen_days d ON d.idx = DAY""".replace("DAY", DAY_SQL.format(p="c.pos", end="c.at_end").replace("%", "%%"))
TASKS_SQL = """
INSERT INTO dossiers_task (dossier_id, step_order, name, role, agency_id, department_id, assignee_id,
    participation_id, parallel_group, budget_minutes, status, started_at, due_at, finished_at, finished_by_id,
    timeliness, note)
SELECT dossier_id, step_order, name, role, agency_id, department_id, assignee_id, NULL, NULL, budget, status,
       started_at, due_at, finished_at, finished_by_id,
       CASE WHEN status <> 'done' THEN ''
            WHEN k = 0 THEN CASE sign((finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                                      - (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
                            WHEN -1 THEN 'early' WHEN 0 THEN 'on_time' ELSE 'late' END
            WHEN finished_day < due_day THEN 'early' WHEN finished_day = due_day THEN 'on_time'
            ELSE 'late' END,
       ''
FROM (
    SELECT t.dossier_id, s.k, s.step_order, s.name, s.role, s.budget, x.status, d1.idx AS finished_day,
           dd.idx AS due_day,  -- working-day indexes: their order is the order of the dates
           CASE WHEN s.role = 'desk_officer' THEN t.receiving_id ELSE t.competent_id END AS agency_id,
           CASE WHEN NOT x.started THEN NULL WHEN s.role = 'specialist' THEN t.department
                WHEN s.role = 'department_head' AND s.k > 2 THEN t.department END AS department_id,
           CASE WHEN s.role = 'desk_officer' AND s.k = 0 THEN t.officer
                WHEN s.role = 'specialist' AND x.started THEN t.specialist END AS assignee_id,
           CASE WHEN x.started THEN d0.midnight + pg_temp.gen_offset(x.b0, false) END AS started_at,
           CASE WHEN NOT x.started THEN NULL WHEN s.k = 0 THEN t.first_due
                ELSE dd.midnight + pg_temp.gen_offset(x.due, s.budget > 0) END AS due_at,
           CASE x.status WHEN 'done' THEN d1.midnight + pg_temp.gen_offset(x.b1, false)
                         WHEN 'cancelled' THEN t.cut_at END AS finished_at,
           CASE WHEN x.status = 'done' THEN CASE s.role WHEN 'desk_officer' THEN t.officer
                WHEN 'specialist' THEN t.specialist WHEN 'department_head' THEN t.head
                WHEN 'agency_leader' THEN t.leader WHEN 'clerk' THEN t.clerk END END AS finished_by_id
    FROM gen_timeline t
    JOIN gen_steps s ON s.version_id = t.version_id
    CROSS JOIN LATERAL (
        SELECT b0, b1, b0 + s.budget::bigint * 60000000 AS due, b0 <= t.done_until AS started,
               CASE WHEN t.cut_at IS NOT NULL AND b1 > t.done_until THEN 'cancelled'
                    WHEN b0 > t.done_until THEN 'waiting'
                    WHEN b1 <= t.done_until THEN 'done' ELSE 'active' END AS status
        FROM (SELECT t.bounds[s.k + 1] AS b0, t.bounds[s.k + 2] AS b1) b
    ) x
    LEFT JOIN gen_days d0 ON d0.idx = x.b0 / 28800000000
    LEFT JOIN gen_days d1 ON d1.idx = x.b1 / 28800000000
    LEFT JOIN gen_days dd ON dd.idx = DUE_DAY
) steps
ORDER BY dossier_id, k
""".replace("DUE_DAY", DAY_SQL.format(p="x.due", end="s.budget > 0"))


def stable_index(text: str, modulo: int) -> int:
    """The same bucket for the same text on every run and machine (unlike `hash`)."""
    return zlib.crc32(text.encode()) % modulo
