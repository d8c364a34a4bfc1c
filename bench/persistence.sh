#!/usr/bin/env bash
# What durability costs (issue 14): Fountain with persistence off, persistence_sync none, interval
# and always, beside Mosquitto 2.0 with persistence true, each broker fresh for every run on core 0,
# the generator on core 1, every store on the real disk. Three tables:
#   throughput  fan-in 8 -> 1 at QoS 1 and 2, every session persistent (so every message is journaled)
#   latency     QoS 1 at 5,000 msg/s with persistence_sync always, with compactions forced during the
#               measured window (autosave_on_changes) and without, over a store of retained messages
#   restart     100,000 messages queued for an offline subscriber and 10,000 retained: crash (SIGKILL)
#               or stop (SIGTERM), restart, time to the restored line and to a CONNACK, store size,
#               and a count of what comes back
#
#   bench/persistence.sh [--rounds N] [--quick] [--only 'throughput latency restart'] [--keep DIR]
#
# Build first: mvn -q package -DskipTests -pl broker,bench -am. Needs /usr/sbin/mosquitto and taskset.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FOUNTAIN_JAR=$ROOT/broker/target/fountain-broker.jar
GENERATOR_JAR=$ROOT/bench/target/fountain-bench.jar
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
PORT=${PORT:-18833}
# As compare.sh, and bench/README.md says why.
FOUNTAIN_JAVA_OPTS=${FOUNTAIN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled}
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}

ROUNDS=3
WARMUP=3
DURATION=8
QUEUED=100000
RETAINED=10000
# Latency: the retained messages every snapshot rewrites (so a compaction has real work: about
# LATENCY_RETAINED x (LATENCY_RETAINED_PAYLOAD + 40) bytes), and how many changes between forced
# compactions. At 5,000 msg/s to one persistent QoS 1 subscriber the store journals about 10,000
# changes a second (the message owed, then its PUBACK), so 15,000 gives one about every 1.5 s.
LATENCY_RETAINED=20000
LATENCY_RETAINED_PAYLOAD=512
AUTOSAVE_CHANGES=15000
ONLY="throughput latency restart"
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --quick) ROUNDS=1; WARMUP=1; DURATION=2; QUEUED=10000; RETAINED=1000; LATENCY_RETAINED=2000
             AUTOSAVE_CHANGES=5000; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
wanted() { printf ' %s ' "$ONLY" | grep -q " $1 "; }

for f in "$FOUNTAIN_JAR" "$GENERATOR_JAR"; do
  [ -f "$f" ] || { echo "missing $f: run 'mvn -q package -DskipTests -pl broker,bench -am' first" >&2; exit 2; }
done
[ -x "$MOSQUITTO" ] || { echo "missing $MOSQUITTO: apt-get install mosquitto" >&2; exit 2; }

# The stores must be on a disk: on tmpfs an fsync costs nothing and persistence_sync always would
# measure as fast as none.
if [ "$(stat -f -c %T /tmp)" = tmpfs ]; then
  mkdir -p "$ROOT/bench/target"
  WORK=$(mktemp -d "$ROOT/bench/target/persistence.XXXXXX")
else
  WORK=$(mktemp -d /tmp/fountain-persistence.XXXXXX)
fi
STORE=$WORK/store
cp "$FOUNTAIN_JAR" "$WORK/fountain-broker.jar"
cp "$GENERATOR_JAR" "$WORK/fountain-bench.jar"
BROKER_PID=""
CHILD_PID=""
WATCHER_PID=""
stop_broker() { # [signal]: TERM (default) or KILL; sets STOP_MS, how long the broker took to exit
  local signal=${1:-TERM} start
  STOP_MS=0
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    start=${EPOCHREALTIME/./}
    kill -"$signal" "$BROKER_PID" 2>/dev/null || true
    # Mosquitto writes its whole database on the way out: give it time before the KILL.
    for _ in $(seq 600); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
    STOP_MS=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
  fi
  BROKER_PID=""
}
cleanup() {
  if [ -n "$WATCHER_PID" ]; then kill "$WATCHER_PID" 2>/dev/null || true; fi
  if [ -n "$CHILD_PID" ]; then kill -TERM "$CHILD_PID" 2>/dev/null || true; fi
  stop_broker
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.txt "$WORK"/*.log "$WORK"/*.conf "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# write_conf NAME VARIANT [extra lines]: VARIANT is off, none, interval, always (Fountain) or
# mosquitto. max_queued_* 0: nothing is dropped for a subscriber that is away (restart); during
# the rate runs the generator's window bounds the queues anyway.
write_conf() {
  local name=$1 variant=$2; shift 2
  {
    echo "listener $PORT 127.0.0.1"
    echo "allow_anonymous true"
    echo "max_inflight_messages 20"
    echo "max_queued_messages 0"
    echo "max_queued_bytes 0"
    echo "max_connections -1"
    echo "log_dest stdout"
    printf 'log_type %s\n' error warning notice
    case "$variant" in
      off) ;;
      mosquitto)
        echo "persistence true"
        echo "persistence_location $STORE/"
        # Run as root, Mosquitto would drop to the user mosquitto, who cannot write the store.
        if [ "$(id -u)" = 0 ]; then echo "user root"; fi ;;
      *)
        echo "persistence true"
        echo "persistence_location $STORE"
        echo "persistence_sync $variant" ;;
    esac
    for line in "$@"; do echo "$line"; done
  } > "$WORK/$name.conf"
}

start_broker() { # conf-name broker log
  rm -rf "$STORE" && mkdir -p "$STORE"
  launch_broker "$@"
  for _ in $(seq 300); do
    if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then return 0; fi
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "$2 did not start listening on $PORT:" >&2; cat "$3" >&2; return 1
}
launch_broker() { # conf-name broker log; the store stays as it is
  case "$2" in
    fountain) taskset -c 0 java $FOUNTAIN_JAVA_OPTS -jar "$WORK/fountain-broker.jar" -c "$WORK/$1.conf" >"$3" 2>&1 & ;;
    mosquitto) taskset -c 0 "$MOSQUITTO" -c "$WORK/$1.conf" >"$3" 2>&1 & ;;
  esac
  BROKER_PID=$!
}
broker_of() { if [ "$1" = mosquitto ]; then echo mosquitto; else echo fountain; fi; }

generator() { # seconds-limit args...: the generator (or Backlog) on core 1; its RESULT line on stdout
  local limit=$1; shift
  timeout "$limit" taskset -c 1 java $GENERATOR_JAVA_OPTS "$@" >"$WORK/run.out" 2>>"$WORK/generator.log" &
  CHILD_PID=$!
  wait "$CHILD_PID" || true
  CHILD_PID=""
  printf '    %s\n' "$(grep -v '^RESULT ' "$WORK/run.out" | tail -1)" >&2
  grep '^RESULT ' "$WORK/run.out" | tail -1 | cut -d' ' -f2-
}
backlog() { generator "$1" -cp "$WORK/fountain-bench.jar" dev.fountain.bench.Backlog "${@:2}" --port "$PORT"; }
store_bytes() { du -sb "$STORE" | cut -f1; }

RESULTS=$WORK/results.txt
: > "$RESULTS"
record() { echo "$*" >> "$RESULTS"; }

# ---- 1. throughput ---------------------------------------------------------------------------
VARIANTS="off none interval always mosquitto"
throughput() { # round
  local qos variant order result
  for qos in 1 2; do
    # Rotate who goes first, so that no variant always runs on a machine another one warmed.
    order=$(echo $VARIANTS | awk -v r="$1" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + r - 1) % NF + 1) }')
    for variant in $order; do
      echo "round $1/$ROUNDS: throughput QoS $qos, $variant" >&2
      write_conf "tp-$variant" "$variant"
      if ! start_broker "tp-$variant" "$(broker_of "$variant")" "$WORK/broker-tp-$variant-q$qos-$1.log"; then
        record "throughput $variant $qos $1 error=1"; continue
      fi
      result=$(generator 120 -jar "$WORK/fountain-bench.jar" fan-in --qos "$qos" --session persistent \
        --port "$PORT" --warmup "$WARMUP" --duration "$DURATION")
      stop_broker
      record "throughput $variant $qos $1 ${result:-error=1} store_bytes=$(store_bytes)"
    done
  done
}

# ---- 2. latency during compaction ------------------------------------------------------------
# Notes the first time each snapshot (and each snapshot being written, *.tmp) shows in the store,
# in wall-clock microseconds: the broker logs nothing per compaction.
watch_snapshots() { # out
  local seen=" " f name
  while :; do
    for f in "$STORE"/*.snapshot "$STORE"/*.snapshot.tmp; do
      [ -e "$f" ] || continue
      name=${f##*/}
      case "$seen" in *" $name "*) ;; *) seen="$seen$name "; echo "${EPOCHREALTIME/./} $name" >> "$1" ;; esac
    done
    sleep 0.02
  done
}
latency() { # round
  local setup variant result start end written longest
  for setup in off always always-compacting; do
    echo "round $1/$ROUNDS: latency, $setup" >&2
    case "$setup" in
      off) write_conf "lat-$setup" off ;;
      always) write_conf "lat-$setup" always ;;
      always-compacting) write_conf "lat-$setup" always "autosave_on_changes true" "autosave_interval $AUTOSAVE_CHANGES" ;;
    esac
    if ! start_broker "lat-$setup" fountain "$WORK/broker-lat-$setup-$1.log"; then
      record "latency $setup - $1 error=1"; continue
    fi
    backlog 300 fill --retained "$LATENCY_RETAINED" --retained-payload "$LATENCY_RETAINED_PAYLOAD" --queued 0 >/dev/null
    : > "$WORK/snapshots-$setup-$1.txt"
    watch_snapshots "$WORK/snapshots-$setup-$1.txt" &
    WATCHER_PID=$!
    result=$(generator 120 -jar "$WORK/fountain-bench.jar" latency --session persistent --port "$PORT" \
      --warmup "$WARMUP" --duration "$DURATION")
    kill "$WATCHER_PID" 2>/dev/null || true; wait "$WATCHER_PID" 2>/dev/null || true; WATCHER_PID=""
    stop_broker
    start=$(printf '%s\n' "$result" | tr ' ' '\n' | sed -n 's/^window_start_ms=//p')
    end=$(printf '%s\n' "$result" | tr ' ' '\n' | sed -n 's/^window_end_ms=//p')
    # Snapshots that appeared in the window, and the longest time from a .tmp to its snapshot (a
    # compaction's length, to within the 20 ms the watcher sleeps; 0 when none was caught writing).
    read -r written longest < <(awk -v s="${start:-0}" -v e="${end:-0}" '
      { t = $1 / 1000; name = $2
        if (name ~ /\.tmp$/) { sub(/\.tmp$/, "", name); began[name] = t; next }
        if (t >= s && t <= e) n++
        if (name in began && t - began[name] > longest) longest = t - began[name] }
      END { printf "%d %d\n", n, longest }' "$WORK/snapshots-$setup-$1.txt")
    record "latency $setup - $1 ${result:-error=1} snapshots=$written compaction_ms=$longest"
  done
}

# ---- 3. restart ------------------------------------------------------------------------------
restart() { # round
  local run broker signal fill result probe t0 restored
  for run in fountain-KILL fountain-TERM mosquitto-TERM; do
    broker=${run%-*}; signal=${run#*-}
    echo "round $1/$ROUNDS: restart, $broker stopped with SIG$signal" >&2
    if [ "$broker" = fountain ]; then write_conf "rs-$broker" interval; else write_conf "rs-$broker" mosquitto; fi
    if ! start_broker "rs-$broker" "$broker" "$WORK/broker-rs-$run-$1.log"; then
      record "restart $run - $1 error=1"; continue
    fi
    fill=$(backlog 600 fill --retained "$RETAINED" --queued "$QUEUED")
    stop_broker "$signal"
    local stop_ms=$STOP_MS bytes
    bytes=$(store_bytes)
    # The probe's JVM starts first and says so; then the clock starts and the broker with it.
    timeout 180 taskset -c 1 java -cp "$WORK/fountain-bench.jar" dev.fountain.bench.Backlog probe --port "$PORT" \
      --timeout 170 >"$WORK/probe.out" 2>"$WORK/probe.err" &
    CHILD_PID=$!
    for _ in $(seq 600); do grep -q probing "$WORK/probe.err" 2>/dev/null && break; sleep 0.01; done
    t0=${EPOCHREALTIME/./}
    launch_broker "rs-$broker" "$broker" "$WORK/broker-rs-$run-$1-restarted.log"
    wait "$CHILD_PID" || true
    CHILD_PID=""
    probe=$(sed -n 's/^RESULT .*connack_ms=\([0-9]*\).*/\1/p' "$WORK/probe.out")
    restored=$(sed -n 's/.*Restored .* in \([0-9]*\) ms.*/\1/p' "$WORK/broker-rs-$run-$1-restarted.log" | head -1)
    result=$(backlog 600 drain --retained "$RETAINED" --queued "$QUEUED")
    stop_broker
    record "restart $run - $1 ${result:-error=1} fill_s=$(printf '%s\n' "$fill" | tr ' ' '\n' | sed -n 's/^fill_s=//p')" \
      "stop_ms=$stop_ms store_bytes=$bytes restored_ms=${restored:--}" \
      "connack_ms=$([ -n "$probe" ] && echo $(( probe - t0 / 1000 )) || echo -)"
  done
}

echo "load before: $(uptime)" >&2
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
for round in $(seq "$ROUNDS"); do
  if wanted throughput; then throughput "$round"; fi
  if wanted latency; then latency "$round"; fi
  if wanted restart; then restart "$round"; fi
done
ELAPSED=$(( $(date +%s) - START ))

echo
echo "$(java -jar "$WORK/fountain-broker.jar" -h 2>/dev/null | head -1) vs $("$MOSQUITTO" -h 2>/dev/null | head -1)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p'))," \
  "$(java -version 2>&1 | head -1); stores in $(dirname "$WORK") ($(stat -f -c %T "$WORK"))"
echo "rounds $ROUNDS, warm-up ${WARMUP}s, measured ${DURATION}s, 64-byte payloads, MQTT 3.1.1, persistent sessions;" \
  "broker on core 0, generator on core 1; Fountain JVM: $FOUNTAIN_JAVA_OPTS; took ${ELAPSED}s;" \
  "load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"

AWK_LIB='
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (n % 2) ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}
function shown(x) { return x == "" ? "-" : (x >= 100 ? sprintf("%.0f", x) : sprintf("%.2f", x)) }
function correctness(k,    c, keys, text) {
  split("loss dup ooo misrouted unacked disconnected error", keys, " ")
  text = ""
  for (c = 1; c <= 7; c++) if (sums[k, keys[c]] > 0) text = text " " keys[c] "=" sums[k, keys[c]]
  return text == "" ? "ok" : substr(text, 2)
}
# fields: table variant qos round key=value...; values[table, variant, qos, key] lists every round
{
  k = $1 SUBSEP $2 SUBSEP $3
  seen[k] = 1
  for (i = 5; i <= NF; i++) {
    eq = index($i, "="); key = substr($i, 1, eq - 1); value = substr($i, eq + 1)
    if (key ~ /^(loss|dup|ooo|misrouted|unacked|disconnected|error)$/) sums[k, key] += value
    if (value ~ /^[0-9.]+$/) values[k, key] = values[k, key] " " value
  }
}'

if wanted throughput; then
  echo
  echo "Throughput, fan-in 8 -> 1, every session persistent (CleanSession 0), 16 in flight per publisher:"
  echo
  awk "$AWK_LIB"'
  END {
    print "| QoS | broker | msg/s | / Mosquitto | / persistence off | store after the run (MB) | correctness |"
    print "|---|---|---|---|---|---|---|"
    split("off none interval always mosquitto", order, " ")
    split("Fountain, persistence off|Fountain, sync none|Fountain, sync interval|Fountain, sync always|Mosquitto, persistence true", label, "|")
    for (q = 1; q <= 2; q++) for (o = 1; o <= 5; o++) {
      k = "throughput" SUBSEP order[o] SUBSEP q
      if (!(k in seen)) continue
      r = median(values[k, "rate"])
      m = median(values["throughput" SUBSEP "mosquitto" SUBSEP q, "rate"])
      off = median(values["throughput" SUBSEP "off" SUBSEP q, "rate"])
      printf "| %d | %s | %s | %s | %s | %.1f | %s |\n", q, label[o], shown(r),
        (m > 0 && r != "" ? sprintf("%.2f", r / m) : "-"), (off > 0 && r != "" ? sprintf("%.2f", r / off) : "-"),
        median(values[k, "store_bytes"]) / 1e6, correctness(k)
    }
  }' "$RESULTS"
fi

if wanted latency; then
  echo
  echo "Latency, QoS 1 at 5,000 msg/s, one persistent publisher and subscriber, over a store of $LATENCY_RETAINED" \
    "retained messages of $LATENCY_RETAINED_PAYLOAD B (us):"
  echo
  awk "$AWK_LIB"'
  END {
    print "| Fountain | p50 | p99 | p99.9 | max | snapshots written in the window (each round) | longest compaction seen (ms) | generator send lag p99 | correctness |"
    print "|---|---|---|---|---|---|---|---|---|"
    split("off always always-compacting", order, " ")
    split("persistence off|sync always|sync always, autosave_on_changes every '"$AUTOSAVE_CHANGES"' changes", label, "|")
    for (o = 1; o <= 3; o++) {
      k = "latency" SUBSEP order[o] SUBSEP "-"
      if (!(k in seen)) continue
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label[o], shown(median(values[k, "p50_us"])),
        shown(median(values[k, "p99_us"])), shown(median(values[k, "p999_us"])), shown(median(values[k, "max_us"])),
        substr(values[k, "snapshots"], 2), shown(median(values[k, "compaction_ms"])),
        shown(median(values[k, "send_lag_p99_us"])), correctness(k)
    }
  }' "$RESULTS"
fi

if wanted restart; then
  echo
  echo "Restart with $QUEUED QoS 1 messages of 64 B queued for one offline persistent subscriber and $RETAINED" \
    "retained messages; Fountain with persistence_sync interval, Mosquitto with persistence true (it writes its" \
    "database only at autosave or shutdown, so only SIGTERM):"
  echo
  awk "$AWK_LIB"'
  END {
    print "| broker, stopped by | fill (s) | stop (ms) | store on disk (MB) | restored line (ms) | process start -> CONNACK (ms) | queued received | retained received | drain (s) | correctness |"
    print "|---|---|---|---|---|---|---|---|---|---|"
    split("fountain-KILL fountain-TERM mosquitto-TERM", order, " ")
    split("Fountain, SIGKILL|Fountain, SIGTERM|Mosquitto, SIGTERM", label, "|")
    for (o = 1; o <= 3; o++) {
      k = "restart" SUBSEP order[o] SUBSEP "-"
      if (!(k in seen)) continue
      printf "| %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s |\n", label[o], shown(median(values[k, "fill_s"])),
        shown(median(values[k, "stop_ms"])), median(values[k, "store_bytes"]) / 1e6, shown(median(values[k, "restored_ms"])),
        shown(median(values[k, "connack_ms"])), substr(values[k, "received"], 2), substr(values[k, "retained_received"], 2),
        shown(median(values[k, "queue_s"])), correctness(k)
    }
  }' "$RESULTS"
fi
echo
echo "Medians over $ROUNDS rounds (lists: every round); correctness counters are summed over all rounds (ok = all zero)."
