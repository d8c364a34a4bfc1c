#!/usr/bin/env bash
# Fountain against Mosquitto, side by side (issue 7): each broker fresh for every run, pinned to
# core 0, the load generator pinned to core 1, every scenario for both brokers, interleaved, for
# several rounds; then a table of medians and ratios Fountain / Mosquitto with correctness counters.
#
#   bench/compare.sh [--rounds N] [--quick] [--only 'fan-in-q0 latency ...'] [--keep DIR]
#
# Build first: mvn -q package -DskipTests -pl broker,bench -am (broker/target/fountain-broker.jar,
# bench/target/fountain-bench.jar).
# Needs /usr/sbin/mosquitto (apt-get install mosquitto) and taskset; loopback only.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOUNTAIN_JAR=$ROOT/broker/target/fountain-broker.jar
GENERATOR_JAR=$ROOT/bench/target/fountain-bench.jar
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
PORT=${PORT:-18830}

# The broker's JVM: the options the distribution's launcher ships (fountain.jvm.options in
# broker/pom.xml, read from there so the two cannot drift apart), so memory is measured as users run
# the broker. bench/README.md, "The shipped JVM options", says how bench/jvm-options.sh chose them: a
# heap that starts at 64 MiB under the serial collector keeps the garbage of connects and messages
# from becoming resident memory. No AlwaysPreTouch: memory per connection and per subscription is
# measured as RSS growth, and a pre-touched heap would hide the broker's heap use. Netty's leak
# detector is off as in production: at its default level it records a stack trace for one buffer in
# 128. FOUNTAIN_JAVA_OPTS replaces the whole line, e.g. with compare.sh's flags before issue 17,
# '-Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled', against older results.
SHIPPED_JAVA_OPTS=$(sed -n 's:.*<fountain.jvm.options>\(.*\)</fountain.jvm.options>.*:\1:p' "$ROOT/broker/pom.xml")
[ -n "$SHIPPED_JAVA_OPTS" ] || { echo "no fountain.jvm.options in $ROOT/broker/pom.xml" >&2; exit 2; }
FOUNTAIN_JAVA_OPTS=${FOUNTAIN_JAVA_OPTS:-$SHIPPED_JAVA_OPTS}
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}

ROUNDS=3
WARMUP=3
DURATION=8
SETTLE=2
CONNECTIONS=10000
FILTERS=100000
ONLY=""
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --quick) ROUNDS=1; WARMUP=1; DURATION=1; SETTLE=1; CONNECTIONS=2000; FILTERS=20000; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for f in "$FOUNTAIN_JAR" "$GENERATOR_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q install -DskipTests' first" >&2; exit 2; }
done
[ -x "$MOSQUITTO" ] || { echo "missing $MOSQUITTO: apt-get install mosquitto" >&2; exit 2; }

# Both ends of 10,000 connections need a descriptor each; raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONNECTIONS + 200)) ]; then
  CONNECTIONS=$(( $(ulimit -n) - 200 ))
  echo "open file limit $(ulimit -n): idle-connections opens $CONNECTIONS" >&2
fi

WORK=$(mktemp -d /tmp/fountain-compare.XXXXXX)
# Run copies, so that a rebuild during the run cannot change or break what is measured.
cp "$FOUNTAIN_JAR" "$WORK/fountain-broker.jar"
cp "$GENERATOR_JAR" "$WORK/fountain-bench.jar"
BROKER_PID=""
GENERATOR_PID=""
stop_broker() {
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_PID=""
}
cleanup() {
  if [ -n "$GENERATOR_PID" ]; then kill -TERM "$GENERATOR_PID" 2>/dev/null || true; fi
  stop_broker
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.log "$WORK"/*.conf "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One configuration for both brokers. max_queued_messages is far above what the generator's
# end-to-end window (1,000 messages per publisher, 8 publishers at most) can leave queued, so the
# window bounds the queues, not a drop; max_inflight_messages is Mosquitto's default.
cat > "$WORK/broker.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
max_inflight_messages 20
max_queued_messages 100000
max_queued_bytes 0
max_connections -1
log_type none
log_dest none
EOF

start_broker() {
  case "$1" in
    # The GC log tells a pause from a broker stall when a latency tail looks wrong (--keep DIR).
    fountain) taskset -c 0 java $FOUNTAIN_JAVA_OPTS -Xlog:gc:file="$WORK/gc-$2.log" -jar "$WORK/fountain-broker.jar" \
                -c "$WORK/broker.conf" >"$WORK/broker.log" 2>&1 & ;;
    mosquitto) taskset -c 0 "$MOSQUITTO" -c "$WORK/broker.conf" >"$WORK/broker.log" 2>&1 & ;;
  esac
  BROKER_PID=$!
  for _ in $(seq 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then return 0; fi
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "$1 did not start listening on $PORT:" >&2; cat "$WORK/broker.log" >&2; return 1
}

# id | generator arguments
SCENARIOS="fan-in-q0|fan-in --qos 0
fan-in-q1|fan-in --qos 1
fan-in-q2|fan-in --qos 2
fan-out-q0|fan-out --qos 0
fan-out-q1|fan-out --qos 1
latency|latency
idle|idle-connections --connections $CONNECTIONS
storm|reconnect-storm --connections $CONNECTIONS
subscriptions|subscriptions --filters $FILTERS"

RESULTS=$WORK/results.txt
: > "$RESULTS"
run_one() { # broker round id args...
  local broker=$1 round=$2 id=$3; shift 3
  start_broker "$broker" "$round-$id" || { echo "$broker $round $id error=1" >> "$RESULTS"; return; }
  timeout 120 taskset -c 1 java $GENERATOR_JAVA_OPTS -jar "$WORK/fountain-bench.jar" "$@" --port "$PORT" \
    --broker-pid "$BROKER_PID" --warmup "$WARMUP" --duration "$DURATION" --settle "$SETTLE" \
    >"$WORK/run.out" 2>>"$WORK/generator.log" &
  GENERATOR_PID=$!
  wait "$GENERATOR_PID" || true
  GENERATOR_PID=""
  stop_broker
  local result
  result=$(grep '^RESULT ' "$WORK/run.out" | tail -1 | cut -d' ' -f2-)
  printf '  %-9s %s\n' "$broker" "$(grep -v '^RESULT ' "$WORK/run.out" | tail -1)" >&2
  echo "$broker $round $id ${result:-error=1}" >> "$RESULTS"
}

START=$(date +%s)
for round in $(seq "$ROUNDS"); do
  while IFS='|' read -r id args; do
    if [ -n "$ONLY" ] && ! printf ' %s ' "$ONLY" | grep -q " $id "; then continue; fi
    echo "round $round/$ROUNDS: $id" >&2
    # Alternate which broker goes first, so neither always runs on a machine the other warmed.
    if [ $((round % 2)) -eq 1 ]; then order="mosquitto fountain"; else order="fountain mosquitto"; fi
    for broker in $order; do
      # shellcheck disable=SC2086
      run_one "$broker" "$round" "$id" $args
    done
  done <<< "$SCENARIOS"
done
ELAPSED=$(( $(date +%s) - START ))

echo
echo "$(java -jar "$WORK/fountain-broker.jar" -h | head -1) vs $("$MOSQUITTO" -h 2>/dev/null | head -1)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p'))," \
  "$(java -version 2>&1 | head -1)"
echo "rounds $ROUNDS, warm-up ${WARMUP}s, measured ${DURATION}s, 64-byte payloads, MQTT 3.1.1;" \
  "broker on core 0, generator on core 1; Fountain JVM: $FOUNTAIN_JAVA_OPTS; took ${ELAPSED}s"
echo "other load: what else the machine ran in each run's window (cpu_other, % of one core), median"
echo
# id | RESULT key | label | unit
awk -v rows="fan-in-q0|rate|fan-in 8 -> 1, QoS 0|msg/s
fan-in-q1|rate|fan-in 8 -> 1, QoS 1 (16 in flight)|msg/s
fan-in-q2|rate|fan-in 8 -> 1, QoS 2 (16 in flight)|msg/s
fan-out-q0|rate|fan-out 1 -> 100, QoS 0|deliveries/s
fan-out-q1|rate|fan-out 1 -> 100, QoS 1|deliveries/s
latency|p50_us|latency at 5,000 msg/s QoS 1, p50|us
latency|p99_us|latency, p99|us
latency|p999_us|latency, p99.9|us
idle|rss_per_conn_kib|$CONNECTIONS idle connections: RSS per connection|KiB
idle|connects_per_s|idle connections: connects/s|1/s
idle|broker_cpu_s_per_10k_connects|idle connections: broker CPU per 10,000 connects|s
storm|storm_ms|reconnect storm, $CONNECTIONS persistent sessions: first reconnect to all back|ms
storm|storm_broker_cpu_s|reconnect storm: broker CPU|s
storm|resume_p99_ms|reconnect storm: one client's reconnect to back, p99|ms
storm|sessions_lost|reconnect storm: sessions lost (resubscribed)|clients
subscriptions|rss_per_sub_b|$FILTERS filters over 1,000 clients: RSS per subscription|B
subscriptions|subscribes_per_s|subscriptions: SUBSCRIBE rate|subscriptions/s
subscriptions|broker_cpu_s_per_100k_subs|subscriptions: broker CPU per 100,000 subscriptions|s
subscriptions|rate|subscriptions: delivery rate|deliveries/s" '
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (n % 2) ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}
function correctness(id, broker,    k, keys, text) {
  split("loss dup ooo misrouted unacked disconnected error", keys, " ")
  text = ""
  for (k = 1; k <= 7; k++) if (sums[id, broker, keys[k]] > 0) text = text " " keys[k] "=" sums[id, broker, keys[k]]
  return text == "" ? " ok" : text
}
function shown(x) { return x == "" ? "-" : (x >= 100 ? sprintf("%.0f", x) : (x == int(x) ? x : sprintf("%.2f", x))) }
{
  broker = $1; id = $3; ran[id] = 1
  for (i = 4; i <= NF; i++) {
    eq = index($i, "="); key = substr($i, 1, eq - 1); value = substr($i, eq + 1)
    if (key ~ /^(rate|p50_us|p99_us|p999_us|rss_per_conn_kib|connects_per_s|broker_cpu_s_per_10k_connects|storm_ms|storm_broker_cpu_s|resume_p99_ms|sessions_lost|rss_per_sub_b|subscribes_per_s|broker_cpu_s_per_100k_subs|cpu_other)$/)
      values[id, broker, key] = values[id, broker, key] " " value
    if (key ~ /^(loss|dup|ooo|misrouted|unacked|disconnected|error)$/) sums[id, broker, key] += value
  }
}
END {
  print "| scenario | Mosquitto | Fountain | Fountain / Mosquitto | unit | correctness Mosquitto / Fountain | other load % Mosquitto / Fountain |"
  print "|---|---|---|---|---|---|---|"
  n = split(rows, row, "\n")
  for (r = 1; r <= n; r++) {
    split(row[r], f, "|")
    if (!(f[1] in ran)) continue
    m = median(values[f[1], "mosquitto", f[2]]); ft = median(values[f[1], "fountain", f[2]])
    ratio = (m != "" && ft != "" && m > 0) ? sprintf("%.2f", ft / m) : "-"
    print "| " f[3] " | " shown(m) " | " shown(ft) " | " ratio " | " f[4] " |" correctness(f[1], "mosquitto") " /" \
      correctness(f[1], "fountain") " | " shown(median(values[f[1], "mosquitto", "cpu_other"])) " / " \
      shown(median(values[f[1], "fountain", "cpu_other"])) " |"
  }
}' "$RESULTS"
echo
echo "Medians over $ROUNDS rounds; correctness counters are summed over all rounds (ok = all zero)."
