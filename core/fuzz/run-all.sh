#!/bin/sh
# Runs every fuzz target for $1 seconds (default 600), one after the other, one core. An input
# that takes a second is a failure (-timeout=1: the readers take well under 50 ms on 64 KiB,
# so the targets are built without AddressSanitizer, which makes them many times slower; the
# crate forbids unsafe code).
set -e
cd "$(dirname "$0")"
secs="${1:-600}"
for t in headers curl fetch_call console har detect explain server_nginx server_apache server_express server_flask server_php; do
  mkdir -p "corpus/$t"
  cp -n seeds/$t/* "corpus/$t/" 2>/dev/null || true
  cargo +nightly fuzz run -s none "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -timeout=1 -report_slow_units=1 -rss_limit_mb=2048 2>&1 | tail -n 12
done
