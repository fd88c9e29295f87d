"""Serves every Flask configuration of a cases file on one port, each as its own app, chosen by
the request's Host (<config id>.test). A configuration's text runs as its own module; its app is
the module's `app`. Run with the virtualenv's python (Flask and Flask-CORS installed)."""
import json
import logging
import sys
import types

from werkzeug.serving import run_simple

logging.getLogger("werkzeug").setLevel(logging.ERROR)
logging.getLogger("flask_cors").setLevel(logging.ERROR)

cases_file, port = sys.argv[1], int(sys.argv[2])
with open(cases_file, encoding="utf-8") as f:
    cases = json.load(f)

apps = {}
for c in cases["configs"]:
    module = types.ModuleType(f"cfg_{c['id']}")
    module.__dict__["__name__"] = f"cfg_{c['id']}"
    try:
        exec(compile(c["config"], c["id"], "exec"), module.__dict__)
    except Exception as e:  # a broken configuration answers 421 below
        print(f"{c['id']}: {e}", file=sys.stderr)
        continue
    app = module.__dict__.get("app")
    if app is not None:
        app.logger.disabled = True
        apps[f"{c['id']}.test"] = app


def dispatch(environ, start_response):
    host = environ.get("HTTP_HOST", "").split(":")[0]
    app = apps.get(host)
    if app is None:
        start_response("421 Misdirected Request", [("Content-Length", "0")])
        return [b""]
    return app(environ, start_response)


run_simple("127.0.0.1", port, dispatch, threaded=True, use_reloader=False)
