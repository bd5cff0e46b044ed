"""WSGI entry point for application servers (gunicorn, uwsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgburo.settings")
application = get_wsgi_application()
