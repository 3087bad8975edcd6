"""Generate synthetic dossiers in bulk for the benchmarks: `manage.py generate_dossiers --count 1000000 --seed 1`.

Needs the demo province and the national catalogue (`manage.py seed_demo`); adds the rest of Lào Cai
(all its communes, each with a desk and staff) and staff for every provincial body, then writes the
dossiers with COPY on PostgreSQL or `bulk_create` batches elsewhere. Rows and timings are in
`motcua.dossiers.generate` and bench/README.md. Deterministic for (seed, count, days, until) on the
same organisation and catalogue. Run it on a benchmark database, never on production: it writes
rows the services did not write.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import threading
import time
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from tqdm import tqdm

from motcua.calendars.engine import TZ, due_compute
from motcua.calendars.selectors import working_time_for
from motcua.calendars.workingtime import DAY_US, US_PER_MINUTE
from motcua.catalog.choices import VersionStatus
from motcua.catalog.demo import COMMUNE_FIELDS
from motcua.catalog.models import Component, ProcedureVersion, ProcessStep
from motcua.org import demo as org_demo
from motcua.org.choices import AgencyLevel, DeskKind, Role, UnitLevel
from motcua.org.models import AdministrativeUnit, Agency, Department, Desk, RoleAssignment, User
from motcua.org.services import REFORM_DAY
from motcua.reports.facts import facts_rebuild

from ... import models as m
from ...deadline import cutoff
from ...generate import (
    COLUMNS,
    COMPONENTS_SQL,
    INSTANT_CHECK_SQL,
    NO_SCAN,
    SETUP_SQL,
    TASKS_SQL,
    TIMELINE_COLUMNS,
    TIMELINE_KINDS,
    DeskInfo,
    Generator,
    Procedure,
    Staff,
    Step,
    World,
    stable_index,
    template_steps,
)

SUFFIX = org_demo.PROVINCE_SUFFIX
ECONOMIC_FIELDS = {
    "Đất đai",
    "Hoạt động xây dựng",
    "Nhà ở và công sở",
    "Quy hoạch đô thị và nông thôn",
    "Nông nghiệp",
    "Lâm nghiệp",
    "Thủy lợi",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
}
UNITS = ("working_days", "working_hours", "same_day", "calendar_days", "calendar_months")
SPECIALISTS_PER_DEPARTMENT = 4
MODELS: dict[str, Any] = {
    "dossier": m.Dossier,
    "task": m.Task,
    "component": m.DossierComponent,
    "participation": m.Participation,
    "history": m.HistoryEntry,
    "supplement": m.SupplementRequest,
}


class Command(BaseCommand):
    help = "Generate synthetic dossiers in bulk (benchmark data; deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="How many dossiers to add.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=730, help="Received over this many days before --until.")
        parser.add_argument(
            "--until",
            type=dt.date.fromisoformat,
            default=None,
            help="The data set ends at local midnight of this day (default: today).",
        )
        parser.add_argument("--chunk", type=int, default=5000, help="Dossiers per COPY / bulk_create round.")
        parser.add_argument("--no-components", action="store_true", help="Skip the checklist lines.")
        parser.add_argument(
            "--orm",
            action="store_true",
            help="Write through the ORM on the caller's connection and transaction, even on PostgreSQL "
            "(small sets, e.g. the demo's history; COPY uses a second connection and table locks).",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: keep secondary indexes during the load (default: rebuild them "
            "after, when adding at least 100,000 dossiers).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        began = time.monotonic()
        until = options["until"] or timezone.localdate()
        with transaction.atomic():
            province = province_ensure()
            staff_ensure(province, until)
        world = world_load(province, until)
        setup = time.monotonic() - began
        self.stdout.write(
            f"World: {len(world.communes)} communes, {len(world.commune_pool)} commune and "
            f"{len(world.province_pool)} provincial procedures, {len(world.labels)} staff ({setup:.1f} s)."
        )
        if connection.vendor == "postgresql" and not options["orm"]:
            rebuild = not options["keep_indexes"] and options["count"] >= 100_000
            writer: PgCopyWriter | OrmWriter = PgCopyWriter(
                rebuild_indexes=rebuild, components=not options["no_components"]
            )
        else:
            writer = OrmWriter()
        first_ids = writer.start()
        in_python = not options["no_components"] and isinstance(writer, OrmWriter)
        generator = Generator(
            world,
            seed=options["seed"],
            count=options["count"],
            days=options["days"],
            until=until,
            first_ids=first_ids,
            components=in_python,
            tasks_sql=isinstance(writer, PgCopyWriter),
            tz=TZ,
        )
        writer.run(generator)
        with tqdm(total=options["count"], unit="dossier", unit_scale=True, disable=options["verbosity"] < 1) as bar:
            for rows in generator.chunks(options["chunk"]):
                writer.put(rows)
                bar.update(len(rows.dossier))
        generated = time.monotonic() - began
        writer.finish(world.code_last, world.register_last, generator.ids)
        loaded = time.monotonic() - began
        if isinstance(writer, PgCopyWriter):
            self.stdout.write(
                f"Rows generated in {generated:.0f} s; {len(writer.indexes)} secondary indexes "
                f"rebuilt. Writer: " + ", ".join(f"{k} {v:.1f} s" for k, v in writer.timings.items())
            )
        counts = {k: generator.ids[k] - first_ids[k] for k in ("task", "component")}
        counts.update(getattr(writer, "counts", {}))
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['count']:,} dossiers, {counts['task']:,} tasks, {counts['component']:,} checklist lines "
                f"in {loaded:.0f} s ({options['count'] / max(loaded - setup, 1e-6):,.0f} dossiers/s after setup)."
            )
        )
        facts_began = time.monotonic()
        facts = facts_rebuild()  # the report facts of every dossier (one INSERT … SELECT on PostgreSQL)
        self.stdout.write(f"Report facts: {facts:,} rows in {time.monotonic() - facts_began:.1f} s.")
        if isinstance(writer, PgCopyWriter):  # VACUUM cannot run inside the ORM writer's caller's transaction
            vacuum_began = time.monotonic()
            with connection.cursor() as cursor:
                for table, _columns in COLUMNS.values():
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
                cursor.execute("VACUUM (ANALYZE) reports_dossierfact")
            self.stdout.write(f"VACUUM ANALYZE: {time.monotonic() - vacuum_began:.0f} s.")


# The organisation -------------------------------------------------------------------------------


def province_ensure() -> Agency:
    """The demo province (built if missing) with every commune of Lào Cai, each with a desk."""
    province = Agency.objects.filter(code=f"000.00.00.{SUFFIX}").first()
    if province is None:
        province = org_demo.build_org().province
    used = {a.unit_id: a for a in Agency.objects.filter(level=AgencyLevel.COMMUNE, parent=province)}
    units = AdministrativeUnit.objects.filter(
        level=UnitLevel.COMMUNE, parent=province.unit, valid_from=REFORM_DAY
    ).order_by("code")
    index = len(org_demo.DEMO_COMMUNES)
    for unit in units:
        if unit.pk in used:
            continue
        index += 1
        agency, _ = Agency.objects.get_or_create(
            code=f"000.{index:02d}.00.{SUFFIX}",
            defaults={
                "name": f"Ủy ban nhân dân {unit.name}",
                "short_name": f"UBND {unit.name}",
                "level": AgencyLevel.COMMUNE,
                "unit": unit,
                "parent": province,
                "valid_from": REFORM_DAY,
                "code_is_placeholder": True,
            },
        )
        for d_index, name in enumerate(org_demo.COMMUNE_DEPARTMENTS, start=1):
            Department.objects.get_or_create(agency=agency, code=f"X-{d_index:02d}", defaults={"name": name})
        Desk.objects.get_or_create(
            code=f"LCI-{unit.code}",
            defaults={
                "agency": agency,
                "name": f"Trung tâm Phục vụ hành chính công {unit.name}",
                "kind": DeskKind.COMMUNE_DESK,
                "address": f"{unit.name}, tỉnh Lào Cai",
            },
        )
    return province


def _staff_plan(province: Agency) -> list[tuple[str, str, Agency, Department | None, Desk | None]]:
    """(username, role, agency, department, desk); demo accounts keep their names (chuyenvien.stp…)."""
    plan: list[tuple[str, str, Agency, Department | None, Desk | None]] = []
    centre = Desk.objects.get(code="LCI-TTPVHCC")
    branch = Desk.objects.get(code="LCI-TTPVHCC-CN1")
    plan += [
        ("motcua.tinh" if n == 1 else f"motcua.tinh.{n}", Role.DESK_OFFICER, province, None, centre)
        for n in range(1, 11)
    ]
    plan += [(f"motcua.cn1.{n}", Role.DESK_OFFICER, province, None, branch) for n in range(1, 5)]
    for index, body in enumerate(org_demo.PROVINCIAL_BODIES, start=1):
        agency = Agency.objects.get(code=f"000.00.{index:02d}.{SUFFIX}")
        key = body.key.lower()
        departments = list(agency.departments.order_by("code"))
        office = [d for d in departments if d.name.startswith("Văn phòng Sở")]
        plan += [
            (f"lanhdao.{key}", Role.AGENCY_LEADER, agency, None, None),
            (f"vanthu.{key}", Role.CLERK, agency, (office or departments)[0], None),
        ]
        for d, dept in enumerate([d for d in departments if d not in office], start=1):
            plan.append((f"truongphong.{key}" + (f".{d}" if d > 1 else ""), Role.DEPARTMENT_HEAD, agency, dept, None))
            plan += [
                (
                    f"chuyenvien.{key}" if d == n == 1 else f"chuyenvien.{key}.{d}.{n}",
                    Role.SPECIALIST,
                    agency,
                    dept,
                    None,
                )
                for n in range(1, SPECIALISTS_PER_DEPARTMENT + 1)
            ]
    for agency in Agency.objects.filter(level=AgencyLevel.COMMUNE, parent=province).select_related("unit"):
        key = f"x{agency.unit.code}"
        desk = agency.desks.first()
        x1, x2, x3 = agency.departments.order_by("code")[:3]
        plan += [(f"motcua.{key}.{n}", Role.DESK_OFFICER, agency, None, desk) for n in (1, 2)]
        plan += [
            (f"lanhdao.{key}", Role.AGENCY_LEADER, agency, None, None),
            (f"vanthu.{key}", Role.CLERK, agency, x1, None),
        ]
        for d, dept in ((2, x2), (3, x3)):
            plan.append((f"truongphong.{key}.{d}", Role.DEPARTMENT_HEAD, agency, dept, None))
            plan += [(f"chuyenvien.{key}.{d}.{n}", Role.SPECIALIST, agency, dept, None) for n in (1, 2)]
    return plan


def staff_ensure(province: Agency, until: dt.date) -> None:
    """Accounts for every role of every agency (one password hash for all: hashing is slow by design)."""
    plan = _staff_plan(province)
    existing = set(User.objects.filter(username__in=[p[0] for p in plan]).values_list("username", flat=True))
    missing = [p for p in plan if p[0] not in existing]
    if not missing:
        return
    password = make_password(org_demo.DEMO_PASSWORD)
    names = _names(len(missing))
    users = User.objects.bulk_create(
        [User(username=p[0], full_name=name, password=password) for p, name in zip(missing, names, strict=True)]
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role, agency=agency, department=dept, desk=desk, valid_from=REFORM_DAY)
            for user, (_u, role, agency, dept, desk) in zip(users, missing, strict=True)
        ]
    )


def _names(count: int) -> list[str]:
    import random

    from ...generate import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M

    rng = random.Random(7)
    out = []
    for _ in range(count):
        female = rng.random() < 0.5
        out.append(
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F if female else MIDDLE_M)} "
            f"{rng.choice(GIVEN_F if female else GIVEN_M)}"
        )
    return out


# Loading the world --------------------------------------------------------------------------------


def world_load(province: Agency, until: dt.date) -> World:
    assignments = RoleAssignment.objects.active(until).select_related("user", "department").order_by("user__username")
    staff: dict[int, Staff] = defaultdict(Staff)
    officers: dict[int, list[int]] = defaultdict(list)
    labels: dict[int, str] = {}
    for ra in assignments:
        labels[ra.user_id] = ra.user.full_name or ra.user.username
        s = staff[ra.agency_id]
        if ra.role == Role.DESK_OFFICER and ra.desk_id:
            officers[ra.desk_id].append(ra.user_id)
        elif ra.role == Role.SPECIALIST:
            s.specialists.setdefault(ra.department_id or 0, []).append(ra.user_id)
        elif ra.role == Role.DEPARTMENT_HEAD:
            s.heads.setdefault(ra.department_id, ra.user_id)
        elif ra.role == Role.AGENCY_LEADER:
            s.leader = s.leader or ra.user_id
        elif ra.role == Role.CLERK:
            s.clerk = s.clerk or ra.user_id
    departments = {agency_id: sorted(k for k in s.specialists if k) for agency_id, s in staff.items() if s.specialists}
    codes = Department.objects.in_bulk(list({d for ds in departments.values() for d in ds}))
    departments = {a: sorted(ds, key=lambda d: codes[d].code) for a, ds in departments.items()}
    wt = working_time_for(agency=None, on=until)

    def info(desk: Desk) -> DeskInfo:
        place = desk.agency.unit.name if desk.agency.level == AgencyLevel.COMMUNE else "Phường Yên Bái"
        return DeskInfo(desk.pk, desk.agency_id, desk.agency.code, place, officers[desk.pk])

    communes = [
        info(d)
        for d in Desk.objects.filter(kind=DeskKind.COMMUNE_DESK, agency__parent=province)
        .select_related("agency__unit")
        .order_by("code")
        if officers[d.pk]
    ]
    rng_weights = __import__("random").Random(11)
    world = World(
        wt=wt,
        cutoff=cutoff(),
        next_day_offset=settings.MOTCUA.get("PAPER_TRANSFER_NEXT_DAY_OFFSET_MINUTES", 60),
        centre=info(Desk.objects.select_related("agency__unit").get(code="LCI-TTPVHCC")),
        branch=info(Desk.objects.select_related("agency__unit").get(code="LCI-TTPVHCC-CN1")),
        communes=communes,
        commune_weights=[rng_weights.lognormvariate(0, 0.6) for _ in communes],
        commune_pool=[],
        province_pool=[],
        staff=dict(staff),
        departments=departments,
        labels=labels,
        code_last={(a, d): n for a, d, n in m.CodeSequence.objects.values_list("agency_id", "day", "last")},
        register_last={(d, y): n for d, y, n in m.RegisterSequence.objects.values_list("desk_id", "year", "last")},
    )
    _pools_load(world, province)
    if not world.commune_pool or not world.province_pool:
        raise CommandError("No procedures: import the national catalogue first (manage.py seed_demo).")
    return world


def _pools_load(world: World, province: Agency) -> None:
    """Every real procedure version with a usable legal time, drafts included (for volume)."""
    bodies = [
        Agency.objects.get(code=f"000.00.{i:02d}.{SUFFIX}") for i in range(1, len(org_demo.PROVINCIAL_BODIES) + 1)
    ]
    body_ids = {b.pk for b in bodies}
    by_field = {name: bodies[i] for i, body in enumerate(org_demo.PROVINCIAL_BODIES) for name in body.fields}
    versions = (
        ProcedureVersion.objects.exclude(status=VersionStatus.RETIRED)
        .filter(time_unit__in=UNITS, time_value__isnull=False)
        .select_related("field")
        .prefetch_related("agencies")
        .order_by("procedure__code", "-number")
    )
    steps: dict[int, list[Step]] = defaultdict(list)
    for version_id, order, name, role, budget in ProcessStep.objects.order_by("version_id", "order").values_list(
        "version_id", "order", "name", "role", "budget_minutes"
    ):
        steps[version_id].append(Step(order, name, role, budget))
    components: dict[int, list[tuple[int, int, str, bool, int, int]]] = defaultdict(list)
    for row in Component.objects.order_by("version_id", "order").values_list(
        "version_id", "id", "order", "name", "required", "original_qty", "copy_qty"
    ):
        components[row[0]].append(row[1:])
    seen: set[int] = set()
    for v in versions:
        if v.procedure_id in seen or not _usable(world, v):
            continue
        seen.add(v.procedure_id)
        field = v.field.name
        common: dict[str, Any] = {
            "version_id": v.pk,
            "name": v.name,
            "value": v.time_value,
            "unit": v.time_unit,
            "supplement_mode": v.supplement_mode,
            "steps": template_steps(steps[v.pk], v.time_minutes),
            "components": components[v.pk],
        }
        if "commune" in v.levels:
            world.commune_pool.append(
                Procedure(
                    competent_id=None,
                    department_slot=0 if field in ECONOMIC_FIELDS else 1,
                    hot=field in COMMUNE_FIELDS,
                    **common,
                )
            )
        if "province" in v.levels or "other" in v.levels:
            chosen = [a.pk for a in v.agencies.all() if a.pk in body_ids]
            competent = chosen[0] if chosen else (by_field.get(field) or bodies[stable_index(field, len(bodies))]).pk
            world.province_pool.append(
                Procedure(
                    competent_id=competent, department_slot=stable_index(field, 997), hot=field in by_field, **common
                )
            )


def _usable(world: World, version: ProcedureVersion) -> bool:
    start = dt.datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    try:
        due_compute(wt=world.wt, start=start, value=version.time_value or 0, unit=version.time_unit, explain=False)
    except ValueError:
        return False
    return True


# Writers ------------------------------------------------------------------------------------------


def _max_ids(cursor: Any) -> dict[str, int]:
    ids = {}
    for key, (table, _columns) in COLUMNS.items():
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - table names are constants
        ids[key] = cursor.fetchone()[0]
    return ids


# COPY text format, one compiled f-string per table. Kinds: v value, n nullable value, t date/time,
# T nullable date/time, e catalogue text (escaped, cached), j JSON, b boolean.
KINDS = {
    "dossier": "v" * 18 + "jTvvvevvvt" + "v" * 7 + "t" * 7 + "jTvvTvTtt",
    "task": "vvvevvnnnnvvTTTnvv",
    "component": "vvvvebbvvvv",
    "participation": "vvvvvvnvTTTvv",
    "history": "vvvvnvvnnTvvvvjjTT",
    "supplement": "vvvjvnTnTTbv",
}
_FIELD = {
    "v": "{{r[{i}]}}",
    "n": "{{N if r[{i}] is None else r[{i}]}}",
    "t": "{{D(r[{i}])}}",
    "T": "{{N if r[{i}] is None else D(r[{i}])}}",
    "e": "{{E(r[{i}])}}",
    "j": "{{J(r[{i}])}}",
    "b": "{{'t' if r[{i}] else 'f'}}",
}
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_formatters(json_text: dict[int, str]) -> dict[str, Any]:
    """Row tuple → one line of COPY text, per table (~3x faster than a generic per-value formatter)."""
    escaped: dict[str, str] = {}
    moments: dict[Any, str] = {}  # the same instant recurs (received = clock start = first step…)

    def iso(value: Any) -> str:
        out = moments.get(value)
        if out is None:
            if len(moments) > 200_000:
                moments.clear()
            out = moments[value] = value.isoformat()
        return out

    def esc(text: str) -> str:
        out = escaped.get(text)
        if out is None:
            out = escaped[text] = text.translate(_ESCAPES)
        return out

    def js(value: Any) -> str:
        if not value and isinstance(value, list):
            return "[]"
        out = json_text.get(id(value))
        if out is None:
            out = json.dumps(value, ensure_ascii=False)
            if "\\" in out:
                out = out.replace("\\", "\\\\")
        return out

    formatters = {}
    for key, kinds in {**KINDS, "timeline": TIMELINE_KINDS}.items():
        assert len(kinds) == len(TIMELINE_COLUMNS if key == "timeline" else COLUMNS[key][1]), key
        body = "\\t".join(_FIELD[k].format(i=i) for i, k in enumerate(kinds))
        namespace: dict[str, Any] = {"N": "\\N", "E": esc, "J": js, "D": iso}
        exec(f'def fmt(r):\n    return f"{body}\\n"\n', namespace)  # noqa: S102 - source built above from constants
        formatters[key] = namespace["fmt"]
    return formatters


class PgCopyWriter:
    """COPY on its own connection in one transaction, in a thread so PostgreSQL ingests chunk n while
    Python builds chunk n+1. Foreign keys are not re-checked row by row (session_replication_role =
    replica): every id is made by the generator from rows it read or wrote itself. For a large load
    the secondary indexes are dropped and rebuilt in the same transaction (a failure restores them)."""

    def __init__(self, *, rebuild_indexes: bool, components: bool) -> None:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.conn = psycopg.connect(**params)
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=3)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.rebuild_indexes = rebuild_indexes
        self.components = components
        self.first_ids: dict[str, int] = {}
        self.indexes: list[str] = []
        self.formatters: dict[str, Any] = {}
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}  # rows written by SQL rather than COPY

    def start(self) -> dict[str, int]:
        with self.conn.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET work_mem = '256MB'")
            cursor.execute("SET jit = off")  # compiling each chunk's INSERT … SELECT costs more than it saves
            try:
                cursor.execute("SET session_replication_role = replica")
            except Exception:  # not a superuser: foreign keys are checked at commit instead
                self.conn.rollback()
            tables = ", ".join(table for table, _c in COLUMNS.values())
            cursor.execute(
                f"LOCK TABLE {tables}, dossiers_codesequence, dossiers_registersequence IN SHARE ROW EXCLUSIVE MODE"
            )
            ids = self.first_ids = _max_ids(cursor)
            if self.rebuild_indexes:
                self.indexes = _drop_secondary_indexes(cursor, [table for table, _c in COLUMNS.values()])
        return ids

    def run(self, generator: Generator) -> None:
        """Temporary tables for the task expansion, then the COPY thread."""
        self.formatters = copy_formatters(generator.json_text)
        self.generator = generator
        wt = generator.w.wt
        with self.conn.cursor() as cursor:
            cursor.execute(SETUP_SQL)
            first = generator.start_pos // DAY_US - 10
            with cursor.copy("COPY gen_days (idx, midnight) FROM STDIN") as copy:
                for index in range(max(first, 0), len(wt.years) * 366):
                    try:
                        day = wt.day_at(index)
                    except ValueError:
                        break
                    copy.write_row((index, dt.datetime(day.year, day.month, day.day, tzinfo=TZ)))
            with cursor.copy("COPY gen_steps (version_id, k, step_order, name, role, budget) FROM STDIN") as copy:
                done: set[int] = set()
                for proc in generator.w.commune_pool + generator.w.province_pool:
                    if proc.version_id not in done:
                        done.add(proc.version_id)
                        for k, step in enumerate(proc.steps):
                            copy.write_row((proc.version_id, k, step.order, step.name, step.role, step.budget))
            _instant_check(cursor, generator)
        self.thread.start()

    def put(self, rows: Any) -> None:
        """Format the chunk here (Python holds the GIL anyway); the thread only waits on the server."""
        if self.error is not None:
            raise CommandError(f"COPY failed: {self.error}") from self.error
        began = time.monotonic()
        texts = []
        for key, (table, columns) in [*COLUMNS.items(), ("timeline", ("gen_timeline", TIMELINE_COLUMNS))]:
            data = getattr(rows, key)
            if data:
                quoted = ", ".join(f'"{c}"' for c in columns)
                texts.append((f"COPY {table} ({quoted}) FROM STDIN", "".join(map(self.formatters[key], data)).encode()))
        span = (rows.dossier[0][0], rows.dossier[-1][0]) if rows.dossier else None
        self._took("format (Python)", time.monotonic() - began)
        self.queue.put((texts, span))

    def _run(self) -> None:
        try:
            with self.conn.cursor() as cursor:
                while (item := self.queue.get()) is not None:
                    texts, span = item
                    began = time.monotonic()
                    for statement, text in texts:
                        with cursor.copy(statement) as copy:
                            copy.write(text)
                    self._took("COPY", time.monotonic() - began)
                    self._expand(cursor, span)
        except BaseException as exc:  # reported by put() / finish()
            self.error = exc
            while self.queue.get() is not None:
                pass

    def _expand(self, cursor: Any, span: tuple[int, int] | None) -> None:
        """Tasks and checklist lines of the chunk, by the server while Python builds the next chunk."""
        began = time.monotonic()
        cursor.execute(TASKS_SQL)
        self.counts["task"] = self.counts.get("task", 0) + cursor.rowcount
        cursor.execute("TRUNCATE gen_timeline")
        self._took("tasks (SQL)", time.monotonic() - began)
        if self.components and span:
            began = time.monotonic()
            ids = {"no_scan": NO_SCAN, "first_id": span[0], "last_id": span[1]}
            cursor.execute(COMPONENTS_SQL, ids)
            self.counts["component"] = self.counts.get("component", 0) + cursor.rowcount
            self._took("components (SQL)", time.monotonic() - began)

    def _took(self, what: str, seconds: float) -> None:
        self.timings[what] = self.timings.get(what, 0.0) + seconds

    def finish(self, code_last: dict[Any, int], register_last: dict[Any, int], ids: dict[str, int]) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            self.conn.rollback()
            raise CommandError(f"COPY failed: {self.error}") from self.error
        began = time.monotonic()
        with self.conn.cursor() as cursor:
            _sequences_upsert(cursor, code_last, register_last)
            for key, (table, _columns) in COLUMNS.items():
                if key not in ("task", "component") or not self.counts.get(key):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [max(ids[key] - 1, 1)]
                    )
            if self.indexes:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for definition in self.indexes:
                    cursor.execute(definition)
        self.timings["indexes"] = time.monotonic() - began
        self.conn.commit()
        self.conn.close()


def _instant_check(cursor: Any, generator: Generator) -> None:
    """The SQL of `TASKS_SQL` must place instants exactly as the engine: compare on a sample."""
    import random

    wt, rng = generator.w.wt, random.Random(5)
    positions, ends = [], []
    for _ in range(500):
        p = rng.randrange(generator.start_pos, generator.now_pos + 50 * DAY_US)
        for q in (p, p - p % US_PER_MINUTE, p - p % DAY_US, p - p % DAY_US + 270 * US_PER_MINUTE):
            positions += [q, q]
            ends += [False, True]
    cursor.execute(INSTANT_CHECK_SQL, [positions, ends])
    for pos, at_end, at in cursor.fetchall():
        if at != wt.instant(pos, end=at_end):
            raise CommandError(f"SQL instant {at} differs from the engine's {wt.instant(pos, end=at_end)} at {pos}")


def _drop_secondary_indexes(cursor: Any, tables: list[str]) -> list[str]:
    """Drop the indexes that back no constraint; returns their definitions to recreate them."""
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
        "ORDER BY t.relname, i.relname",
        [tables],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def _sequences_upsert(cursor: Any, code_last: dict[Any, int], register_last: dict[Any, int]) -> None:
    """Each (agency, day) code sequence and (desk, year) register ends at the last number issued."""
    cursor.execute("CREATE TEMP TABLE gen_codes (agency_id bigint, day date, last integer) ON COMMIT DROP")
    with cursor.copy("COPY gen_codes FROM STDIN") as copy:
        for (agency_id, day), last in code_last.items():
            copy.write_row((agency_id, day, last))
    cursor.execute(
        "INSERT INTO dossiers_codesequence (agency_id, day, last) SELECT agency_id, day, last FROM gen_codes "
        "ON CONFLICT (agency_id, day) DO UPDATE SET last = EXCLUDED.last"
    )
    cursor.execute("CREATE TEMP TABLE gen_registers (desk_id bigint, year smallint, last integer) ON COMMIT DROP")
    with cursor.copy("COPY gen_registers FROM STDIN") as copy:
        for (desk_id, year), last in register_last.items():
            copy.write_row((desk_id, year, last))
    cursor.execute(
        "INSERT INTO dossiers_registersequence (desk_id, year, last) SELECT desk_id, year, last FROM gen_registers "
        "ON CONFLICT (desk_id, year) DO UPDATE SET last = EXCLUDED.last"
    )


class OrmWriter:
    """`bulk_create` in batches inside one transaction (SQLite and other databases)."""

    def __init__(self) -> None:
        self.atomic = transaction.atomic()
        self.first: dict[str, int] = {}

    def run(self, generator: Generator) -> None:
        pass

    def start(self) -> dict[str, int]:
        self.atomic.__enter__()
        with connection.cursor() as cursor:
            self.first = _max_ids(cursor)
        return dict(self.first)

    def put(self, rows: Any) -> None:
        for key, (_table, columns) in COLUMNS.items():
            model = MODELS[key]
            objs = [model(**dict(zip(columns, row, strict=True))) for row in getattr(rows, key)]
            model.objects.bulk_create(objs, batch_size=500)

    def finish(self, code_last: dict[Any, int], register_last: dict[Any, int], ids: dict[str, int]) -> None:
        try:
            # auto_now_add stamped "now"; the data set's rows were created when received.
            m.Dossier.objects.filter(pk__gte=self.first["dossier"]).update(
                created_at=F("received_at"), updated_at=Coalesce("returned_at", "finished_at", "received_at")
            )
            _orm_sequences(m.CodeSequence, "agency_id", "day", code_last)
            _orm_sequences(m.RegisterSequence, "desk_id", "year", register_last)
            if connection.vendor == "postgresql":  # rows were written with explicit ids: move the id sequences on
                with connection.cursor() as cursor:
                    for table, _columns in COLUMNS.values():
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constant names
                            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                        )
        except BaseException:
            self.atomic.__exit__(*__import__("sys").exc_info())
            raise
        self.atomic.__exit__(None, None, None)


def _orm_sequences(model: Any, owner: str, period: str, last: dict[Any, int]) -> None:
    existing = {(getattr(r, owner), getattr(r, period)): r for r in model.objects.all()}
    new, changed = [], []
    for key, value in last.items():
        row = existing.get(key)
        if row is None:
            new.append(model(**{owner: key[0], period: key[1], "last": value}))
        elif row.last != value:
            row.last = value
            changed.append(row)
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, ["last"], batch_size=500)
