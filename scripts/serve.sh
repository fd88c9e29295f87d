#!/usr/bin/env bash
# Builds the simulator page and serves it at http://127.0.0.1:8080 (loopback only).
# Usage: bash scripts/serve.sh [PORT]
source "$(dirname "$0")/lib.sh"
PORT="${1:-${PORT:-8080}}"
build_web
say "corsim is at http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
echo "http://127.0.0.1:$PORT/"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$ROOT/www"
