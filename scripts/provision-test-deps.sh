#!/bin/sh
# Run by `npm test` (the pretest script): the Debian packages two tests need beyond npm.
#   redis-server  test/reliability/redis.test.ts (a rate limit shared across instances)
#   chromium      test/docs-browser.test.ts (the served error reference in a real browser)
# Installs only what is missing, with apt-get, as root or through passwordless sudo. When it
# cannot, it stops at once with one line naming what to install: the tests never skip.
set -eu

missing=''
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" = 0 ]; then
  as_root=''
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root='sudo -n'
else
  as_root='none'
fi
if [ "$as_root" = none ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "npm test needs $missing: install it (Debian: sudo apt-get install $missing), then run npm test again" >&2
  exit 1
fi

echo "npm test: installing $missing with apt-get (needed by the Redis and browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
