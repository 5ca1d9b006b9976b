#!/usr/bin/env bash
# Quick-start demo: builds a throw-away Django-style repository in a temp dir, stages files
# with secrets assembled at run time (nothing credential-shaped is stored in this repository),
# and runs keepmum on the staged diff. Expect findings and exit code 1.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${KEEPMUM:-$here/target/release/keepmum}"
[ -x "$bin" ] || bin="$(command -v keepmum)"
demo="$(mktemp -d)"
trap 'rm -rf "$demo"' EXIT
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
cd "$demo"
git init -q -b main .
git config user.email demo@example.com
git config user.name demo
rand() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | cut -c "1-$1"; }
mkdir -p mysite
on=True   # assembled at run time, like the secrets, so this script is not itself a finding
key="django-insecure-$(rand 40)"
dbpw="$(rand 14)"
cat > mysite/settings.py <<PY
import os
DEBUG = $on
SECRET_KEY = "$key"
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "$dbpw"}}
API_TOKEN = os.environ["API_TOKEN"]          # fine: read from the environment
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]  # fine
PY
printf 'STRIPE_SECRET_KEY=%s\nDB_PASSWORD=changeme\n' "sk_live_$(rand 24)" > .env
git add -A
echo "\$ keepmum scan --staged   (in a demo repository: $demo)"
set +e
"$bin" scan --staged
code=$?
set -e
echo "exit code: $code (0 clean, 1 findings, 2 error)"
[ "$code" -eq 1 ]
