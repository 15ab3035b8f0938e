from django.conf import settings
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from riktning.accounts import access
from riktning.accounts.municipality import municipality_name
from riktning.followup import cache

from . import theme


def riktning(request):
    user = request.user
    return {
        "is_coordinator": access.is_coordinator(user),
        "is_member": access.is_member(user),
        # Read only on a page that shows it, once, from the cache under the work generation
        # (an organisation's name is work: accounts).
        "municipality": SimpleLazyObject(_municipality_name),
        "logo_url": static(settings.RIKTNING_LOGO),
        "logo_is_placeholder": theme.is_placeholder_logo(),
    }


def _municipality_name() -> str:
    return settings.RIKTNING_MUNICIPALITY_NAME or cache.cached(
        "municipality-name", municipality_name, stamp=cache.work_stamp()
    )
