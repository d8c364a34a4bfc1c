#!/usr/bin/env bash
# The disk store measurement of issue 14: our own append-only log against H2 MVStore 2.4.240 under the
# broker's write pattern for persistent sessions, then a table. Each step is its own JVM:
#   journal   2 producer threads (the event loops), each with up to 100 QoS 1 messages enqueued and not
#             yet durable (held-back PUBACKs), appending each message's "done" once it is durable; per
#             sync policy (always, interval, none): durable messages/s, records/s, commit latency
#   history   100,000 queued and 10,000 retained messages left live after 400,000 enqueue+done pairs,
#             stopped as kill -9 leaves it; then recover (open and read all of it into memory, timed),
#             compact (timed, bytes before and after), recover again
#   jar       what each adds to a fat jar
#
#   bench/store.sh [--rounds N] [--quick] [--only 'log mvstore'] [--sync 'always interval none']
#                  [--dir DIR] [--keep DIR]
#
# Build first: mvn -q -o -pl bench -am package -DskipTests (bench/target/benchmarks.jar). The files go
# under --dir (default /tmp, or bench/target when /tmp is a tmpfs, where fsync costs nothing), each run
# in a fresh directory removed after it. About 3 minutes with defaults (2 rounds), 1.5 with --quick.
# Exit status 1 when a check failed (wrong recovered counts, messages never made durable), 2 on errors.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}
# The classes of our own log in the benchmarks jar, for its size: the broker's store package.
LOG_CLASSES=${LOG_CLASSES:-'^dev/fountain/broker/store/'}

ROUNDS=2
WARMUP=3
DURATION=5
ONLY="log mvstore"
POLICIES="always interval none"
BASE=""
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --quick) ROUNDS=1; WARMUP=2; DURATION=2; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --sync) POLICIES=$2; shift 2 ;;
    --dir) BASE=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: run 'mvn -q -o -pl bench -am package -DskipTests' first" >&2; exit 2; }
if [ -z "$BASE" ]; then
  BASE=/tmp
  if [ "$(stat -f -c %T /tmp)" = tmpfs ]; then BASE=$ROOT/bench/target; fi
fi
mkdir -p "$BASE"
WORK=$(mktemp -d "$BASE/fountain-store.XXXXXX")
FS_TYPE=$(stat -f -c %T "$WORK")
FS_DEVICE=$(df -P "$WORK" | awk 'NR == 2 { print $1 }')
cleanup() {
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.txt "$KEEP"/ 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A run copy, so that a rebuild during the run cannot change what is measured.
cp "$BENCH_JAR" "$WORK/benchmarks.jar"

RESULTS=$WORK/results.txt
: > "$RESULTS"
FAILED=0
step() { # seconds round step candidate args...
  local limit=$1 round=$2 name=$3 candidate=$4 out status=0
  shift 4
  # shellcheck disable=SC2086
  out=$(timeout "$limit" java $JAVA_OPTS -cp "$WORK/benchmarks.jar" dev.fountain.bench.store.StoreBench \
    "$name" --candidate "$candidate" "$@" 2>"$WORK/stderr.txt") || status=$?
  printf '  %s\n' "$(grep -v '^RESULT ' <<< "$out" | tail -1)" >&2
  if [ "$status" -ne 0 ]; then
    echo "  $name $candidate exited with $status:" >&2; tail -5 "$WORK/stderr.txt" >&2
    FAILED=$(( status == 1 && FAILED < 2 ? 1 : 2 ))
  fi
  local result
  result=$(grep '^RESULT ' <<< "$out" | tail -1 | cut -d' ' -f2-)
  echo "round=$round ${result:-step=$name candidate=$candidate error=1}" >> "$RESULTS"
}

START=$(date +%s)
UPTIME_BEFORE=$(uptime)
for round in $(seq "$ROUNDS"); do
  # Candidates take turns going first, so neither always meets the page cache or the machine the same way.
  order=$ONLY
  if [ $((round % 2)) -eq 0 ]; then order=$(tr ' ' '\n' <<< "$ONLY" | tac | tr '\n' ' '); fi
  for policy in $POLICIES; do
    for candidate in $order; do
      echo "round $round/$ROUNDS: journal, $candidate, $policy" >&2
      step 90 "$round" journal "$candidate" --sync "$policy" --dir "$WORK/data" \
        --warmup "$WARMUP" --duration "$DURATION"
      rm -rf "$WORK/data"
    done
  done
done
for candidate in $ONLY; do
  echo "recovery: $candidate" >&2
  step 150 1 history "$candidate" --dir "$WORK/data"
  # Three fresh JVMs each time: on a busy machine one recovery is one sample of the machine too.
  for _ in 1 2 3; do step 90 1 recover "$candidate" --dir "$WORK/data" --queued 100000 --retained 10000; done
  step 150 1 compact "$candidate" --dir "$WORK/data"
  for _ in 1 2 3; do step 90 2 recover "$candidate" --dir "$WORK/data" --queued 100000 --retained 10000; done
  rm -rf "$WORK/data"
done
ELAPSED=$(( $(date +%s) - START ))
UPTIME_AFTER=$(uptime)

# What each adds to a fat jar: the compressed size of its entries in the benchmarks jar.
# BenchLog, the benchmark's adapter, sits in the store's package but is not part of the store.
jar_bytes() { unzip -v "$WORK/benchmarks.jar" | awk -v pattern="$1" '$8 ~ pattern && $8 !~ /BenchLog/ { sum += $3; n++ } END { printf "%d %d", sum, n }'; }
read -r MV_BYTES MV_FILES <<< "$(jar_bytes '^org/h2/')"
read -r LOG_BYTES LOG_FILES <<< "$(jar_bytes "$LOG_CLASSES")"

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), $(java -version 2>&1 | head -1)," \
  "files on $FS_DEVICE ($FS_TYPE) under $BASE; JVM: $JAVA_OPTS; rounds $ROUNDS, warm-up ${WARMUP}s, measured ${DURATION}s; took ${ELAPSED}s"
echo "before:$UPTIME_BEFORE"
echo "after: $UPTIME_AFTER"
echo
awk -v only="$ONLY" -v policies="$POLICIES" '
function median(list,    n, v, i, j, t) {
  n = split(list, v, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = v[i] + 0; for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (n % 2) ? v[(n + 1) / 2] + 0 : (v[n / 2] + v[n / 2 + 1]) / 2
}
function thousands(x,    s, r) {
  if (x == "") return "-"
  s = sprintf("%.0f", x); r = ""
  while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
  return s r
}
function ms(us) { return us == "" ? "-" : sprintf("%.2f", us / 1000) }
function mb(b) { return b == "" ? "-" : sprintf("%.1f", b / 1e6) }
function get(key, value) { return (key in value) ? value[key] : "" }
{
  delete f
  for (i = 1; i <= NF; i++) { eq = index($i, "="); f[substr($i, 1, eq - 1)] = substr($i, eq + 1) }
  c = f["candidate"]; s = f["step"]
  if (f["error"] != "") { errors[c, s]++; next }
  if (s == "journal") {
    p = f["sync"]
    split("rate record_rate p50_us p99_us p999_us records_per_commit write_us sync_us bytes", keys, " ")
    for (k in keys) values[c, p, keys[k]] = values[c, p, keys[k]] " " f[keys[k]]
    undrained[c, p] += f["undrained"]
  } else if (s == "recover") {
    recovery[c, f["round"]] = recovery[c, f["round"]] " " f["ms"]
    if (f["ok"] != "true") wrong[c]++
  } else if (s == "history") {
    fill[c] = f["seconds"]; historyBytes[c] = f["bytes"]
  } else if (s == "compact") {
    compactMs[c] = f["ms"]; compactBefore[c] = f["bytes_before"]; compactAfter[c] = f["bytes_after"]
  }
}
END {
  nc = split(only, cs, " "); np = split(policies, ps, " ")
  print "| candidate | sync | messages/s | records/s | commit p50 ms | p99 ms | p99.9 ms | records per commit | write us per commit | fsync us | MB on disk after the run |"
  print "|---|---|---|---|---|---|---|---|---|---|---|"
  for (j = 1; j <= np; j++) for (i = 1; i <= nc; i++) {
    c = cs[i]; p = ps[j]
    if (values[c, p, "rate"] == "") { printf "| %s | %s | error | | | | | | | | |\n", c, p; continue }
    printf "| %s | %s | %s | %s | %s | %s | %s | %.0f | %.0f | %s | %s |%s\n", c, p,
      thousands(median(values[c, p, "rate"])), thousands(median(values[c, p, "record_rate"])),
      ms(median(values[c, p, "p50_us"])), ms(median(values[c, p, "p99_us"])), ms(median(values[c, p, "p999_us"])),
      median(values[c, p, "records_per_commit"]), median(values[c, p, "write_us"]),
      (p == "none" ? "-" : sprintf("%.0f", median(values[c, p, "sync_us"]))), mb(median(values[c, p, "bytes"])),
      (undrained[c, p] > 0 ? " (" undrained[c, p] " never durable)" : "")
  }
  print ""
  print "| candidate | history written in s | MB on disk after it (as kill -9 left it) | recovery ms | compaction ms | MB after compaction | recovery after compaction ms | counts right |"
  print "|---|---|---|---|---|---|---|---|"
  for (i = 1; i <= nc; i++) {
    c = cs[i]
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", c, (fill[c] == "" ? "error" : sprintf("%.1f", fill[c])),
      mb(historyBytes[c]), (recovery[c, 1] == "" ? "error" : sprintf("%.0f", median(recovery[c, 1]))),
      (compactMs[c] == "" ? "error" : sprintf("%.0f", compactMs[c])), mb(compactAfter[c]),
      (recovery[c, 2] == "" ? "error" : sprintf("%.0f", median(recovery[c, 2]))),
      ((recovery[c, 1] != "" && recovery[c, 2] != "" && wrong[c] == 0) ? "yes" : "NO")
  }
}' "$RESULTS"
echo
echo "| what it adds to the fat jar | bytes (compressed entries) | classes and files |"
echo "|---|---|---|"
printf '| H2 MVStore 2.4.240 | %s | %s |\n' "$MV_BYTES" "$MV_FILES"
printf '| our log | %s | %s |\n' "$LOG_BYTES" "$LOG_FILES"
echo
echo "Our log's classes: those matching $LOG_CLASSES (LOG_CLASSES=... for others)."
echo "Journal: medians over $ROUNDS round(s); a message is counted when it became durable within the measured window,"
echo "its records are its enqueue and its done; commit latency is enqueue to durable as the store's writer reported it."
echo "Recovery: a fresh JVM opens the files and reads every queued and retained message into hash maps; medians of 3."
exit "$FAILED"
