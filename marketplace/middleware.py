from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Vietnamese unless the visitor picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    phone set to English would get an English shop by default; we also avoid
    its Vary: Accept-Language, which splits every cached page per browser."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        # ?lang=en links switch too: cached pages (trace pages) carry no CSRF
        # token for the switch's POST form.
        linked = request.GET.get("lang")
        chosen = linked if linked in self.languages else None
        chosen = chosen or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if linked in self.languages:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                linked,
                max_age=365 * 24 * 3600,
                samesite="Lax",
            )
        return response
