"""The interface's language: English, Korean, simplified Chinese (settings.LANGUAGES).

Pages live under i18n_patterns without a prefix for English (/ventures/…) and with one for the others
(/ko/ventures/…, /zh-hans/ventures/…), so a URL names one language and `hreflang` can point at each.
The reader's choice (the language cookie that Django's set_language view writes) or, failing that,
their browser's Accept-Language picks the language where the URL does not:

- an unprefixed page asked for with GET/HEAD by a reader who prefers Korean or Chinese is redirected
  to its prefixed URL (the redirect varies by Accept-Language and Cookie; the English page is served
  to everyone else);
- everything outside i18n_patterns (/api/, /admin/, /i18n/setlang/) keeps its one URL and answers in
  the preferred language (the API's machine names, `sector=mine`, never change; only messages do).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

SAFE_METHODS = ("GET", "HEAD")
# Unprefixed URLs that machines follow (feed readers, the scripts' data files, release downloads): never
# redirected, whatever the client's Accept-Language; they answer at their one URL in the preferred
# language (the feeds' words), like /api/.
STABLE_PREFIXES = ("/feeds/", "/provinces.geojson", "/neighbours.geojson", "/data/releases/", "/jsi18n/")


def bcp47(language_code: str) -> str:
    """Django's code as a BCP 47 tag for `lang` and `hreflang`: "zh-hans" → "zh-Hans"."""
    language, _, script = language_code.partition("-")
    return f"{language}-{script.title()}" if len(script) == 4 else language_code


def _resolves(path: str) -> bool:
    """The path names a view in the active language (or would after CommonMiddleware adds its slash)."""
    if is_valid_path(path):
        return True
    return settings.APPEND_SLASH and not path.endswith("/") and is_valid_path(path + "/")


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the preferred language (cookie, then Accept-Language) as the
    default of unprefixed pages too, by a redirect to the prefixed URL (see the module's docstring).

    Django's own behaviour with prefix_default_language=False serves every unprefixed URL in English,
    whatever the reader asked for.
    """

    def process_request(self, request):
        path_language = translation.get_language_from_path(request.path_info)
        if path_language:
            translation.activate(path_language)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        preferred = translation.get_language_from_request(request, check_path=False)
        translation.activate(preferred)
        request.LANGUAGE_CODE = translation.get_language()
        if preferred == settings.LANGUAGE_CODE or _resolves(request.path_info):
            # English, or a URL outside i18n_patterns (/api/, /admin/) in the preferred language.
            return None
        translation.activate(settings.LANGUAGE_CODE)
        if not _resolves(request.path_info):
            translation.activate(preferred)  # a 404 either way: say so in the reader's language
            return None
        if request.path_info.startswith(STABLE_PREFIXES):
            # Resolved in English (the unprefixed patterns), answered in the preferred language.
            request._jv_preferred_language = preferred
            return None
        if request.method not in SAFE_METHODS:
            # A form posted to an English URL is answered there (a redirect would drop its body).
            request.LANGUAGE_CODE = translation.get_language()
            return None
        script_prefix = get_script_prefix()
        prefixed = request.get_full_path().replace(script_prefix, f"{script_prefix}{preferred}/", 1)
        redirect = HttpResponseRedirect(prefixed)
        patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        return redirect

    def process_view(self, request, view_func, view_args, view_kwargs):
        preferred = getattr(request, "_jv_preferred_language", None)
        if preferred:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if not translation.get_language_from_path(request.path_info):
            # The language came from the cookie or Accept-Language (super() adds Accept-Language).
            patch_vary_headers(response, ("Cookie",))
        return response


def _language_links(request) -> list[dict]:
    """The current page in every language: the switcher's entries and the `hreflang` links."""
    current = translation.get_language()
    full_path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(full_path, code)
        links.append(
            {
                "code": code,
                "tag": bcp47(code),
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links


def language_links(request) -> dict:
    """Template context: `language_links` (computed only when a template uses it) and `html_lang`."""
    return {
        "language_links": SimpleLazyObject(lambda: _language_links(request)),
        "html_lang": bcp47(translation.get_language() or settings.LANGUAGE_CODE),
    }
