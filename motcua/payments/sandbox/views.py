"""The sandbox gateway's pages: the payment page the applicant sees (GET shows the order, a POST of one
of its buttons carries it out and sends the browser back to the merchant) and its JSON API.

Both answer 404 unless MOTCUA_PAYMENTS["SANDBOX_ENABLED"] (off in production settings).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..gateways.vnpay import parse_vn_time
from .services import BUTTONS, KEY, api_answer, order_error, sandbox_pay


def _enabled() -> None:
    if not settings.MOTCUA_PAYMENTS.get("SANDBOX_ENABLED"):
        raise Http404


def _back(return_url: str, result: dict[str, str]) -> HttpResponseRedirect:
    from urllib.parse import urlencode

    joiner = "&" if "?" in return_url else "?"
    return HttpResponseRedirect(f"{return_url}{joiner}{urlencode(result)}")


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest) -> HttpResponse:
    _enabled()
    order = {k: request.GET.get(k, "") for k in request.GET}
    error = order_error(order)
    if error:
        return render(request, "payments/sandbox/error.html", {"error": error}, status=400)
    if request.method == "POST":
        button = request.POST.get("button", "")
        if button not in BUTTONS:
            return render(request, "payments/sandbox/error.html", {"error": "bad_request"}, status=400)
        ipn_path = str(settings.MOTCUA_PAYMENTS["GATEWAYS"][KEY]["IPN_URL"])
        result = sandbox_pay(order=order, button=button, ipn_url=request.build_absolute_uri(ipn_path))
        return _back(order["vnp_ReturnUrl"], result)
    context = {
        "order": order,
        "amount": int(order["vnp_Amount"]) // 100,
        "expires": parse_vn_time(order.get("vnp_ExpireDate", "")),
        "action": request.get_full_path(),
    }
    return render(request, "payments/sandbox/pay.html", context)


@csrf_exempt
@require_POST
def api(request: HttpRequest) -> JsonResponse:
    """querydr, refund and settlement, JSON in and out, as the real gateway's merchant API."""
    _enabled()
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"vnp_ResponseCode": "03", "vnp_Message": "Invalid JSON"}, status=400)
    return JsonResponse(api_answer(body))
