#!/usr/bin/env bash
# Heap bytes per idle registered connection, class by class: starts the server jar, takes
# `jcmd GC.class_histogram` (which runs a full GC first) at 0 connections and at N idle registered
# connections (tools/IdleClients.java, a separate process), and prints the difference / N.
# Usage: [MODE=ws] server-netty/tools/measure-idle.sh [N=5000] [extra server flags...]   (loopback only; stops by itself)
set -euo pipefail
N=${1:-5000}; shift || true
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java; JCMD=$JAVA_HOME/bin/jcmd
HERE=$(cd "$(dirname "$0")" && pwd); JAR=$HERE/../target/server-netty.jar
PORT=${PORT:-26667}
OUT=${OUT:-/tmp/netty-idle}; mkdir -p "$OUT"
MODE=${MODE:-tcp}
WSPORT=$((PORT + 1))
$JAVA -Xms1g -Xmx1g -XX:+UseG1GC -XX:NativeMemoryTracking=summary -jar "$JAR" --port "$PORT" --ws-port "$WSPORT" \
  --ping-interval 600s --max-connections 19000 "$@" > "$OUT/server.out" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT
for i in $(seq 1 50); do grep -q ready "$OUT/server.out" && break; sleep 0.2; done
cat "$OUT/server.out"
sleep 2
$JCMD $SRV GC.class_histogram > "$OUT/hist0.txt"
grep VmRSS /proc/$SRV/status > "$OUT/rss0.txt"
CPORT=$PORT; [ "$MODE" = ws ] && CPORT=$WSPORT
$JAVA "$HERE/IdleClients.java" "$CPORT" "$N" 40 1000 "$MODE" > "$OUT/clients.out" 2>&1 &
CLI=$!
for i in $(seq 1 120); do grep -q registered "$OUT/clients.out" && break; sleep 0.5; done
cat "$OUT/clients.out"
sleep 3
$JCMD $SRV GC.class_histogram > "$OUT/histN.txt"
grep VmRSS /proc/$SRV/status > "$OUT/rssN.txt"
$JCMD $SRV VM.native_memory summary > "$OUT/nmtN.txt" || true
grep -c . /proc/$SRV/task/*/stat 2>/dev/null | wc -l > "$OUT/threads.txt"
wait $CLI || true
python3 - "$OUT" "$N" <<'PY'
import sys,re
out,n=sys.argv[1],int(sys.argv[2])
def load(p):
    d={}
    for line in open(p):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',line)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a,b=load(out+'/hist0.txt'),load(out+'/histN.txt')
rows=[]
for k in set(a)|set(b):
    ia,ba=a.get(k,(0,0)); ib,bb=b.get(k,(0,0))
    rows.append((bb-ba, ib-ia, k))
rows.sort(reverse=True)
total=sum(r[0] for r in rows)
print(f"heap delta at {n} connections: {total} bytes = {total/n:.0f} bytes/connection")
print(f"{'bytes/conn':>10} {'inst/conn':>9}  class")
for d,i,k in rows:
    if abs(d)/n >= 4:
        print(f"{d/n:10.1f} {i/n:9.2f}  {k}")
r0=int(open(out+'/rss0.txt').read().split()[1]); rN=int(open(out+'/rssN.txt').read().split()[1])
print(f"RSS {r0} kB -> {rN} kB: {(rN-r0)*1024/n:.0f} bytes/connection (heap is pre-sized, so RSS counts touched pages)")
PY
