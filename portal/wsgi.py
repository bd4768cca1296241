"""The WSGI application gunicorn serves (docs/operations.md)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models) lives as long as the worker:
# kept out of the collector's scans, each collection reads only what requests made
# (gc time 1.5 to 0.9 ms a request in docs/benchmarks.md's measurement).
gc.collect()
gc.freeze()
