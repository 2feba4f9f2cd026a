#!/bin/bash
# The ceiling of a fixed answer on this machine: Javalin, bare Jetty (nginx's headers and Parley's),
# nginx; each with wrk -t1 -c32 as `parley bench http` runs it, one after another, ROUNDS times.
# Usage: bench/scripts/jetty-ceiling/run.sh BODY.json [ROUNDS]   (needs wrk and nginx; builds nothing:
# run `mvn -q -pl server -am package -DskipTests` first)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
body=$(realpath "$1")
rounds=${2:-2}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/www" "$work/tmp"
cp "$body" "$work/www/read.json"
chmod -R a+rX "$work"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  types { }
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  server {
    listen 127.0.0.1:18103;
    root $work/www;
    location = /read.json { }
    location / { rewrite ^ /read.json last; }
  }
}
CONF
nginx -c "$work/nginx.conf" -e "$work/nginx.err" &
java -Xmx256m -cp "$root/server/target/parley.jar" "$here/Ceiling.java" "$body" > "$work/ceiling.log" 2>&1 &
for _ in $(seq 1 100); do grep -q ready "$work/ceiling.log" && break; sleep 0.2; done
declare -A name=([18101]="javalin route" [18102]="jetty handler" [18104]="jetty handler, parley's headers" [18103]="nginx")
for port in 18101 18102 18104 18103; do wrk -t1 -c32 -d10s "http://127.0.0.1:$port/v2/conversations/x" > /dev/null; done  # warm-up
for round in $(seq 1 "$rounds"); do
  for port in 18101 18102 18104 18103; do
    printf '%-34s ' "${name[$port]}"
    wrk -t1 -c32 -d10s --latency "http://127.0.0.1:$port/v2/conversations/x" | awk '/Requests\/sec/ {r=$2} / 99%/ {p=$2} END {print r " req/s, p99 " p}'
  done
done
