"""Single sign-on with OpenID Connect (Entra ID, Keycloak, any provider with discovery).

Library: mozilla-django-oidc (maintained by Mozilla, used in production for years, small and
Django-native). It does the authorization-code flow with state, nonce and PKCE, checks the ID
token's signature against the provider's published keys (JWKS), and calls the user-info
endpoint; Riktning adds what it does not have:

- the endpoints come from the provider's discovery document (RIKTNING_OIDC_DISCOVERY_URL),
  fetched when needed and kept for an hour, so a provider that is down at start-up does not
  stop Riktning;
- users are matched by one configured claim (e-mail by default, compared without case, or any
  other claim against the user name); unknown users are refused unless creation is on;
- the organisation and role can come from claims, mapped to Riktning's organisations;
- every failure is a Swedish message on the login page (SsoRefused), never a 500.

Configuration: settings.RIKTNING_OIDC_* (docs/configuration.md); what is trusted from the
provider: docs/security.md. Two-factor codes (twofactor.py) apply to password logins only: a
session started here is marked with twofactor.PROVIDER_SESSION_KEY (set by the callback view),
and the provider's own rules apply instead.
"""

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from .constants import Role
from .models import Membership, Organisation, User

log = logging.getLogger("riktning.accounts")

BACKEND_PATH = "riktning.accounts.sso.ProviderBackend"
_DISCOVERY_SECONDS = 3600
_discovery_cache: dict[str, tuple[float, dict]] = {}


class SsoRefused(Exception):
    """A login through the provider that cannot go on; the message is shown to the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def enabled() -> bool:
    return bool(settings.RIKTNING_OIDC_DISCOVERY_URL and settings.RIKTNING_OIDC_CLIENT_ID)


def provider_name() -> str:
    return settings.RIKTNING_OIDC_PROVIDER_NAME or "OpenID Connect"


def discovery() -> dict:
    """The provider's discovery document (authorization, token, user-info and key addresses)."""
    url = settings.RIKTNING_OIDC_DISCOVERY_URL
    if "/.well-known/" not in url:
        url = url.rstrip("/") + "/.well-known/openid-configuration"
    cached = _discovery_cache.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = requests.get(url, timeout=settings.RIKTNING_OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(key):
                raise ValueError(f"no {key}")
    except (requests.RequestException, ValueError) as exc:
        log.warning("OpenID Connect discovery at %s failed: %s", url, exc)
        raise SsoRefused(provider_unavailable()) from exc
    _discovery_cache[url] = (time.monotonic() + _DISCOVERY_SECONDS, document)
    return document


def provider_unavailable() -> str:
    return _(
        "The login service %(provider)s could not be reached. Try again in a while, or log in "
        "with your Riktning password if you have one."
    ) % {"provider": provider_name()}


_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def setting(attr: str, *default):
    """mozilla-django-oidc's settings, answered from RIKTNING_OIDC_* and the discovery document
    (read at each login, so a changed configuration or test override applies at once)."""
    if attr in _ENDPOINTS:
        return discovery().get(_ENDPOINTS[attr])
    values = {
        "OIDC_RP_CLIENT_ID": lambda: settings.RIKTNING_OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": lambda: settings.RIKTNING_OIDC_CLIENT_SECRET,
        "OIDC_RP_SCOPES": lambda: " ".join(settings.RIKTNING_OIDC_SCOPES),
        "OIDC_RP_SIGN_ALGO": lambda: settings.RIKTNING_OIDC_SIGN_ALGO,
        "OIDC_CREATE_USER": lambda: settings.RIKTNING_OIDC_CREATE_USERS,
        "OIDC_TIMEOUT": lambda: settings.RIKTNING_OIDC_TIMEOUT,
        "OIDC_USE_PKCE": lambda: True,
        "OIDC_USE_NONCE": lambda: True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "oidc_callback",
        "LOGIN_REDIRECT_URL_FAILURE": lambda: reverse("login"),
        # Kept in the session for single logout (end_session_url's id_token_hint).
        "OIDC_STORE_ID_TOKEN": lambda: settings.RIKTNING_OIDC_SINGLE_LOGOUT,
    }
    if attr in values:
        return values[attr]()
    return import_from_settings(attr, *default)


ID_TOKEN_SESSION_KEY = "oidc_id_token"  # where mozilla-django-oidc stores the ID token


def end_session_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to send a person who logged in with the provider when they log out of Riktning
    (OpenID Connect RP-initiated logout): the provider's end_session_endpoint with the ID token
    as id_token_hint and where to come back. None when single logout is off, there is no ID
    token, or the provider has no such endpoint or cannot be reached (then the person is logged
    out of Riktning only)."""
    if not (enabled() and settings.RIKTNING_OIDC_SINGLE_LOGOUT and id_token):
        return None
    try:
        endpoint = discovery().get("end_session_endpoint")
    except SsoRefused:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": settings.RIKTNING_OIDC_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@dataclass(frozen=True)
class Identity:
    """What Riktning takes from the provider's claims."""

    match_value: str
    email: str
    first_name: str
    last_name: str
    organisations: tuple[Organisation, ...] | None  # None: kept in Riktning
    role: str | None  # None: kept in Riktning


def _claim_values(claims: dict, name: str) -> list[str]:
    value = claims.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item).strip()]
    return [str(value)]


def _missing(name: str) -> SsoRefused:
    return SsoRefused(
        _(
            "%(provider)s did not send the information “%(claim)s” that Riktning needs to log "
            "you in. Ask the administrator of the login service to release it to Riktning."
        )
        % {"provider": provider_name(), "claim": name}
    )


def identity_from_claims(claims: dict) -> Identity:
    """Reads the configured claims; refuses (SsoRefused) what is missing or not mapped."""
    match_claim = settings.RIKTNING_OIDC_MATCH_CLAIM
    values = _claim_values(claims, match_claim)
    if not values:
        raise _missing(match_claim)
    organisations = None
    org_claim = settings.RIKTNING_OIDC_ORGANISATION_CLAIM
    if org_claim:
        names = _claim_values(claims, org_claim)
        if not names:
            raise _missing(org_claim)
        organisations = tuple(_organisation(name) for name in names)
    role = None
    role_claim = settings.RIKTNING_OIDC_ROLE_CLAIM
    if role_claim:
        roles = [_role(value) for value in _claim_values(claims, role_claim)]
        roles = [r for r in roles if r]
        if not roles:
            raise _missing(role_claim)
        order = [Role.COORDINATOR, Role.EDITOR, Role.READER]
        role = min(roles, key=order.index)
    email = (claims.get("email") or "").strip()
    return Identity(
        match_value=values[0].strip(),
        email=email,
        first_name=(claims.get("given_name") or "").strip()[:150],
        last_name=(claims.get("family_name") or "").strip()[:150],
        organisations=organisations,
        role=role,
    )


def _organisation(value: str) -> Organisation:
    name = settings.RIKTNING_OIDC_ORGANISATION_MAP.get(value, value)
    organisation = (
        Organisation.objects.filter(name=name).first()
        or Organisation.objects.filter(short_name=name).first()
    )
    if organisation is None:
        raise SsoRefused(
            _(
                "Your organisation “%(value)s” from %(provider)s has no organisation in "
                "Riktning. Ask Riktning's administrator to add it to "
                "RIKTNING_OIDC_ORGANISATION_MAP."
            )
            % {"value": value, "provider": provider_name()}
        )
    return organisation


def _role(value: str) -> str | None:
    role = settings.RIKTNING_OIDC_ROLE_MAP.get(value, value)
    return role if role in Role.values else None


def find_users(identity: Identity):
    if settings.RIKTNING_OIDC_MATCH_CLAIM == "email":
        return User.objects.filter(email__iexact=identity.match_value)
    return User.objects.filter(username=identity.match_value)


@transaction.atomic
def sign_in_user(identity: Identity) -> User:
    """The user for these claims: found, or created when creation is on; their organisation and
    role brought in line with the claims that are configured. Refuses (SsoRefused)."""
    users = list(find_users(identity)[:2])
    if len(users) > 1:
        raise SsoRefused(
            _("More than one account in Riktning matches you. Ask a coordinator to merge them.")
        )
    if users:
        user = users[0]
        if not user.is_active:
            raise SsoRefused(_("Your account in Riktning is switched off."))
    elif settings.RIKTNING_OIDC_CREATE_USERS:
        user = User(
            username=_free_username(identity.match_value),
            email=identity.email,
            first_name=identity.first_name,
            last_name=identity.last_name,
        )
        user.set_unusable_password()
        user.save()
    else:
        raise SsoRefused(
            _(
                "You have no account in Riktning yet (%(who)s). Ask a coordinator to create one "
                "for you."
            )
            % {"who": identity.match_value}
        )
    changed = False
    for field in ("email", "first_name", "last_name"):
        value = getattr(identity, field)
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    if changed:
        user.save()
    _sync_memberships(user, identity)
    return user


def _free_username(wanted: str) -> str:
    base = wanted[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _sync_memberships(user: User, identity: Identity) -> None:
    if identity.organisations is not None:
        wanted = {org.pk: org for org in identity.organisations}
        for membership in Membership.objects.filter(user=user).exclude(organisation__in=wanted):
            membership.delete()
        for org in wanted.values():
            membership = Membership.objects.filter(user=user, organisation=org).first()
            role = identity.role or (membership.role if membership else Role.READER)
            if membership is None:
                Membership.objects.create(user=user, organisation=org, role=role)
            elif membership.role != role:
                membership.role = role
                membership.save()
    elif identity.role is not None:
        for membership in Membership.objects.filter(user=user).exclude(role=identity.role):
            membership.role = identity.role
            membership.save()


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's callback; answers nothing to a password login."""

    def __init__(self, *args, **kwargs):
        # The endpoints are read at login time (setting()), not when Django loads backends.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "code" not in request.GET:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = setting("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = setting("OIDC_RP_SIGN_ALGO")
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 500
            if 400 <= status < 500:  # the provider answered but refused (a used or old code)
                raise SuspiciousOperation(f"the provider refused: {exc}") from exc
            log.warning("OpenID Connect login failed talking to the provider: %s", exc)
            raise SsoRefused(provider_unavailable()) from exc
        except requests.RequestException as exc:
            log.warning("OpenID Connect login failed talking to the provider: %s", exc)
            raise SsoRefused(provider_unavailable()) from exc

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the expiry and the nonce; Riktning also wants the
        token to be meant for it (audience) and to come from the configured provider (issuer)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client (aud)")
        issuer = discovery().get("issuer")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer (iss)")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        return sign_in_user(identity_from_claims(claims))
