#!/usr/bin/env bash
# The slow-subscriber soak (hardening issue): a '#' subscriber at QoS 1 that stops reading its
# socket, a well-behaved QoS 0 subscriber to the same stream, and a QoS 1 publisher of 1 KiB
# messages for 5 minutes, against Fountain and then Mosquitto, each with default queue settings.
# Prints peak RSS (VmRSS every 200 ms), messages published and the well-behaved subscriber's share.
#
#   bench/soak.sh [--minutes M] [--messages N]
#
# Build first: mvn -q package -DskipTests. Needs /usr/sbin/mosquitto and taskset; port 18872 (PORT=...).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-18872}
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
# As bench/compare.sh runs the broker: fixed heap, ParallelGC, leak detector off.
FOUNTAIN_JAVA_OPTS=${FOUNTAIN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes|--messages) ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/fountain-soak.XXXXXX)
cp "$ROOT/broker/target/fountain-broker.jar" "$ROOT/bench/target/fountain-bench.jar" "$WORK/"
BROKER_PID=""
stop_broker() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_PID=""
}
trap 'stop_broker; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Default queue settings on purpose: no max_queued_* lines.
cat > "$WORK/broker.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
log_type none
CONF

for broker in fountain mosquitto; do
  case $broker in
    # shellcheck disable=SC2086
    fountain) taskset -c 0 java $FOUNTAIN_JAVA_OPTS -jar "$WORK/fountain-broker.jar" -c "$WORK/broker.conf" \
                >"$WORK/$broker.log" 2>&1 & ;;
    mosquitto) taskset -c 0 "$MOSQUITTO" -c "$WORK/broker.conf" >"$WORK/$broker.log" 2>&1 & ;;
  esac
  BROKER_PID=$!
  for _ in $(seq 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then break; fi
    sleep 0.1
  done
  taskset -c 1 java -Xms512m -Xmx512m -cp "$WORK/fountain-bench.jar" dev.fountain.bench.Soak --port "$PORT" \
    --broker-pid "$BROKER_PID" --label "$broker" ${ARGS[@]+"${ARGS[@]}"} | tee -a "$WORK/results.txt"
  stop_broker
done

echo
awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } b = v["broker"]
  rss[b] = v["peak_rss_kib"] / 1024; pub[b] = v["published"]; share[b] = v["share"] }
END {
  print "| broker | peak RSS (MB) | messages published | QoS 0 subscriber received (%) |"
  print "|---|---|---|---|"
  printf "| Fountain | %.1f | %d | %.1f |\n", rss["fountain"], pub["fountain"], share["fountain"]
  printf "| Mosquitto | %.1f | %d | %.1f |\n", rss["mosquitto"], pub["mosquitto"], share["mosquitto"]
  printf "| Fountain / Mosquitto | %.2f | %.2f | %.2f |\n", rss["fountain"] / rss["mosquitto"],
    pub["fountain"] / pub["mosquitto"], share["fountain"] / share["mosquitto"]
}' "$WORK/results.txt"
