#!/usr/bin/env bash
# kafka-local.sh: a single-node Apache Kafka (KRaft: broker and controller in one process) on
# loopback, from the Maven Central jars, no Docker: for demos and for trying the fleet path
# (sonde record --kafka → sonde ingest) on one machine. Not for production: one node, no
# replication, no security.
#
# USAGE: deploy/kafka-local.sh start|stop|status|run [--port 9092] [--dir DIR] [--version 4.4.0]
#   start   fetch the jars (first time), format the storage (first time), start in the background
#   run     the same in the foreground (Ctrl-C stops it)
#   stop    stop the background broker
#   status  say whether it is running and where
# EXAMPLES:
#   deploy/kafka-local.sh start                      # broker on 127.0.0.1:9092, data in ~/.cache/sonde-kafka
#   sudo ./sonde record --kafka 127.0.0.1:9092 &     # a recorder sending to it
#   ./sonde ingest --kafka 127.0.0.1:9092 --out /tmp/fleet --duration 30s
#   deploy/kafka-local.sh stop
set -euo pipefail

cmd="${1:-}"; shift || true
port=9092
dir="${SONDE_KAFKA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sonde-kafka}"
version=4.4.0
slf4j=2.0.20
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    *) echo "kafka-local.sh: unknown option '$1'" >&2; sed -n '7,8p' "$0" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "kafka-local.sh: bad --port '$port': not a number" >&2; exit 2 ;; esac
cport=$((port + 1))
lib="$dir/lib-$version"
data="$dir/data-$port"
pidfile="$dir/kafka-$port.pid"
log="$dir/kafka-$port.log"

fetch() {
  [ -f "$lib/.complete" ] && return
  echo "kafka-local.sh: fetching Kafka $version from Maven Central into $lib …" >&2
  mkdir -p "$lib"
  cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.sonde</groupId><artifactId>kafka-local</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-server</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$slf4j</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$slf4j</version></dependency>
  </dependencies>
</project>
POM
  (cd "$dir" && mvn -q -B -ntp dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2)
  touch "$lib/.complete"
}

config() {
  mkdir -p "$data"
  cat > "$dir/server-$port.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
num.partitions=4
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
CONF
  if [ ! -f "$data/meta.properties" ]; then
    java -cp "$lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn kafka.tools.StorageTool format --standalone \
      -t "$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid)" -c "$dir/server-$port.properties" >&2
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

java_cmd=(java -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" kafka.Kafka)

case "$cmd" in
  start)
    if running; then echo "kafka-local.sh: already running (pid $(cat "$pidfile")) on 127.0.0.1:$port" >&2; exit 0; fi
    fetch; config
    nohup "${java_cmd[@]}" "$dir/server-$port.properties" > "$log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 60); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "Kafka $version on 127.0.0.1:$port (pid $(cat "$pidfile"), data $data, log $log)"; exit 0
      fi
      running || { echo "kafka-local.sh: the broker exited; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
      sleep 0.5
    done
    echo "kafka-local.sh: the broker did not open 127.0.0.1:$port within 30 s; see $log" >&2; exit 1 ;;
  run)
    fetch; config
    exec "${java_cmd[@]}" "$dir/server-$port.properties" ;;
  stop)
    if ! running; then echo "kafka-local.sh: not running on port $port" >&2; exit 0; fi
    pid="$(cat "$pidfile")"; kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "stopped"; exit 0; }; sleep 0.5; done
    echo "kafka-local.sh: pid $pid did not stop within 30 s" >&2; exit 1 ;;
  status)
    if running; then echo "running: pid $(cat "$pidfile"), 127.0.0.1:$port, data $data"; else echo "not running (port $port)"; exit 3; fi ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
