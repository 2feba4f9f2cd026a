#!/usr/bin/env bash
# Checks docs/OPERATIONS.md's nginx setup as written: two Parley nodes on one fresh PostgreSQL
# database, nginx with the documented config (only the listen port and the nodes' addresses
# replaced), then requests, an upload and a download through nginx, spread over both nodes.
# Exits non-zero on any failure; skips (exit 0, with a message) when nginx cannot be installed.
#
#   bash .ci/operations-nginx.sh
# PostgreSQL: psql's usual variables (PGHOST, PGPORT, PGUSER), default 127.0.0.1:5432, user postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

say() { printf 'operations-nginx: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# --- nginx ---------------------------------------------------------------------------------------
nginx_bin="$(command -v nginx || true)"
[ -z "$nginx_bin" ] && [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx
if [ -z "$nginx_bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing nginx (Debian package)"
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/tmp/operations-nginx-apt.log 2>&1; then
      nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
    fi
  fi
fi
if [ -z "$nginx_bin" ] || [ ! -x "$nginx_bin" ]; then
  say "SKIPPED: nginx is not installed and cannot be installed here (apt-get install nginx)"
  exit 0
fi
for tool in curl psql java python3; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done

# --- scratch space and cleanup ---------------------------------------------------------------------
work="$(mktemp -d /tmp/parley-nginx.XXXXXX)"
chmod 755 "$work"
db="parley_nginx_$(date +%s)_$$"
pids=()
cleanup() {
  set +e
  if [ -f "$work/nginx.pid" ]; then
    kill "$(cat "$work/nginx.pid")" 2>/dev/null
  fi
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# --- the build, the database, two nodes --------------------------------------------------------------
jar="$root/server/target/parley.jar"
if [ ! -f "$jar" ]; then
  say "building the launcher jar"
  (cd "$root" && mvn -q -B -DskipTests -pl server -am package >&2) || fail "build"
fi
psql -q -d postgres -c "CREATE DATABASE $db" || fail "cannot create database $db on $PGHOST:$PGPORT"
url="jdbc:postgresql://$PGHOST:$PGPORT/$db?user=$PGUSER"
secret="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"

java -jar "$jar" admin migrate --database-url "$url" >&2 || fail "parley admin migrate"

start_node() { # name, extra args…; sets started_port (not in a subshell: pids must be kept)
  local name="$1"; shift
  local port; port="$(free_port)"
  mkdir -p "$work/$name"
  PARLEY_DATABASE_URL="$url" PARLEY_FILE_TOKEN_SECRET="$secret" PARLEY_BLOB_STORE=database \
    PARLEY_TRUSTED_PROXIES=127.0.0.1 \
    java -jar "$jar" serve --no-migrate --host 127.0.0.1 --port "$port" --data-dir "$work/$name" "$@" \
    >"$work/$name.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 120); do
    if grep -q "Parley listening on" "$work/$name.log"; then
      started_port="$port"
      return 0
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; fail "node $name exited"; }
    sleep 0.5
  done
  cat "$work/$name.log" >&2
  fail "node $name did not start"
}
start_node node1 --demo
port1="$started_port"
start_node node2
port2="$started_port"
say "nodes on 127.0.0.1:$port1 and 127.0.0.1:$port2, database $db"

# --- nginx with the documented config ------------------------------------------------------------------
site="$work/parley.conf"
awk '/<!-- nginx-config:start -->/{on=1; next} /<!-- nginx-config:end -->/{on=0} on' docs/OPERATIONS.md \
  | sed -e '/^```/d' >"$site.orig"
grep -q "upstream parley" "$site.orig" || fail "no nginx config between the markers in docs/OPERATIONS.md"
grep -q "server 127.0.0.1:8081 " "$site.orig" && grep -q "server 127.0.0.1:8082 " "$site.orig" && grep -q "listen 80;" "$site.orig" \
  || fail "the documented config no longer has the addresses this check replaces (127.0.0.1:8081, 127.0.0.1:8082, listen 80)"
nginx_port="$(free_port)"
sed -e "s/server 127.0.0.1:8081 /server 127.0.0.1:$port1 /" \
    -e "s/server 127.0.0.1:8082 /server 127.0.0.1:$port2 /" \
    -e "s/listen 80;/listen 127.0.0.1:$nginx_port;/" "$site.orig" >"$site"
mkdir -p "$work/nginx-temp"
chmod 777 "$work/nginx-temp"
cat >"$work/nginx.conf" <<EOF
# the frame Debian's /etc/nginx/nginx.conf gives a site in conf.d, with paths in the scratch directory
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstreams '\$request_method \$uri \$status \$upstream_addr';
    access_log $work/nginx-access.log upstreams;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    include $site;
}
EOF
"$nginx_bin" -t -p "$work" -c "$work/nginx.conf" >&2 || fail "nginx -t rejects the documented config"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" || fail "nginx did not start"
base="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "$base/openapi.json" 2>/dev/null && break
  sleep 0.2
done
say "nginx on $base"

# --- requests through nginx ----------------------------------------------------------------------------
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
token="$(json 'next(u["token"] for u in d["users"] if u["role"]=="customer-owner")' <"$work/node1/demo-credentials.json")"
customer="$(json 'd["customers"][0]["customerId"]' <"$work/node1/demo-credentials.json")"
auth=(-H "Authorization: Bearer $token")

status="$(curl -sS -o /dev/null -w '%{http_code}' "$base/openapi.json")"
[ "$status" = 200 ] || fail "GET /openapi.json through nginx: $status"

created="$(curl -sS -D "$work/h1" "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"title\":\"Through nginx\",\"messageContent\":\"hello from behind the proxy\",\"sharedWith\":{\"aggregate\":\"customer\",\"domain\":\"customer\",\"id\":\"$customer\"}}" \
  "$base/v2/conversations")"
grep -q "^HTTP/1.1 201" "$work/h1" || fail "create conversation through nginx: $(head -1 "$work/h1") $created"
conversation="$(echo "$created" | json 'd["conversationId"]')"
etag="$(tr -d '\r' <"$work/h1" | awk -F': ' 'tolower($1)=="etag"{print $2}')"
[ -n "$etag" ] || fail "no ETag on the create"

# read-your-writes on whichever node nginx picks, several times (round robin over both)
for i in 1 2 3 4; do
  got="$(curl -sS -w '\n%{http_code}' "${auth[@]}" -H "if-event-reached: $etag" "$base/v2/conversations/$conversation")"
  [ "$(echo "$got" | tail -1)" = 200 ] || fail "GET conversation #$i through nginx: $got"
  # a here-string, not a pipe: grep -q stops reading at the first match, and under pipefail the
  # writer's SIGPIPE would fail the check
  grep -q '"title":"Through nginx"' <<<"$(echo "$got" | head -1)" || fail "GET conversation #$i: $got"
done

# an upload (3 MiB log file) with the upload token alone, attached, then downloaded
upload_token="$(curl -sS "${auth[@]}" -H 'Content-Type: application/json' -d '{}' \
  "$base/v2/conversations/$conversation/files" | json 'd["uploadToken"]')"
python3 -c 'import sys; sys.stdout.write("".join("%06d a log line of the nginx check\n" % i for i in range(3*1024*1024//36)))' >"$work/server.log"
uploaded="$(curl -sS -w '\n%{http_code}' -H "Token: $upload_token" -F "file=@$work/server.log;type=text/plain" "$base/v2/files")"
[ "$(echo "$uploaded" | tail -1)" = 201 ] || fail "upload through nginx: $uploaded"
file_id="$(echo "$uploaded" | head -1 | json 'd["id"]')"
status="$(curl -sS -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"messageContent\":\"the log\",\"fileIds\":[\"$file_id\"]}" "$base/v2/conversations/$conversation/messages")"
[ "$status" = 201 ] || fail "attach the upload: $status"
for i in 1 2; do # the access token is signed by one node and checked by whichever serves the download
  access="$(curl -sS "${auth[@]}" "$base/v2/conversations/$conversation/files/$file_id/access-token" | json 'd["accessToken"]')"
  curl -sS -o "$work/download" "$base/v2/files/$file_id?token=$access"
  cmp -s "$work/server.log" "$work/download" || fail "download #$i through nginx differs from the upload"
done

# an upload above Parley's cap but within client_max_body_size: Parley's JSON 413 comes through
upload_token="$(curl -sS "${auth[@]}" -H 'Content-Type: application/json' -d '{}' \
  "$base/v2/conversations/$conversation/files" | json 'd["uploadToken"]')"
head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$work/big.log"
too_big="$(curl -sS -w '\n%{http_code}' -H "Token: $upload_token" -F "file=@$work/big.log;type=text/plain" "$base/v2/files" || true)"
[ "$(echo "$too_big" | tail -1)" = 413 ] || fail "oversized upload through nginx: expected 413, got $(echo "$too_big" | tail -1)"
grep -q '^{.*"type"' <<<"$(echo "$too_big" | head -1)" || fail "the 413 is not Parley's JSON error (nginx's own?): $too_big"

# both nodes served requests
for port in "$port1" "$port2"; do
  grep -q " 127.0.0.1:$port\$" "$work/nginx-access.log" || fail "nginx sent nothing to the node on port $port"
done
requests="$(wc -l <"$work/nginx-access.log")"
say "OK: $requests requests through nginx, spread over both nodes; upload $(stat -c %s "$work/server.log") bytes and downloads identical; oversized upload 413"
