from django.conf import settings
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from riktning.accounts import access
from riktning.accounts.municipality import municipality_name

from . import theme


def riktning(request):
    user = request.user
    return {
        "is_coordinator": access.is_coordinator(user),
        "is_member": access.is_member(user),
        # Read from the database only on a page that shows it, once.
        "municipality": SimpleLazyObject(municipality_name),
        "logo_url": static(settings.RIKTNING_LOGO),
        "logo_is_placeholder": theme.is_placeholder_logo(),
    }
