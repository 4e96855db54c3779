#!/usr/bin/env bash
# Install the Debian packages the tests need (scripts/debian-packages.txt), if any is missing,
# then the npm packages they run under Node (tests/js/package.json, locked) into build/npm/.
# Needs root (or sudo) and apt-get for the first; prints what it does, and nothing when all
# are there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="$here/debian-packages.txt"
mapfile -t packages < <(grep -v '^\s*\(#\|$\)' "$list")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing+=("$package")
done
for command in node npm; do  # see debian-packages.txt
    command -v "$command" >/dev/null || missing+=("$([ "$command" = node ] && echo nodejs || echo npm)")
done
install_debian() {
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        echo "install these packages with your system's package manager: ${missing[*]}" >&2
        exit 1
    fi
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_debian

# The npm packages, from the lock file, into build/npm/ (ignored by git), where the tests
# look for them; again only when something is missing or the lock file changed.
npm_dir="$here/../build/npm"
js="$here/../tests/js"
if ! cmp -s "$js/package-lock.json" "$npm_dir/package-lock.json" \
    || [ ! -d "$npm_dir/node_modules" ]; then
    echo "installing npm packages into build/npm/" >&2
    mkdir -p "$npm_dir"
    cp "$js/package.json" "$js/package-lock.json" "$npm_dir/"
    (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
