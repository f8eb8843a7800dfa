"""WSGI entry point: `gunicorn skabsammen.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skabsammen.settings")
application = get_wsgi_application()
