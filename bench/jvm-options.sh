#!/usr/bin/env bash
# The standalone broker's JVM options, chosen by measurement (issue 17): Fountain alone, one fresh
# broker per run on core 0 and the load generator on core 1 as in compare.sh, every option set in
# turn for each scenario (the order rotates each round), for several rounds; then a table of
# medians, with ratios to the first set.
#
#   bench/jvm-options.sh [--rounds N] [--quick] [--duration S] [--only 'fan-in-q1 latency idle'] [--sets 'a b']
#                        [--keep DIR]
#   bench/jvm-options.sh --report DIR/results.txt [--only ...] [--sets ...]   the table of a kept run again
#
# Build first: mvn -q package -DskipTests -pl broker,bench -am. Loopback port 18840 (PORT=...).
# Besides the generator's figures it reads, per run, the broker's peak RSS (VmHWM) just before it
# stops, its CPU seconds, and its young and full collections from its GC log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOUNTAIN_JAR=$ROOT/broker/target/fountain-broker.jar
GENERATOR_JAR=$ROOT/bench/target/fountain-bench.jar
PORT=${PORT:-18840}
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}

# name | JVM options. The first is the baseline of the ratios (compare.sh's flags until issue 17).
# Leak detection is off in every set (the broker's Main turns it off unless told otherwise).
ALL_SETS="parallel-1g|-Xms1g -Xmx1g -XX:+UseParallelGC
jvm-default|
g1-1g|-Xms1g -Xmx1g -XX:+UseG1GC
serial-1g|-Xms1g -Xmx1g -XX:+UseSerialGC
parallel-1g-young64m|-Xms1g -Xmx1g -Xmn64m -XX:+UseParallelGC
parallel-256m|-Xms256m -Xmx256m -XX:+UseParallelGC
serial-256m|-Xms256m -Xmx256m -XX:+UseSerialGC
serial-512m|-Xms512m -Xmx512m -XX:+UseSerialGC
parallel-512m|-Xms512m -Xmx512m -XX:+UseParallelGC
serial-64m-1g|-Xms64m -Xmx1g -XX:+UseSerialGC
parallel-64m-1g|-Xms64m -Xmx1g -XX:+UseParallelGC
serial-1g-young32m|-Xms1g -Xmx1g -Xmn32m -XX:+UseSerialGC
parallel-1g-young32m|-Xms1g -Xmx1g -Xmn32m -XX:+UseParallelGC
shipped-until-2026-12-03|-Xms64m -Xmx1g -XX:+UseSerialGC -XX:MaxDirectMemorySize=1g -XX:+ExitOnOutOfMemoryError -Dio.netty.leakDetection.level=disabled
shipped|-Xms64m -Xmx1g -XX:+UseSerialGC -XX:MaxDirectMemorySize=1g -XX:TrimNativeHeapInterval=1000 -XX:+ExitOnOutOfMemoryError -Dio.netty.leakDetection.level=disabled"
ALL_SETS=${JVM_SETS:-$ALL_SETS}

ROUNDS=2
WARMUP=3
DURATION=8
SETTLE=2
CONNECTIONS=10000
ONLY="fan-in-q1 latency idle"
SETS=""
KEEP=""
REPORT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --quick) ROUNDS=1; WARMUP=1; DURATION=1; SETTLE=1; CONNECTIONS=2000; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --sets) SETS=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --report) REPORT=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -z "$REPORT" ]; then
for f in "$FOUNTAIN_JAR" "$GENERATOR_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q package -DskipTests -pl broker,bench -am' first" >&2; exit 2; }
done
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONNECTIONS + 200)) ]; then
  CONNECTIONS=$(( $(ulimit -n) - 200 ))
fi

CHOSEN=""
while IFS='|' read -r name opts; do
  if [ -z "$SETS" ] || printf ' %s ' "$SETS" | grep -q " $name "; then CHOSEN="$CHOSEN$name|$opts"$'\n'; fi
done <<< "$ALL_SETS"
[ -n "$CHOSEN" ] || { echo "no option set named in --sets '$SETS'" >&2; exit 2; }
SET_COUNT=$(printf '%s' "$CHOSEN" | grep -c '|')

measure() {
WORK=$(mktemp -d /tmp/fountain-jvm-options.XXXXXX)
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
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -r "$WORK"/*.txt "$WORK"/gc "$WORK"/*.log "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/gc"

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

SCENARIOS="fan-in-q0|fan-in --qos 0
fan-in-q1|fan-in --qos 1
fan-out-q1|fan-out --qos 1
latency|latency
idle|idle-connections --connections $CONNECTIONS"

RESULTS=$WORK/results.txt
: > "$RESULTS"
run_one() { # set round id opts args...
  local set=$1 round=$2 id=$3 opts=$4; shift 4
  local gclog="$WORK/gc/$set-$round-$id.log"
  # shellcheck disable=SC2086
  taskset -c 0 java $opts -Xlog:gc:file="$gclog" -jar "$WORK/fountain-broker.jar" -c "$WORK/broker.conf" \
    >"$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  local up=""
  for _ in $(seq 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then up=1; break; fi
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$up" ]; then cat "$WORK/broker.log" >&2; stop_broker; echo "$set $round $id error=1" >> "$RESULTS"; return; fi
  timeout $((DURATION + 120)) taskset -c 1 java $GENERATOR_JAVA_OPTS -jar "$WORK/fountain-bench.jar" "$@" --port "$PORT" \
    --broker-pid "$BROKER_PID" --warmup "$WARMUP" --duration "$DURATION" --settle "$SETTLE" \
    >"$WORK/run.out" 2>>"$WORK/generator.log" &
  GENERATOR_PID=$!
  wait "$GENERATOR_PID" || true
  GENERATOR_PID=""
  local hwm cpu ticks
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BROKER_PID/status" 2>/dev/null || echo 0)
  ticks=$(getconf CLK_TCK)
  cpu=$(awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$BROKER_PID/stat" 2>/dev/null || echo 0)
  stop_broker
  # "GC(3) Pause Young (Allocation Failure) 66M->5M(245M) 3.456ms"
  local gc
  gc=$(awk '/Pause Young/ { y++; ym += $NF + 0 } /Pause Full/ { f++; fm += $NF + 0 }
            END { printf "young=%d young_ms=%.1f full=%d full_ms=%.1f", y, ym, f, fm }' "$gclog")
  local result
  result=$(grep '^RESULT ' "$WORK/run.out" | tail -1 | cut -d' ' -f2-)
  printf '  %-22s %s\n' "$set" "$(grep -v '^RESULT ' "$WORK/run.out" | tail -1)" >&2
  # Broker CPU per message sent (start-up and warm-up included, the same for every set): less
  # disturbed than the rate when other work on the machine takes the generator's core.
  local sent cpu_us
  sent=$(printf '%s\n' "$result" | tr ' ' '\n' | sed -n 's/^sent=//p')
  cpu_us=$(awk -v c="$cpu" -v n="${sent:-0}" 'BEGIN { if (n > 0) printf "%.2f", c * 1e6 / n; else print "" }')
  echo "$set $round $id ${result:-error=1} peak_rss_mib=$((hwm / 1024)) cpu_s=$cpu ${cpu_us:+cpu_us_per_msg=$cpu_us }$gc" >> "$RESULTS"
}

START=$(date +%s)
for round in $(seq "$ROUNDS"); do
  while IFS='|' read -r id args; do
    if ! printf ' %s ' "$ONLY" | grep -q " $id "; then continue; fi
    echo "round $round/$ROUNDS: $id ($(cut -d' ' -f1-3 /proc/loadavg) load)" >&2
    # Rotate the order by round, so no set always runs first (or right after another).
    shift_by=$(( (round - 1) % SET_COUNT ))
    ordered=$( { printf '%s' "$CHOSEN" | tail -n +$((shift_by + 1)); printf '%s' "$CHOSEN" | head -n "$shift_by"; } )
    while IFS='|' read -r set opts; do
      [ -n "$set" ] || continue
      # shellcheck disable=SC2086
      run_one "$set" "$round" "$id" "$opts" $args </dev/null
    done <<< "$ordered"
  done <<< "$SCENARIOS"
done
ELAPSED=$(( $(date +%s) - START ))
}

if [ -n "$REPORT" ]; then
  RESULTS=$REPORT
  ELAPSED="?"
else
  measure
fi

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1); rounds $ROUNDS," \
  "warm-up ${WARMUP}s, measured ${DURATION}s; broker on core 0, generator on core 1; took ${ELAPSED}s," \
  "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%s' "$CHOSEN" | awk -F'|' '{ printf "- `%s`: `%s`\n", $1, ($2 == "" ? "(no options)" : $2) }'
echo
awk -v sets="$(printf '%s' "$CHOSEN" | cut -d'|' -f1 | tr '\n' ' ')" -v only=" $ONLY " '
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (n % 2) ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}
function cell(s, id, key, fmt,    m, b) {
  m = median(values[s, id, key]); b = median(values[first, id, key])
  if (m == "") return "-"
  return sprintf(fmt, m) ((s != first && b != "" && b > 0) ? sprintf(" (%.2f)", m / b) : "")
}
{
  s = $1; id = $3
  for (i = 4; i <= NF; i++) {
    eq = index($i, "="); key = substr($i, 1, eq - 1); value = substr($i, eq + 1)
    values[s, id, key] = values[s, id, key] " " value
    if (key ~ /^(loss|dup|ooo|misrouted|unacked|disconnected|error)$/) bad[s] += value
  }
}
END {
  n = split(sets, names, " "); first = names[1]
  header = "| options |"; rule = "|---|"
  for (q = 0; q <= 1; q++) if (only ~ (" fan-in-q" q " ")) {
    header = header " fan-in QoS " q " msg/s | broker CPU us/msg | peak RSS MiB | young GCs, ms | full GCs, ms |"; rule = rule "---|---|---|---|---|"
  }
  if (only ~ / fan-out-q1 /) { header = header " fan-out QoS 1 deliveries/s |"; rule = rule "---|" }
  if (only ~ / latency /) { header = header " latency p50 / p99 / p99.9 us | generator send lag p99 us |"; rule = rule "---|---|" }
  if (only ~ / idle /) { header = header " RSS per idle connection KiB | peak RSS MiB |"; rule = rule "---|---|" }
  print header " correctness |"; print rule "---|"
  for (k = 1; k <= n; k++) {
    s = names[k]; line = "| `" s "` |"
    for (q = 0; q <= 1; q++) if (only ~ (" fan-in-q" q " ")) {
      id = "fan-in-q" q
      line = line " " cell(s, id, "rate", "%.0f") " | " cell(s, id, "cpu_us_per_msg", "%.2f") " | " cell(s, id, "peak_rss_mib", "%.0f") \
        " | " cell(s, id, "young", "%.0f") ", " cell(s, id, "young_ms", "%.0f") " | " cell(s, id, "full", "%.0f") ", " cell(s, id, "full_ms", "%.0f") " |"
    }
    if (only ~ / fan-out-q1 /) line = line " " cell(s, "fan-out-q1", "rate", "%.0f") " |"
    if (only ~ / latency /) line = line " " cell(s, "latency", "p50_us", "%.1f") " / " cell(s, "latency", "p99_us", "%.0f") " / " \
      cell(s, "latency", "p999_us", "%.0f") " | " cell(s, "latency", "send_lag_p99_us", "%.0f") " |"
    if (only ~ / idle /) line = line " " cell(s, "idle", "rss_per_conn_kib", "%.2f") " | " cell(s, "idle", "peak_rss_mib", "%.0f") " |"
    print line " " (bad[s] > 0 ? "counters " bad[s] : "ok") " |"
  }
}' "$RESULTS"
echo
echo "Medians over $ROUNDS rounds; (x) is the ratio to \`$(printf '%s' "$CHOSEN" | head -1 | cut -d'|' -f1)\`."
