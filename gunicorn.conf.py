"""gunicorn settings for `make serve`, each from the environment (README, "Deploying")."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Pages spend most of their time in Python: a process per core, and one more to cover a worker waiting on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak cannot grow without bound. Under a crowd of cached
# pages that is every few seconds, so the portal is loaded once, before the workers fork: a new worker starts
# ready instead of spending a second of CPU importing Django while the others queue. (No database connection is
# opened at import, so none is shared across the fork.)
preload_app = True
max_requests = 2000
max_requests_jitter = 200
# The portal logs one line per request itself (atf_portal/requestlog.py); gunicorn logs its own errors.
accesslog = None
errorlog = "-"
# The TLS proxy in front sets X-Forwarded-Proto; gunicorn trusts it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
