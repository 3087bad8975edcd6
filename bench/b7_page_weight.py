"""B7: bytes of each citizen page on first load, compressed, with everything it references (target ≤ 60 KB).

Run:  .venv/bin/python bench/b7_page_weight.py [--base-url URL] [--code DOSSIER-CODE] [--no-3g]

Without --base-url it launches `manage.py runserver --noreload --nostatic 127.0.0.1:8017` (local
settings; static files collected under /tmp/motcua-b7/static and served by WhiteNoise with their
.gz copies, as in production) on the demo database if it is seeded (DATABASE_URL, else
var/motcua.sqlite3), otherwise on a fresh SQLite seeded once with `seed_demo` under /tmp/motcua-b7,
and stops it at the end. With --base-url it starts nothing and measures that server.

Each page is fetched with `Accept-Encoding: gzip` and an empty cache, then every stylesheet, script,
icon and image it references (and the url()s inside the stylesheets; /favicon.ico when no icon is
declared), each once per page. A response the server sent compressed counts its bytes on the wire;
one sent plain counts its gzip -9 size (what WhiteNoise would send), marked `*`. Headers are not
counted. The signed-in pages (the citizen's own pages, where a dossier is started and submitted)
are measured as the demo citizen `congdan` when the citizen accounts exist.

Then, unless --no-3g, Chromium loads each page again under a throttled "3G" profile (CDP
Network.emulateNetworkConditions: 400 kbit/s down, 400 kbit/s up, 400 ms round trip, cache off) and
the load times are printed. Seconds are reported, never asserted. Writes bench/results/b7.json.
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
RESULTS = Path(os.environ.get("RESULTS", ROOT / "bench" / "results"))
PORT = 8017
FRESH_DIR = Path("/tmp/motcua-b7")
TARGET = 60 * 1024
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
THROTTLE = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
DEMO_CITIZEN = ("congdan", "congdan@example.vn")  # seed_demo's citizen: username, sign-in e-mail


@dataclass
class Asset:
    url: str
    status: int
    raw: int  # bytes of the decoded body
    compressed: int  # bytes on the wire if the server compressed, else gzip -9 size
    by_server: bool  # the server sent it compressed


@dataclass
class Page:
    name: str
    path: str
    signed_in: bool = False
    status: int = 0
    html: Asset | None = None
    assets: list[Asset] = field(default_factory=list)
    load_3g: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (self.html.compressed if self.html else 0) + sum(a.compressed for a in self.assets)


class References(HTMLParser):
    """What a browser fetches on first load: stylesheets, scripts, icons, images (src and srcset)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.icon = False  # an icon is declared (else the browser asks for /favicon.ico)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        self.icon = self.icon or (tag == "link" and "icon" in rel)
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a.get("href", ""))
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag in ("img", "source", "input") and (a.get("src") or a.get("srcset")):
            if a.get("src") and (tag != "input" or a.get("type") == "image"):
                self.urls.append(a["src"])
            for candidate in filter(None, (a.get("srcset") or "").split(",")):
                self.urls.append(candidate.split()[0])


def measure(opener: urllib.request.OpenerDirector, url: str) -> tuple[Asset, bytes, str]:
    """One GET asking for gzip: its size as sent (or as WhiteNoise would send it), the decoded body, the final URL."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Accept-Language": "vi"})
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    wire = response.read()
    by_server = response.headers.get("Content-Encoding", "") == "gzip"
    body = gzip.decompress(wire) if by_server else wire
    compressed = len(wire) if by_server else len(gzip.compress(body, compresslevel=9, mtime=0))
    return Asset(url, response.status, len(body), compressed, by_server), body, response.geturl() or url


def css_urls(css: str) -> list[str]:
    """Fonts, images and imports a stylesheet pulls in (data: URIs are already counted in its bytes)."""
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return [u for u in found if not u.startswith("data:")]


def page_weight(opener: urllib.request.OpenerDirector, base: str, page: Page) -> None:
    """Fill `page` with its HTML and every resource a first load fetches, each once."""
    html, body, final = measure(opener, urllib.parse.urljoin(base, page.path))
    page.status, page.html = html.status, html
    parser = References()
    parser.feed(body.decode("utf-8", "replace"))
    queue = [urllib.parse.urljoin(final, u) for u in parser.urls if u and not u.startswith("data:")]
    if not parser.icon:
        queue.append(urllib.parse.urljoin(base, "/favicon.ico"))  # what a browser asks for when none is declared
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        asset, content, _ = measure(opener, url)
        page.assets.append(asset)
        if url.split("?")[0].endswith(".css") and asset.status == 200:
            queue += [urllib.parse.urljoin(url, u) for u in css_urls(content.decode("utf-8", "replace"))]


def sign_in(base: str, login_path: str, username: str, password: str) -> http.cookiejar.CookieJar | None:
    """The cookies of a session signed in through the citizen login form, or None if that failed."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = urllib.parse.urljoin(base, login_path)
    _, body, _ = measure(opener, url)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None:
        return None
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": url})
    try:
        opener.open(request, timeout=30).read()
    except urllib.error.HTTPError:
        return None
    return jar if any(c.name == "sessionid" for c in jar) else None


# --- the server and its data ---------------------------------------------------------------------


def seeded(database_url: str | None) -> bool:
    """Whether the database has published procedures (SQLite checked directly; others trusted)."""
    if database_url and not database_url.startswith("sqlite"):
        return True
    path = Path(database_url.split("sqlite:///", 1)[1]) if database_url else ROOT / "var" / "motcua.sqlite3"
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return (
                db.execute("SELECT count(*) FROM catalog_procedureversion WHERE status='published'").fetchone()[0] > 0
            )
    except sqlite3.Error:
        return False


def server_env() -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_DEBUG", None)
    if seeded(os.environ.get("DATABASE_URL")):
        return env
    FRESH_DIR.mkdir(parents=True, exist_ok=True)
    env["DATABASE_URL"] = f"sqlite:///{FRESH_DIR / 'motcua.sqlite3'}"
    env["MEDIA_ROOT"] = str(FRESH_DIR / "media")
    done = FRESH_DIR / "seeded"  # written after a complete seed_demo (a failed one is re-run: it is idempotent)
    if os.environ.get("FRESH") == "1":
        for leftover in (done, *FRESH_DIR.glob("motcua.sqlite3*")):
            leftover.unlink(missing_ok=True)
    commands = [["migrate", "--noinput"]] + ([] if done.exists() else [["seed_demo"]])
    if not done.exists():
        print(f"No seeded demo database: seeding {env['DATABASE_URL']} (once; log in {RESULTS / 'b7_seed.log'})…")
    with open(RESULTS / "b7_seed.log", "ab") as log:
        for command in commands:
            run = subprocess.run([str(PY), "manage.py", *command], cwd=ROOT, env=env, stdout=log, stderr=log)
            if run.returncode != 0:
                sys.exit(f"manage.py {' '.join(command)} failed: see {RESULTS / 'b7_seed.log'}")
    done.touch()
    return env


# Local settings, but static files served like production: collected (with their .gz copies) into a
# directory of the bench's own and served by WhiteNoise from there, not by runserver from the sources.
SETTINGS = """from pathlib import Path
from config.settings.local import *  # noqa: F403
STATIC_ROOT = Path({static!r})
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
"""


def server_start(env: dict[str, str]) -> subprocess.Popen[bytes]:
    FRESH_DIR.mkdir(parents=True, exist_ok=True)
    (FRESH_DIR / "b7_settings.py").write_text(SETTINGS.format(static=str(FRESH_DIR / "static")), encoding="utf-8")
    env = {**env, "DJANGO_SETTINGS_MODULE": "b7_settings", "PYTHONPATH": f"{FRESH_DIR}:{ROOT}"}
    log = open(RESULTS / "b7_runserver.log", "wb")  # noqa: SIM115 - lives as long as the server
    collect = [str(PY), "manage.py", "collectstatic", "--noinput", "--clear", "--ignore", "drf_spectacular_sidecar"]
    if subprocess.run(collect, cwd=ROOT, env=env, stdout=log, stderr=log).returncode != 0:
        sys.exit(f"collectstatic failed: see {RESULTS / 'b7_runserver.log'}")
    server = subprocess.Popen(
        [str(PY), "manage.py", "runserver", "--noreload", "--nostatic", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2).read()
            return server
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server_stop(server)
    sys.exit(f"runserver did not start: see {RESULTS / 'b7_runserver.log'}")


def server_stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def pages_to_measure(env: dict[str, str], code: str | None) -> tuple[list[Page], dict[str, str]]:
    """The citizen pages by URL name (those not built yet are left out), with real data from the DB."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "MEDIA_ROOT") if k in env})
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier

    def url(name: str, *args: Any) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    published = ProcedureVersion.objects.filter(status="published")
    partial = published.filter(online_level="partial").order_by("procedure__code").first() or published.first()
    # The heaviest procedure page: the published version with the most components listed.
    heaviest = published.annotate(n=Count("components")).order_by("-n", "procedure__code").first()
    if code is None:
        code = Dossier.objects.filter(code__isnull=False).order_by("-id").values_list("code", flat=True).first()
    pages = [
        Page("home", "/"),
        Page("catalogue", url("catalog:list") or "/thu-tuc/"),
        Page("catalogue search", f"{url('catalog:list')}?q=khai+sinh"),
    ]
    if partial is not None:
        pages.append(Page(f"procedure {partial.procedure.code}", url("catalog:detail", partial.procedure.code) or ""))
    if heaviest is not None and heaviest != partial:
        pages.append(
            Page(
                f"procedure {heaviest.procedure.code} (most components)",
                url("catalog:detail", heaviest.procedure.code) or "",
            )
        )
    pages.append(Page("lookup", url("portal:lookup") or "/tra-cuu/"))
    if code:
        pages.append(Page("lookup with a code", f"{url('portal:lookup')}?ma={urllib.parse.quote(code)}"))
    for name, label in (("accounts:register", "register"), ("accounts:login", "sign in")):
        if (path := url(name)) is not None:
            pages.append(Page(label, path))
    for name, label in (("citizen:dossiers", "my dossiers"), ("accounts:profile", "profile")):
        if (path := url(name)) is not None:
            pages.append(Page(label, path, signed_in=True))
    if partial is not None and (path := url("citizen:start", partial.pk)) is not None:
        pages.append(Page(f"start an application ({partial.procedure.code})", path, signed_in=True))
    # The demo citizen's own dossiers (seed_demo): the draft's form (where she submits) and the others' pages.
    own = Dossier.objects.filter(applicant__username=DEMO_CITIZEN[0]).order_by("id")
    for state, name, label in (
        ("draft", "citizen:edit", "application form (draft)"),
        ("returned_for_completion", "citizen:edit", "complete and submit again"),
        ("processing", "citizen:detail", "dossier page (being processed)"),
    ):
        dossier = own.filter(state=state).first()
        if dossier is not None and (path := url(name, dossier.pk)) is not None:
            pages.append(Page(label, path, signed_in=True))
    return pages, {"login": url("accounts:login") or ""}


# --- 3G --------------------------------------------------------------------------------------------


def load_3g(base: str, pages: list[Page], cookies: list[Any]) -> None:
    """Each page loaded once in a fresh context (empty cache) under the throttled profile."""
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: skipping the 3G loads")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        for page in pages:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True)
            if page.signed_in:
                context.add_cookies(cookies)
            tab = context.new_page()
            cdp = context.new_cdp_session(tab)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", THROTTLE)
            started = time.perf_counter()
            tab.goto(urllib.parse.urljoin(base, page.path), wait_until="load", timeout=120_000)
            wall = time.perf_counter() - started
            timing = tab.evaluate(
                """() => { const n = performance.getEntriesByType("navigation")[0];
                  const r = performance.getEntriesByType("resource");
                  return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                          bytes: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0)}; }"""
            )
            page.load_3g = {
                "wall_s": round(wall, 2),
                **{k: round(v / 1000, 2) for k, v in timing.items() if k != "bytes"},
            }
            page.load_3g["transferred_kb"] = round(timing["bytes"] / 1024, 1)
            context.close()
        browser.close()


# --- main ------------------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def report(pages: list[Page]) -> None:
    print(f"\n{'page':<42} {'status':>6} {'HTML KB':>8} {'assets':>6} {'assets KB':>9} {'total KB':>8}  vs 60 KB")
    for p in pages:
        assert p.html is not None
        mark = "" if p.html.by_server else "*"
        assets = sum(a.compressed for a in p.assets)
        plain = "*" if any(not a.by_server and a.status == 200 for a in p.assets) else ""
        verdict = "ok" if p.total <= TARGET else "OVER"
        print(
            f"{p.name[:42]:<42} {p.status:>6} {kb(p.html.compressed) + mark:>8} {len(p.assets):>6} "
            f"{kb(assets) + plain:>9} {kb(p.total):>8}  {verdict}"
        )
        for a in p.assets:
            print(
                f"    {a.status} {'/' + a.url.split('//', 1)[-1].split('/', 1)[-1][:59]:<60} "
                f"{kb(a.raw):>7} → {kb(a.compressed)} KB"
            )
    if any(not a.by_server for p in pages for a in ([p.html] if p.html else []) + p.assets):
        print("* sent uncompressed by this server: its gzip -9 size is counted (what WhiteNoise serves)")
    if any(p.load_3g for p in pages):
        print(
            f"\n3G (400 kbit/s, 400 ms RTT), fresh cache: {'page':<36} "
            f"{'DOM s':>6} {'load s':>7} {'wall s':>7} {'KB':>6}"
        )
        for p in pages:
            t = p.load_3g
            if t:
                print(
                    f"{'':<43}{p.name[:36]:<36} {t['dom']:>6} {t['load']:>7} {t['wall_s']:>7} {t['transferred_kb']:>6}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", help="measure this server instead of launching runserver on :8017")
    parser.add_argument("--code", help="a dossier code for the lookup page (default: the newest in the database)")
    parser.add_argument("--no-3g", action="store_true", help="skip the throttled browser loads")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    env = {**os.environ} if args.base_url else server_env()
    server = None if args.base_url else server_start(env)
    base = args.base_url or f"http://127.0.0.1:{PORT}"
    try:
        pages, urls = pages_to_measure(env, args.code)
        anonymous = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        citizen = None
        if urls["login"] and any(p.signed_in for p in pages):
            from motcua.org.demo import DEMO_PASSWORD

            citizen = sign_in(
                base, urls["login"], DEMO_CITIZEN[1], os.environ.get("MOTCUA_DEMO_PASSWORD", DEMO_PASSWORD)
            )
            if citizen is None:
                print(f"Could not sign in as {DEMO_CITIZEN[0]}: the signed-in pages are left out")
        pages = [p for p in pages if not p.signed_in or citizen is not None]
        for page in pages:
            opener = anonymous
            if page.signed_in and citizen is not None:
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(citizen))
            page_weight(opener, base, page)
        cookies = [{"name": c.name, "value": c.value or "", "url": base} for c in citizen or []]
        if not args.no_3g:
            load_3g(base, pages, cookies)
    finally:
        if server is not None:
            server_stop(server)
    report(pages)
    worst = max(pages, key=lambda p: p.total)
    out = {
        "target_bytes": TARGET,
        "base_url": base,
        "worst": {"page": worst.name, "path": worst.path, "bytes": worst.total},
        "pages": [{**asdict(p), "total": p.total} for p in pages],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (RESULTS / "b7.json").write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nWorst page: {worst.name} ({worst.path}) {kb(worst.total)} KB of {kb(TARGET)} KB → {RESULTS / 'b7.json'}")


if __name__ == "__main__":
    main()
