# Shared set-up for scripts/serve.sh and scripts/test.sh: each step is idempotent and skips what
# is already there. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/tests/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

# The wasm32 target of the toolchain rust-toolchain.toml selects.
ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_pack() {
  if ! command -v wasm-pack >/dev/null; then
    say "installing wasm-pack (cargo install, about 2 minutes)"
    cargo install wasm-pack --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(locked_wasm_bindgen_version)"
  [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (the version Cargo.lock pins; about 2 minutes)"
    # Without --locked: the lockfile shipped in the crate pins a dependency the registry no
    # longer serves.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# npm packages of the test tools and of the build (binaryen's wasm-opt).
ensure_node_modules() {
  local stamp="$ROOT/tests/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/tests/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages (tests/package-lock.json)"
    (cd "$ROOT/tests" && npm ci --no-audit --no-fund)
  fi
}

# A wasm-opt that can read today's rustc output (Debian's 108 cannot; see README).
ensure_wasm_opt() {
  local v
  v="$(wasm-opt --version 2>/dev/null | grep -oE '[0-9]+' | head -1 || true)"
  if [ -z "$v" ] || [ "$v" -lt 117 ]; then
    die "wasm-opt ${v:-missing} at $(command -v wasm-opt || echo '(none)'): need binaryen >= 117 from npm (tests/node_modules/.bin)"
  fi
}

# Debian packages, installed with apt-get after an apt-get update (package lists on these
# machines can be weeks old); another apt run may hold the lock: wait for it rather than kill it.
apt_install() {
  say "installing Debian packages: $*"
  for _ in $(seq 1 60); do
    if as_root apt-get update -q && as_root apt-get install -y --no-install-recommends "$@"; then return 0; fi
    say "apt is busy or failed; retrying in 10 s"
    sleep 10
  done
  die "could not install $*"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_install chromium chromium-driver
  fi
}

# Firefox ESR for the differential harness (driven over WebDriver BiDi, tests/differential/).
ensure_firefox() {
  if ! command -v firefox-esr >/dev/null; then
    apt_install firefox-esr
  fi
}

# WebKitGTK's MiniBrowser (libwebkit2gtk-4.1-0), WebKitWebDriver, and Xvfb to run it under;
# util-linux's unshare and iproute2's ip give the WebKit recorder its own network namespace.
ensure_webkit() {
  if [ ! -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ] || ! command -v WebKitWebDriver >/dev/null \
    || ! command -v Xvfb >/dev/null || ! command -v ip >/dev/null; then
    apt_install libwebkit2gtk-4.1-0 webkit2gtk-driver xvfb iproute2
  fi
}

# The loopback ports the differential harness listens on (tests/differential/README.md): fail
# at once, naming the port, rather than after the first ten minutes of tests.
ensure_harness_ports_free() {
  local port host busy=""
  for port in 80 443 3000 8080 8081 8082 8083 8443; do
    for host in 127.0.0.1 ::1; do
      if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
        busy="$busy $host:$port"
      fi
    done
  done
  if [ -n "$busy" ]; then
    die "the live differential run needs loopback ports 80 443 3000 8080-8083 8443, and these are in use:$busy (is scripts/serve.sh still running? stop it first)"
  fi
}

# Builds the page into www/pkg: size-optimized, wasm-opt applied, never stale.
build_web() {
  ensure_wasm_target
  ensure_wasm_pack
  ensure_wasm_bindgen
  ensure_node_modules
  ensure_wasm_opt
  say "building the page's wasm (wasm-pack, web/page, profile wasm-release)"
  rm -rf "$ROOT/www/pkg"
  wasm-pack build "$ROOT/web/page" --target web --profile wasm-release --mode no-install --no-pack --no-typescript \
    --no-opt --out-dir ../../www/pkg --out-name corsim 2>&1 | grep -v "failed to get wasm-pack version" >&2 || true
  local wasm="$ROOT/www/pkg/corsim_bg.wasm"
  [ -s "$wasm" ] || die "the build produced no $wasm"
  # wasm-opt is run here, not by wasm-pack, which silently skips it when it finds no usable one.
  local raw
  raw="$(stat -c %s "$wasm")"
  # --low-memory-unused lets wasm-opt fold small constant offsets into loads and stores
  # (1.7 KB gzipped): it assumes no access lands in the first KB of memory, which Rust leaves to
  # the far end of its 1 MB stack (the linker puts the stack first, growing down towards 0).
  wasm-opt -Oz --low-memory-unused "$wasm" -o "$wasm.opt" || die "wasm-opt failed"
  mv "$wasm.opt" "$wasm"
  say "www/pkg/corsim_bg.wasm: $raw bytes before wasm-opt, $(stat -c %s "$wasm") after, $(gzip -9c "$wasm" | wc -c) gzipped"
  # The page's HTML: the shell web/index.html with the example's view rendered into it at build
  # time (Yew's server renderer, natively), so the first verdict needs no wasm.
  # Firefox's console templates in its other languages: not in the wasm, a static file the page
  # fetches from its own origin the first time a paste needs them (web/src/locales.rs).
  # Older translations (core/data/firefox-l10n-older.tsv) follow the current ones in the same file.
  cat "$ROOT/core/data/firefox-l10n.tsv" "$ROOT/core/data/firefox-l10n-older.tsv" >"$ROOT/www/firefox-l10n.tsv"
  say "pre-rendering www/index.html (corsim-prerender)"
  cargo run --quiet --locked -p corsim-web --features ssr --bin corsim-prerender -- \
    "$ROOT/web/index.html" "$ROOT/www/index.html" || die "corsim-prerender failed"
}

# The real servers of the server differential (tests/servers): Debian's nginx, apache2 and
# php-cli (used from a temporary prefix, never as the system service), Express and cors from
# tests/package-lock.json, Flask and Flask-CORS at pinned versions in a virtualenv under
# tests/servers/.venv (git-ignored; python3-venv gives Debian's python3 its ensurepip). Their
# loopback ports 18080-18090 must be free.
FLASK_VERSION=3.1.3
FLASK_CORS_VERSION=6.0.5
ensure_servers() {
  local missing=""
  command -v nginx >/dev/null || missing="$missing nginx"
  command -v apache2 >/dev/null || missing="$missing apache2"
  command -v php >/dev/null || missing="$missing php-cli"
  command -v python3 >/dev/null || missing="$missing python3"
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing="$missing python3-venv"
  if [ -n "$missing" ]; then
    # Installing nginx or apache2 starts its system service on port 80 (the browsers'
    # differential harness needs it) unless a policy-rc.d forbids it: one is put in place for
    # this install only, where the machine has none.
    local policy=/usr/sbin/policy-rc.d placed=""
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && placed=1
    fi
    # shellcheck disable=SC2086
    apt_install $missing
    if [ -n "$placed" ]; then as_root rm -f "$policy"; fi
  fi
  local venv="$ROOT/tests/servers/.venv"
  if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('flask') == '$FLASK_VERSION' and m.version('flask-cors') == '$FLASK_CORS_VERSION'" 2>/dev/null; then
    say "making the Flask virtualenv (flask $FLASK_VERSION, flask-cors $FLASK_CORS_VERSION)"
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install -q "flask==$FLASK_VERSION" "flask-cors==$FLASK_CORS_VERSION"
  fi
  local port busy=""
  for port in $(seq 18080 18084) 18090; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy="$busy $port"; fi
  done
  [ -z "$busy" ] || die "the server differential needs loopback ports 18080-18084 and 18090, and these are in use:$busy"
}
