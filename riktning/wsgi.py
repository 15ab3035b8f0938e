"""WSGI entry point for gunicorn: `gunicorn riktning.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riktning.settings")
application = get_wsgi_application()

from riktning.ops.safety import refuse_unsafe_start  # noqa: E402 - needs the settings loaded

refuse_unsafe_start()
