#!/usr/bin/env bash
# What TLS and WebSockets cost (issue 6): the same Fountain broker with four listeners, plain TCP,
# TLS, WebSocket and WebSocket over TLS, and the load generator over each, for a few interleaved
# rounds; prints medians and the ratios against plain TCP. The broker is pinned to core 0, the
# generator to core 1, as in compare.sh. The certificate is made here with openssl and deleted.
#
#   bench/transports.sh [--rounds N] [--scenario fan-in|fan-out] [--qos 0|1]
#
# Build first: mvn -q install -DskipTests. Needs openssl and taskset; loopback only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_PORT=${PORT:-18880}
ROUNDS=3
SCENARIO=fan-in
QOS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --scenario) SCENARIO=$2; shift 2 ;;
    --qos) QOS=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/fountain-transports.XXXXXX)
BROKER_PID=""
cleanup() {
  if [ -n "$BROKER_PID" ]; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 1 \
  -subj "/CN=localhost" 2>/dev/null
cat > "$WORK/broker.conf" <<CONF
listener $BASE_PORT 127.0.0.1
listener $((BASE_PORT + 1)) 127.0.0.1
certfile $WORK/cert.pem
keyfile $WORK/key.pem
listener $((BASE_PORT + 2)) 127.0.0.1
protocol websockets
listener $((BASE_PORT + 3)) 127.0.0.1
protocol websockets
certfile $WORK/cert.pem
keyfile $WORK/key.pem
allow_anonymous true
max_queued_messages 100000
log_type error
CONF

taskset -c 0 java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$ROOT/broker/target/fountain-broker.jar" \
  -c "$WORK/broker.conf" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/$((BASE_PORT + 3))) 2>/dev/null; then break; fi
  sleep 0.1
done

TRANSPORTS=(tcp tls ws wss)
for round in $(seq "$ROUNDS"); do
  for i in "${!TRANSPORTS[@]}"; do
    transport=${TRANSPORTS[$i]}
    line=$(taskset -c 1 timeout 120 java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$ROOT/bench/target/fountain-bench.jar" \
      "$SCENARIO" --qos "$QOS" --port $((BASE_PORT + i)) --transport "$transport" --warmup 3 --duration 8 \
      | grep '^RESULT')
    rate=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$line")
    echo "round $round $transport: $rate" >&2
    echo "$transport $rate" >> "$WORK/rates"
  done
done

median() {
  sort -n | awk '{v[NR]=$1} END {print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2)}'
}
tcp=$(awk '$1=="tcp" {print $2}' "$WORK/rates" | median)
echo "| transport | $SCENARIO QoS $QOS, median of $ROUNDS | / plain TCP |"
echo "|---|---|---|"
for transport in "${TRANSPORTS[@]}"; do
  rate=$(awk -v t="$transport" '$1==t {print $2}' "$WORK/rates" | median)
  printf '| %s | %.0f | %.2f |\n' "$transport" "$rate" "$(echo "$rate / $tcp" | bc -l)"
done
