#!/usr/bin/env bash
# Messages one application handler takes per second (issue 12, informational): a Fountain application
# with one trivial handler, fed by 8 publishers of the load generator, in each setup, at QoS 0 and 1:
#   embedded          the application's own broker; app, broker and generator in one JVM on cores 0-1
#   embedded-1core    the same JVM on core 1 only, the core the client setups give app and generator
#   mosquitto         client mode (fountain.broker.url) of Mosquitto on core 0; app + generator on core 1
#   fountain          client mode of Fountain's standalone broker on core 0; app + generator on core 1
# Each run has its broker fresh; then a table of rates, embedded / this, correctness counters and CPU.
#
#   bench/handlers.sh [--rounds N] [--quick] [--only 'embedded mosquitto ...'] [--qos '0 1']
#                     [--window N] [--control] [--keep DIR]
#
# Build first: mvn -q -o -pl bench -am package -DskipTests (broker/target/fountain-broker.jar,
# bench/target/benchmarks.jar). Needs /usr/sbin/mosquitto (apt-get install mosquitto) and taskset;
# loopback only, on a free port (PORT=... to choose). Exit status 1 when a QoS 1 run lost, duplicated,
# reordered or misrouted a message, or a QoS 0 run did anything but lose (reported); 2 when a run failed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOUNTAIN_JAR=$ROOT/broker/target/fountain-broker.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
# Zero is no limit: the end-to-end window (8 publishers x --window) bounds every queue. Mosquitto
# 2.0.11 drops QoS 1 messages under any finite limit tried here (1,000 to 100,000), though at most
# 800 are unreceived at a time: bench/README.md, "Handler throughput".
MAX_QUEUED=${MAX_QUEUED:-0}
MOSQUITTO_CONF_EXTRA=${MOSQUITTO_CONF_EXTRA:-}
# The JVMs as compare.sh has them (bench/README.md says why); the application's holds the generator too.
FOUNTAIN_JAVA_OPTS=${FOUNTAIN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}

ROUNDS=1
# One JVM holds broker, runtime, HiveMQ's client and the generator: its rate still climbs for about
# 10 s after start while the JIT compiles (on the JVM's one core in client mode), so the warm-up is
# longer than compare.sh's.
WARMUP=12
DURATION=8
WINDOW=100
QOS_LEVELS="0 1"
ONLY=""
CONTROL=false
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --quick) WARMUP=3; DURATION=3; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --qos) QOS_LEVELS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --control) CONTROL=true; shift ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

for f in "$FOUNTAIN_JAR" "$BENCH_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q -o -pl bench -am package -DskipTests' first" >&2; exit 2; }
done
[ -x "$MOSQUITTO" ] || { echo "missing $MOSQUITTO: apt-get install mosquitto" >&2; exit 2; }
# "mosquitto version 2.0.11" (-h exits with status 3)
MOSQUITTO_VERSION=$("$MOSQUITTO" -h 2>/dev/null | head -1 || true)

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${PORT:-}" ]; then
  for candidate in $(seq 18960 19060); do
    if ! listening "$candidate" && ! ss -Hltn "sport = :$candidate" 2>/dev/null | grep -q .; then
      PORT=$candidate; break
    fi
  done
  [ -n "${PORT:-}" ] || { echo "no free loopback port in 18960-19060: set PORT" >&2; exit 2; }
fi

WORK=$(mktemp -d /tmp/fountain-handlers.XXXXXX)
# Run copies, so that a rebuild during the run cannot change or break what is measured.
cp "$FOUNTAIN_JAR" "$WORK/fountain-broker.jar"
cp "$BENCH_JAR" "$WORK/benchmarks.jar"
BROKER_PID=""
APP_PID=""
stop_pid() {
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop_pid "$APP_PID"
  stop_pid "$BROKER_PID"
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.log "$WORK"/*.conf "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One configuration for the three brokers (the embedded one reads it too). Notices go to the log,
# so a broker that drops for a client says so; they are rare lines, not one per message.
cat > "$WORK/broker.conf" <<EOF
listener $PORT 127.0.0.1
allow_anonymous true
max_queued_messages $MAX_QUEUED
max_queued_bytes 0
max_connections -1
log_type error
log_type warning
log_type notice
log_dest stderr
EOF
cp "$WORK/broker.conf" "$WORK/mosquitto.conf"
if [ -n "$MOSQUITTO_CONF_EXTRA" ]; then printf '%s\n' "$MOSQUITTO_CONF_EXTRA" >> "$WORK/mosquitto.conf"; fi

start_broker() { # setup log
  case "$1" in
    mosquitto) taskset -c 0 "$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$2" 2>&1 & ;;
    fountain) taskset -c 0 java $FOUNTAIN_JAVA_OPTS -jar "$WORK/fountain-broker.jar" -c "$WORK/broker.conf" >"$2" 2>&1 & ;;
  esac
  BROKER_PID=$!
  for _ in $(seq 100); do
    if listening "$PORT"; then return 0; fi
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "$1 did not start listening on $PORT:" >&2; cat "$2" >&2; return 1
}

# id | cores of the application's JVM | label | placement
# (the application's JVM holds the generator too)
SETUPS="embedded|0,1|embedded|JVM on cores 0-1
embedded-1core|1|embedded, one core|JVM on core 1, core 0 idle
mosquitto|1|client of $(sed 's/ version / /; s/^m/M/' <<< "$MOSQUITTO_VERSION")|broker core 0, JVM core 1
fountain|1|client of Fountain's broker|broker core 0, JVM core 1"

# What the logs say happened besides the counters: pattern | note
NOTES="QoS 0 publish message dropped|QoS 0 dropped by HiveMQ's client (lines)
than allowed by receive maximum|PUBLISH over the client's Receive Maximum (lines)
reconnected to|route reconnected
messages are dropped until it catches up|QoS 0 drop episodes at the handler queue
is slow:|handler queue full episodes
being dropped for client|broker dropping for a client"

notes_for() { # log files...
  local text="" pattern label count
  while IFS='|' read -r pattern label; do
    count=$(cat "$@" 2>/dev/null | grep -c -- "$pattern" || true)
    if [ "${count:-0}" -gt 0 ]; then text="$text${text:+; }$label: $count"; fi
  done <<< "$NOTES"
  echo "${text:--}"
}

RESULTS=$WORK/results.txt
: > "$RESULTS"
run_one() { # setup cores qos round
  local setup=$1 cores=$2 qos=$3 round=$4 tag="$1-q$3-r$4" app broker_args=() extra=()
  BROKER_PID=""
  if [ "$setup" = mosquitto ] || [ "$setup" = fountain ]; then
    start_broker "$setup" "$WORK/broker-$tag.log" || { echo "$setup $qos $round error=1" >> "$RESULTS"; return; }
    app=client
    broker_args=(--broker-pid "$BROKER_PID")
  else
    app=embedded
    broker_args=(--config "$WORK/broker.conf")
  fi
  if [ "$CONTROL" = true ]; then extra=(--control true); fi
  # shellcheck disable=SC2086
  taskset -c "$cores" timeout 90 java $APP_JAVA_OPTS -cp "$WORK/benchmarks.jar" dev.fountain.bench.HandlerBench \
    --app "$app" --port "$PORT" "${broker_args[@]}" "${extra[@]}" --qos "$qos" --window "$WINDOW" \
    --warmup "$WARMUP" --duration "$DURATION" >"$WORK/run-$tag.txt" 2>"$WORK/app-$tag.log" &
  APP_PID=$!
  wait "$APP_PID" || true
  APP_PID=""
  stop_pid "$BROKER_PID"
  BROKER_PID=""
  local result notes
  result=$(grep '^RESULT ' "$WORK/run-$tag.txt" | tail -1 | cut -d' ' -f2-)
  notes=$(notes_for "$WORK/app-$tag.log" "$WORK/broker-$tag.log")
  printf '  %s\n' "$(grep -v '^RESULT ' "$WORK/run-$tag.txt" | tail -1)" >&2
  grep -h '^missing per stream' "$WORK/app-$tag.log" >&2 || true
  echo "$setup $qos $round ${result:-error=1} notes=${notes// /_}" >> "$RESULTS"
}

START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
  while IFS='|' read -r id cores label placement; do
    if [ -n "$ONLY" ] && ! printf ' %s ' "$ONLY" | grep -q " $id "; then continue; fi
    for qos in $QOS_LEVELS; do
      echo "round $round/$ROUNDS: $id, QoS $qos" >&2
      run_one "$id" "$cores" "$qos" "$round"
    done
  done <<< "$SETUPS"
done
ELAPSED=$(( $(date +%s) - START ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "$(java -jar "$WORK/fountain-broker.jar" -h | head -1 || true), $MOSQUITTO_VERSION," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(java -version 2>&1 | head -1)"
echo "rounds $ROUNDS, warm-up ${WARMUP}s, measured ${DURATION}s, 8 publishers x $WINDOW-message window, 64-byte" \
  "payloads, max_queued_messages $MAX_QUEUED; app JVM: $APP_JAVA_OPTS; took ${ELAPSED}s;" \
  "load average before $LOAD_BEFORE, after $LOAD_AFTER"
echo
awk -v setups="$SETUPS" -v levels="$QOS_LEVELS" '
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (n % 2) ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}
function thousands(x,    s, r) {
  s = sprintf("%.0f", x); r = ""
  while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
  return s r
}
function cpu(id, q, key,    m) { m = median(values[id, q, key]); return (m == "" || m < 0) ? "-" : sprintf("%.0f", m) }
{
  id = $1; q = $2; runs[id, q]++
  for (i = 4; i <= NF; i++) {
    eq = index($i, "="); key = substr($i, 1, eq - 1); value = substr($i, eq + 1)
    if (key ~ /^(rate|cpu_app|cpu_generator|cpu_broker|cpu_other)$/) values[id, q, key] = values[id, q, key] " " value
    if (key ~ /^(loss|dup|ooo|misrouted|unacked|disconnected|error)$/) sums[id, q, key] += value
    if (key == "notes" && value != "-") notes[id, q] = notes[id, q] (notes[id, q] == "" ? "" : " / ") value
  }
}
END {
  print "| setup | placement | QoS | handled msg/s | embedded / this | loss | dup | other counters | CPU % app / generator / broker / others | from the logs |"
  print "|---|---|---|---|---|---|---|---|---|---|"
  n = split(setups, row, "\n"); nq = split(levels, qs, " ")
  for (k = 1; k <= nq; k++) {
    q = qs[k]; base = median(values["embedded", q, "rate"])
    for (r = 1; r <= n; r++) {
      split(row[r], f, "|"); id = f[1]
      if (!((id, q) in runs)) continue
      rate = median(values[id, q, "rate"])
      ratio = (base != "" && rate != "" && rate > 0) ? sprintf("%.2f", base / rate) : "-"
      other = ""
      split("ooo misrouted unacked disconnected error", keys, " ")
      for (j = 1; j <= 5; j++) if (sums[id, q, keys[j]] > 0) other = other (other == "" ? "" : " ") keys[j] "=" sums[id, q, keys[j]]
      note = notes[id, q]; gsub(/_/, " ", note)
      printf "| %s | %s | %s | %s | %s | %d | %d | %s | %s / %s / %s / %s | %s |\n", f[3], f[4], q,
        rate == "" ? "-" : thousands(rate), ratio, sums[id, q, "loss"], sums[id, q, "dup"], other == "" ? "0" : other,
        cpu(id, q, "cpu_app"), cpu(id, q, "cpu_generator"), cpu(id, q, "cpu_broker"), cpu(id, q, "cpu_other"),
        note == "" ? "-" : note
    }
  }
}' "$RESULTS"
echo
echo "JVM: the application and the load generator in one process. Medians over $ROUNDS round(s) of rates and CPU"
echo "(percent of one core over the measured window; app is the JVM but the generator's thread: handler, runtime,"
echo "JIT, GC, and the embedded broker where there is one; others is the rest of the machine's busy time: other"
echo "processes and the hypervisor's steal); counters summed. QoS 0 loss is reported, not failed: QoS 0 may drop by design."

# Correctness: any counter at QoS 1 and above, anything but loss at QoS 0; a run without a result.
awk '{
  for (i = 4; i <= NF; i++) {
    eq = index($i, "="); key = substr($i, 1, eq - 1); value = substr($i, eq + 1) + 0
    if (key == "error" && value > 0) failed = 2
    if (key ~ /^(loss|dup|ooo|misrouted|unacked|disconnected)$/ && value > 0 && ($2 > 0 || key != "loss") && failed < 1) failed = 1
  }
} END { exit failed }' "$RESULTS"
