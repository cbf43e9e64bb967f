#!/usr/bin/env bash
# Serve motcua on 127.0.0.1:$PORT with a job worker beside it (started by `make run`).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
PY=.venv/bin/python
export LOG_FORMAT="${LOG_FORMAT:-text}"
$PY manage.py migrate --noinput >/dev/null
if [ ! -f var/.demo-loaded ] || [ var/.demo-loaded -ot motcua/core/management/commands/load_demo.py ]; then
  $PY manage.py load_demo && touch var/.demo-loaded
else
  echo "Demo data already loaded (rm var/.demo-loaded to reload). Logins: see README; password motcua-demo-2026."
fi
$PY manage.py run_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "motcua: http://127.0.0.1:${PORT}/  (worker pid $worker; Ctrl-C stops both)"
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload
