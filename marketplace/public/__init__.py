"""Pages anyone may see: the landing page, the language switch, the commune list."""
from flask import Blueprint

bp = Blueprint("public", __name__)

# The routes an anonymous visitor may reach; a test walks app.url_map against this [SECURITY 8].
PUBLIC_ENDPOINTS = frozenset({
    "public.index", "public.set_language", "public.wards", "public.favicon", "public.healthz", "static",
    "accounts.login", "accounts.register", "accounts.register_employer",
    "accounts.signup_code", "accounts.signup_resend", "accounts.claim", "accounts.dev_outbox",
    "api_docs.reference", "api-docs.openapi_json",
    "employer_public.join", "employer_public.incentives",
})
# The API answers an anonymous caller 401 (problem+json) instead of a redirect to the login page;
# only the token endpoint is open.
API_OPEN_ENDPOINTS = frozenset({"api.create_token"})

from . import views  # noqa: E402,F401
