"""Two-factor login with a one-time code from an authenticator app (TOTP, django-otp).

Who must use it: a coordinator, when RIKTNING_REQUIRE_2FA_FOR_COORDINATORS is on, must set up an
app before anything else works. Anyone who has set one up (also voluntarily) must give a code
after the password at every login. `riktning.web.middleware.TwoFactorMiddleware` sends a person
to the right page; the codes are checked here.

Wrong codes are throttled by django-otp (each failure doubles the wait before the next try);
the password step stays throttled by django-axes. An administrator who has lost nothing but
their phone is helped by `riktning reset_2fa USER` (or the admin's "TOTP devices"): the devices
are removed, and the next login asks for a new set-up.
"""

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access

DEVICE_NAME = "Authenticator app"


# Set in the session by a login through the municipality's OpenID Connect provider
# (riktning/accounts/sso.py): the provider's own rules (its MFA) apply, not Riktning's codes.
PROVIDER_SESSION_KEY = "riktning_signed_in_with_provider"


def signed_in_with_provider(request) -> bool:
    """Did this session log in through single sign-on? Two-factor rules apply to local
    (password) logins only."""
    return bool(getattr(request, "session", None) and request.session.get(PROVIDER_SESSION_KEY))


def required_for(user) -> bool:
    """Must this person have an authenticator app before they may do anything?"""
    return bool(
        getattr(settings, "RIKTNING_REQUIRE_2FA_FOR_COORDINATORS", False)
        and getattr(user, "is_authenticated", False)
        and access.is_coordinator(user)
    )


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The device being set up: a new secret, kept (unconfirmed) until a code proves that the
    app has it. The same secret is shown again if the page is reloaded."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    import base64

    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data: URI (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _clean(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdigit())


@transaction.atomic
def confirm_setup(request, device: TOTPDevice, code: str) -> bool:
    """The first code from the app: confirms the device and verifies this session. Other
    confirmed devices of the person are removed (one app at a time)."""
    if not device.verify_token(_clean(code)):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify(request, code: str) -> bool:
    """A code after the password: the session is verified when it matches."""
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(_clean(code)):
        return False
    otp_login(request, device)
    return True


def throttled(user) -> bool:
    """Too many wrong codes in a row: the next try must wait (django-otp's throttling)."""
    device = confirmed_device(user)
    return bool(device and not device.verify_is_allowed()[0])


def reset(user, *, by=None) -> int:
    """Remove every authenticator device of `user` (an administrator's recovery), recorded in
    the event log. Returns how many were removed."""
    from django.db import transaction

    from riktning.audit.services import record_event

    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            record_event(
                "two_factor_reset",
                user,
                f"{user.get_username()}: {deleted}",
                actor=by,
                removed=deleted,
            )
    return deleted
