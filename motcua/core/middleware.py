"""Vietnamese first: the interface language comes from the visitor's explicit choice, not the browser.

Many phones in Vietnam run an English system locale; Django's stock LocaleMiddleware would then
show English to people who read Vietnamese. We honour only the language cookie set by the switch
in the header (and `?lang=` for shared links), falling back to LANGUAGE_CODE (vi).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in _SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
