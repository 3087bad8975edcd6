from django.http import HttpRequest, HttpResponse


def procedure_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("catalog")


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(code)
