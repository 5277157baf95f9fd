"""Voilà's sign-in for ``anakinra-edu serve`` (a token or none, as Voilà's own), which also hands every page
its XSRF cookie.

Leaving an app page, Voilà's page asks the server to stop its kernel (a POST sent as the page unloads) and
signs the request with the ``_xsrf`` cookie. Voilà's page handler never issues that cookie, so every such
request was refused (403, "'_xsrf' argument missing from POST", voila-dashboards/voila#1458) and each page
left its kernel running until the idle cull. Reading the handler's ``xsrf_token`` on a GET sets the cookie,
as every page a Jupyter server renders from a template does. Loaded by the Voilà server process only.
"""

from __future__ import annotations

import inspect
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider


class PageCookieIdentityProvider(PasswordIdentityProvider):  # type: ignore[misc]
    """:class:`PasswordIdentityProvider` (Voilà's default) that sets the ``_xsrf`` cookie on every GET."""

    def get_user(self, handler: Any) -> Any:
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            return self._with_cookie(handler, user)
        _set_cookie(handler, user)
        return user

    async def _with_cookie(self, handler: Any, pending: Any) -> Any:
        user = await pending
        _set_cookie(handler, user)
        return user


def _set_cookie(handler: Any, user: Any) -> None:
    """On a GET, read the handler's XSRF token (tornado then sets the cookie); the user first, as tornado asks."""
    if handler.request.method == "GET":
        handler.current_user = user
        handler.xsrf_token  # noqa: B018 - reading the token sets the cookie the page's POSTs carry
