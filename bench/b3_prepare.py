"""B3 set-up and in-process checks: the officer, their credentials, the query count, the raw SQL time.

Run by bench/run_b3.sh (settings and database from bench/common.sh). Picks the specialist with the
longest "appraise" queue, gives them an API token and a signed-in session, then, in this process:
- counts the queries of the API list and the staff page at 5, 25 and 100 rows (must not grow);
- takes the list's main SQL as Django sends it and times it with EXPLAIN ANALYZE (the raw-SQL baseline).
Prints shell assignments (OFFICER=…, TOKEN=…, SESSION=…, SQL_MS=…) for the script to eval.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from motcua.dossiers.models import Task  # noqa: E402
from motcua.org.models import User  # noqa: E402

RESULTS = Path(os.environ.get("RESULTS", Path(__file__).parent / "results"))
API = "/api/v1/dossiers/?queue=appraise&page_size={n}"
PAGE = "/can-bo/ho-so/?q=appraise"


def officer() -> tuple[User, int]:
    row = (
        Task.objects.filter(status="active", role="specialist", assignee__isnull=False)
        .values("assignee")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if row is None:
        sys.exit("No active specialist task: generate dossiers first (bench/generate.sh).")
    return User.objects.get(pk=row["assignee"]), row["n"]


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def queries(client: Client, url: str, **headers: str) -> tuple[int, list[str], int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return len(captured), [q["sql"] for q in captured.captured_queries], response.status_code


def explain_ms(sql: str, runs: int = 15) -> tuple[float, str]:
    times, plan = [], ""
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [r[0] for r in cursor.fetchall()]
            times.append(float(next(x for x in lines if x.startswith("Execution Time")).split()[2]))
            plan = "\n".join(lines)
    return statistics.median(times), plan


def main() -> None:
    user, queued = officer()
    token, _ = Token.objects.get_or_create(user=user)
    session = session_for(user)
    api, page = Client(), Client()
    page.cookies["sessionid"] = session
    auth = {"Authorization": f"Token {token.key}"}
    counts = {n: queries(api, API.format(n=n), **auth)[0] for n in (5, 25, 100)}
    filtered = queries(api, API.format(n=25) + "&channel=online&overdue=false", **auth)[0]
    page_count = queries(page, PAGE)[0]
    page_sqls = queries(page, PAGE + "&x=1")[1]
    _, sqls, _ = queries(api, API.format(n=25), **auth)
    main_sql = max((s for s in sqls if "dossiers_dossier" in s and "LIMIT" in s), key=len)
    sql_ms, plan = explain_ms(main_sql)
    page_sql = max((s for s in page_sqls if "dossiers_task" in s and "LIMIT" in s), key=len)
    page_sql_ms, page_plan = explain_ms(page_sql)
    (RESULTS / "b3_api_sql.txt").write_text(main_sql + "\n\n" + plan + "\n")
    (RESULTS / "b3_page_sql.txt").write_text(page_sql + "\n\n" + page_plan + "\n")
    print(f"OFFICER={user.username}")
    print(f"QUEUED={queued}")
    print(f"TOKEN={token.key}")
    print(f"SESSION={session}")
    print(f"API_QUERIES='{counts[5]}/{counts[25]}/{counts[100]} (5/25/100 rows), {filtered} with filters'")
    print(f"PAGE_QUERIES={page_count}")
    print(f"SQL_MS={sql_ms:.2f}")
    print(f"PAGE_SQL_MS={page_sql_ms:.2f}")


if __name__ == "__main__":
    main()
