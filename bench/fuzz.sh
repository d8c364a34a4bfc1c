#!/usr/bin/env bash
# Mutational fuzz of the standalone broker (hardening issue): 1,000,000 cases by default, each one
# connection's byte stream (a valid CONNECT of MQTT 3.1, 3.1.1 or 5, then mutated packets of every
# type), 1,000 connections at a time, while a canary QoS 1 pair runs through the same broker. Netty's
# leak detector runs at paranoid in the broker. Exits 1 on a wedged connection, a LEAK report,
# canary loss or a broker that stopped accepting.
#
#   bench/fuzz.sh [--cases N] [--seed S] [--minutes M] [--parallel N] [--answer-timeout S] [--keep DIR]
#
# Build first: mvn -q package -DskipTests. Loopback only; port 18871 (PORT=...).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-18871}
FOUNTAIN_JAVA_OPTS=${FOUNTAIN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
ARGS=()
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cases|--seed|--minutes|--parallel|--first|--answer-timeout) ARGS+=("$1" "$2"); shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for f in "$ROOT/broker/target/fountain-broker.jar" "$ROOT/bench/target/fountain-bench.jar"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q package -DskipTests' first" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/fountain-fuzz.XXXXXX)
cp "$ROOT/broker/target/fountain-broker.jar" "$ROOT/bench/target/fountain-bench.jar" "$WORK/"
BROKER_PID=""
cleanup() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
  fi
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.log "$WORK"/*.conf "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Notices (one per refused or closed connection) would be a million lines; errors and warnings stay.
cat > "$WORK/broker.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
max_packet_size 65536
log_type error
log_type warning
log_dest stderr
CONF

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# shellcheck disable=SC2086
taskset -c 0 java $FOUNTAIN_JAVA_OPTS -Dio.netty.leakDetection.level=paranoid -jar "$WORK/fountain-broker.jar" \
  -c "$WORK/broker.conf" >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then break; fi
  kill -0 "$BROKER_PID" 2>/dev/null || { cat "$WORK/broker.log" >&2; exit 2; }
  sleep 0.1
done

status=0
taskset -c 1 java -Xmx512m -cp "$WORK/fountain-bench.jar" dev.fountain.bench.fuzz.Fuzz --port "$PORT" \
  ${ARGS[@]+"${ARGS[@]}"} | tee "$WORK/fuzz.log" || status=$?

# Netty reports a leak only after the leaked buffer is collected and another is tracked: collect,
# then make the broker allocate with a few more cases.
alive=no
if kill -0 "$BROKER_PID" 2>/dev/null; then
  alive=yes
  jcmd "$BROKER_PID" GC.run >/dev/null 2>&1 || true
  java -cp "$WORK/fountain-bench.jar" dev.fountain.bench.fuzz.Fuzz --port "$PORT" --cases 2000 --first 0 \
    --seed 1 --canary-rate 10 >/dev/null 2>&1 || true
fi
leaks=$(grep -c 'LEAK:' "$WORK/broker.log" || true)
echo
echo "broker process alive at the end: $alive; LEAK reports in its log: $leaks"
if [ "$leaks" -gt 0 ]; then grep -m 3 -A 12 'LEAK:' "$WORK/broker.log"; fi
[ "$alive" = yes ] && [ "$leaks" -eq 0 ] && [ "$status" -eq 0 ]
