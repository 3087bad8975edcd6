"""The permission matrix (issue 8), generated over every URL and API operation of the project.

Each route is classified in `AUDIENCE` (who it is for, after lifecycle.md §7); the tests then call
every route as each kind of caller — anonymous, a citizen (owning a dossier or not), postal staff, a
partner token, an officer of another agency, each staff role in its own scope, the auditor and the
administrator — and check the answer. A refusal is a redirect to a sign-in page, 401, 403, 404 or
405 (a wrong method), never a success; a hidden object answers exactly like a missing one; and after
every refused write the database is unchanged (digest of every motcua table, the access and audit
logs aside: those record the attempt).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from motcua.org.models import User

from .routes import Route, all_routes, changed, snapshot

pytestmark = pytest.mark.django_db

# Who each route is for. public: anyone; auth: the sign-in, sign-up and second-factor pages; ops: the
# probes (metrics is token- or address-restricted); citizen: a signed-in applicant, own data only;
# staff: an agency's staff in their scope (lifecycle.md §7); postal: postal staff's partner screens;
# device: the office floor's kiosk, board and tablet (a bound device or the centre's staff);
# webhook: called by the payment gateway, authenticated by its signature; api-*: the same for the API.
PUBLIC, AUTH, OPS, CITIZEN, STAFF, POSTAL, DEVICE, WEBHOOK = (
    "public", "auth", "ops", "citizen", "staff", "postal", "device", "webhook",
)  # fmt: skip
API_PUBLIC, API_STAFF, API_CITIZEN, API_PARTNER, API_DEVICE = (
    "api-public", "api-staff", "api-citizen", "api-partner", "api-device",
)  # fmt: skip

_PREFIX_AUDIENCE = [
    ("api-dossier-", API_STAFF),
    ("api-report-", API_STAFF),
    ("api-postal-", API_PARTNER),
    ("dossiers:", STAFF),
    ("notifications:", STAFF),
    ("payments_staff:", STAFF),
    ("postal_staff:", STAFF),
    ("reports:", STAFF),
    ("queue_staff:", STAFF),
    ("feedback_staff:", STAFF),
    ("staff:", STAFF),
    ("postal:", POSTAL),
    ("citizen:", CITIZEN),
    ("privacy:", CITIZEN),
    ("privacy_staff:", STAFF),
    ("catalog:", PUBLIC),
    ("portal:", PUBLIC),
    ("feedback_public:", PUBLIC),
    ("transparency:", PUBLIC),
]
_NAMED_AUDIENCE = {
    "healthz": OPS,
    "readyz": OPS,
    "metrics": OPS,
    "set_language": PUBLIC,
    "api-schema": API_PUBLIC,
    "api-docs": API_PUBLIC,
    "api-unit-list": API_PUBLIC,
    "api-unit-detail": API_PUBLIC,
    "api-agency-list": API_PUBLIC,
    "api-agency-detail": API_PUBLIC,
    "api-field-list": API_PUBLIC,
    "api-procedure-list": API_PUBLIC,
    "api-procedure-detail": API_PUBLIC,
    "api-public-verify": API_PUBLIC,
    "api-public-lookup": API_PUBLIC,
    "api-staff-list": API_STAFF,
    "api-desk-list": API_STAFF,
    "api-desk-detail": API_STAFF,
    "api-intake-attempt-list": API_STAFF,
    "api-payments-reconciliation": API_STAFF,
    "api-me-dossier-list": API_CITIZEN,
    "api-me-dossier-detail": API_CITIZEN,
    # Fees and payments of one dossier: its staff, or its applicant (payments/api/views._dossier_for).
    "api-dossier-fees": API_CITIZEN,
    "api-dossier-payments": API_STAFF,  # recording a payment at the desk
    # The queue: groups, board, slots, booking and a ticket's status are public (numbers, no names);
    # issuing, check-in, counter actions and tablet ratings need a bound device or the centre's staff.
    "api-queue-groups": API_PUBLIC,
    "api-queue-board": API_PUBLIC,
    "api-queue-slots": API_PUBLIC,
    "api-queue-ticket": API_PUBLIC,
    "api-queue-book": API_PUBLIC,
    "api-queue-cancel": API_PUBLIC,
    "api-queue-issue": API_DEVICE,
    "api-queue-checkin": API_DEVICE,
    "api-queue-rating": API_DEVICE,
    "api-queue-counter": API_DEVICE,
    # Feedback: anyone submits and follows; listing and stages are staff's.
    "api-feedback": API_PUBLIC,
    "api-feedback-public": API_PUBLIC,
    "api-feedback-action": API_STAFF,
    "staff:login": AUTH,
    "staff:logout": AUTH,
    "staff:second_factor": AUTH,
    "staff:second_factor_setup": AUTH,
    "payments:ipn": WEBHOOK,
    "payments:return": PUBLIC,  # the gateway sends the applicant back; signature checked
    "payments:pay": CITIZEN,
    "payments:receipt": PUBLIC,  # the e-receipt by its unguessable transaction reference
    "payments:sandbox_pay": PUBLIC,  # the built-in test gateway (off in production)
    "payments:sandbox_api": WEBHOOK,
    "postal:order_start": CITIZEN,
    "postal:order_done": CITIZEN,
    "esign:verify": PUBLIC,
    "esign:revoke": STAFF,
    "queue_public:ticket": PUBLIC,
    "queue_public:booking": PUBLIC,
    "queue_public:booking_make": PUBLIC,
    "queue_public:appointment": PUBLIC,
    "accounts:register": AUTH,
    "accounts:login": AUTH,
    "accounts:logout": AUTH,
    "accounts:password_reset": AUTH,
    "accounts:password_reset_sent": AUTH,
    "accounts:password_reset_confirm": AUTH,
    "accounts:oidc_login": AUTH,
    "accounts:oidc_callback": AUTH,
    "accounts:profile": CITIZEN,
    "accounts:profile_edit": CITIZEN,
    "citizen:home": PUBLIC,  # a redirect to the applicant's dossier list, which asks for sign-in
}


def audience(route: Route) -> str | None:
    if route.name in _NAMED_AUDIENCE:
        return _NAMED_AUDIENCE[route.name]
    if route.name.startswith("queue_public:"):
        return DEVICE
    for prefix, kind in _PREFIX_AUDIENCE:
        if route.name.startswith(prefix):
            return kind
    return None


ROUTES = all_routes()
LOGIN_PAGES = ("/can-bo/dang-nhap/", "/tai-khoan/dang-nhap/")


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def token_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def is_refusal(response: Any, route: Route) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and not route.is_api and location.split("?")[0] in LOGIN_PAGES


def sweep(client: Client, routes: list[Route], values: dict[str, Any]) -> list[str]:
    """GET then POST every route; the ones that were not refused, as readable lines."""
    wrong = []
    for route in routes:
        path = route.path(values)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if not is_refusal(response, route):
                wrong.append(f"{method.upper()} {path} ({route.name}) → {response.status_code}")
    return wrong


def of(*kinds: str) -> list[Route]:
    return [route for route in ROUTES if audience(route) in kinds]


def test_every_route_is_classified():
    unclassified = [f"{r.name} /{r.pattern}" for r in ROUTES if audience(r) is None]
    assert unclassified == [], "say who may use these routes in AUDIENCE"
    assert len(ROUTES) > 190  # the walk found the whole project, not one app


def test_anonymous_is_refused_everything_not_public(province):
    closed = of(CITIZEN, STAFF, POSTAL, DEVICE, API_STAFF, API_CITIZEN, API_PARTNER, API_DEVICE)
    before = snapshot()

    wrong = sweep(signed_in(None), closed, province.values())

    assert not wrong, "\n".join(wrong)
    assert changed(before, snapshot()) == []


def test_a_citizen_is_refused_staff_partner_and_floor_routes(province):
    closed = of(STAFF, POSTAL, DEVICE, API_STAFF, API_PARTNER, API_DEVICE)
    client = signed_in(province.citizen)
    before = snapshot()

    wrong = sweep(client, closed, province.values())

    assert not wrong, "\n".join(wrong)
    assert changed(before, snapshot()) == []


def test_postal_staff_reach_only_their_partner_screens(province):
    """lifecycle.md §7: postal staff see their own pickups, hand-overs and deliveries, nothing else."""
    closed = [r for r in of(STAFF, API_STAFF) if r.name != "staff:home"]
    client = signed_in(province.postal_worker)
    before = snapshot()

    wrong = sweep(client, closed, province.values())
    assert client.get("/can-bo/")["Location"] == "/buu-chinh/"  # the staff home sends them to their screens

    assert not wrong, "\n".join(wrong)
    assert changed(before, snapshot()) == []


def test_a_partner_token_opens_only_the_partner_api(province):
    client = token_client(province.partner)
    before = snapshot()

    wrong = sweep(client, of(API_STAFF, API_DEVICE), province.values())

    assert not wrong, "\n".join(wrong)
    assert changed(before, snapshot()) == []
    assert client.get("/api/postal/orders/").status_code == 200


def _dossier_routes() -> list[Route]:
    """Staff routes about one dossier (its code in the address), HTML and API."""
    return [r for r in of(STAFF, API_STAFF, API_CITIZEN) if "code" in r.params and "dossier" in r.name]


def _same_page(body: bytes, code: str) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="\w+"', b"", body.replace(code.encode(), b"CODE"))


def test_an_officer_of_another_agency_finds_nothing_and_changes_nothing(province):
    """Another agency's officer gets the same 404 as for a code that does not exist."""
    world = province.world
    values = province.values()
    missing = {**values, "code": "000.00.11.H15-260309-9999"}
    for name in ("other_specialist", "other_leader"):
        client = signed_in(getattr(world, name))
        before = snapshot()
        for route in _dossier_routes():
            hidden = client.get(route.path(values))
            absent = client.get(route.path(missing))
            assert hidden.status_code == absent.status_code == 404 or hidden.status_code == absent.status_code == 405, (
                name,
                route.name,
                hidden.status_code,
                absent.status_code,
            )
            if hidden.status_code == 404:  # the same page, but for the address it names and its CSRF mask
                assert _same_page(hidden.content, values["code"]) == _same_page(absent.content, missing["code"]), (
                    name,
                    route.name,
                )
            assert client.post(route.path(values)).status_code in (403, 404, 405), (name, route.name)
        assert changed(before, snapshot()) == [], name
        found = client.post("/can-bo/ho-so/tim/", {"q": province.dossier.code}, follow=True).content.decode()
        assert f"/can-bo/ho-so/{province.dossier.code}/" not in found  # the box keeps the typed text
        listed = client.get("/api/v1/dossiers/").json()
        assert province.dossier.code not in str(listed)


# lifecycle.md §7, at the moment the dossier waits at the Justice department's head for assignment:
# the reception point's officers, the competent agency's leader, department and clerk see it; the
# auditor sees it read-only (province scope); the administrator sees no personal data without a grant.
SEES_THE_DOSSIER = {
    "desk_officer": True,
    "desk_officer_2": True,
    "head": True,
    "specialist": True,
    "leader": True,
    "clerk": True,
    "auditor": True,
    "administrator": False,
    "other_specialist": False,
    "other_leader": False,
}


def test_each_role_sees_the_dossier_exactly_in_its_scope(province):
    code = province.dossier.code
    for name, sees in SEES_THE_DOSSIER.items():
        client = signed_in(getattr(province.world, name))
        page = client.get(f"/can-bo/ho-so/{code}/").status_code
        api = client.get(f"/api/v1/dossiers/{code}/").status_code
        assert (page, api) == ((200, 200) if sees else (404, 404)), name


def test_the_auditor_and_the_administrator_change_nothing(province):
    """Read-only roles: every dossier action, page or API, is refused and writes nothing."""
    values = province.values()
    actions = [r for r in _dossier_routes() if r.name in ("dossiers:action",) or r.name.startswith("api-dossier-")]
    from motcua.dossiers.views.action_specs import ACTIONS

    for name in ("auditor", "administrator"):
        client = signed_in(getattr(province.world, name))
        before = snapshot()  # after the sign-in, which stamps last_login
        for route in actions:
            slugs = list(ACTIONS) if route.name == "dossiers:action" else [values["action"]]
            for slug in slugs:
                response = client.post(route.path({**values, "action": slug}), {"note": "x"})
                assert response.status_code in (403, 404, 405), (name, route.name, slug, response.status_code)
        assert changed(before, snapshot()) == [], name


def test_only_the_applicant_opens_their_dossier_in_the_portal(province):
    owner, stranger = signed_in(province.citizen), signed_in(province.stranger)  # sign-ins before the digest
    pk = province.dossier.pk
    assert owner.get(f"/ca-nhan/ho-so/{pk}/").status_code == 200
    assert owner.get(f"/api/v1/me/dossiers/{pk}/").status_code == 200
    before = snapshot()
    routes = [r for r in of(CITIZEN, API_CITIZEN) if {"pk", "id", "code"} & set(r.params)]

    for route in routes:
        path = route.path(province.values())
        assert stranger.get(path).status_code in (404, 405), route.name
        assert stranger.post(path).status_code in (403, 404, 405), route.name

    assert changed(before, snapshot()) == []


def test_feedback_stays_with_its_agency(province):
    """The Construction department's leader cannot see or act on the Justice department's feedback."""
    code = province.feedback.code
    outsider = signed_in(province.world.other_leader)
    before = snapshot()

    assert outsider.get(f"/can-bo/phan-anh/{code}/").status_code == 404
    assert outsider.post(f"/can-bo/phan-anh/{code}/accept/").status_code == 404
    assert outsider.post(f"/api/v1/feedback/{code}/accept/").status_code == 404
    assert changed(before, snapshot()) == []
    assert signed_in(province.world.leader).get(f"/can-bo/phan-anh/{code}/").status_code == 200
