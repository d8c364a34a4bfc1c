#!/usr/bin/env bash
# CI smoke test of the load generator against the standalone broker: 5 seconds of fan-in at QoS 1
# (8 publishers, 1 subscriber). Fails when the generator reports any loss, duplicate, reordering,
# misrouting, unacknowledged message or dropped connection, or cannot run at all. No timing is
# checked: CI machines are too noisy for that; bench/compare.sh measures.
#
#   bench/smoke.sh            (after mvn package; PORT=... to use another port than 18839)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-18839}
WORK=$(mktemp -d /tmp/fountain-smoke.XXXXXX)
BROKER_PID=""
cleanup() {
  if [ -n "$BROKER_PID" ]; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/broker.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
max_queued_messages 100000
log_type error
log_type warning
CONF

java -Xms256m -Xmx256m -jar "$ROOT/broker/target/fountain-broker.jar" -c "$WORK/broker.conf" &
BROKER_PID=$!
for _ in $(seq 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then break; fi
  kill -0 "$BROKER_PID" 2>/dev/null || { echo "smoke: the broker did not start" >&2; exit 1; }
  sleep 0.1
done

timeout 60 java -jar "$ROOT/bench/target/fountain-bench.jar" fan-in --qos 1 --port "$PORT" --warmup 1 --duration 5
