#!/usr/bin/env bash
# The container image profile (server/pom.xml, -Pimage): Jib builds the OCI image tarball without
# a Docker daemon. CI has no registry to pull the Java base image from, so the build is run on a
# stub base image saved as a tarball (tar://, one tiny layer, no Java: the image is not started),
# and the result's configuration is checked: Parley's layers, entry point, non-root user, port,
# volume and PARLEY_* environment. Exits non-zero on any difference.
#
#   bash .ci/image.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d /tmp/parley-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
say() { printf 'image: %s\n' "$*" >&2; }

# a base image as `docker save` writes it: manifest.json, the config, one layer
mkdir -p "$work/base/rootfs/etc" "$work/base/out"
echo "stub base image for the Parley image check" >"$work/base/rootfs/etc/stub-base"
tar -C "$work/base/rootfs" -cf "$work/base/out/layer.tar" etc
diff_id="sha256:$(sha256sum "$work/base/out/layer.tar" | cut -d' ' -f1)"
cat >"$work/base/out/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created_by":"stub"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["parley-stub-base:1"],"Layers":["layer.tar"]}]' >"$work/base/out/manifest.json"
tar -C "$work/base/out" -cf "$work/base.tar" manifest.json config.json layer.tar

say "building the image on the stub base (mvn -Pimage)"
mvn -B -q -Pimage -pl server -am package -DskipTests -Dparley.image.base="tar://$work/base.tar" \
  -Djib.console=plain >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; say "FAILED: mvn -Pimage"; exit 1; }
image=server/target/parley-image.tar
[ -s "$image" ] || { say "FAILED: no $image"; exit 1; }

mkdir -p "$work/image" && tar -C "$work/image" -xf "$image"
python3 - "$work/image" <<'PY'
import json, os, sys, tarfile
root = sys.argv[1]
def blob(digest):  # the OCI layout Jib writes: index.json, blobs/sha256/<digest>
    return os.path.join(root, "blobs", *digest.split(":", 1))
index = json.load(open(os.path.join(root, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
layers = [blob(layer["digest"]) for layer in manifest["layers"]]
c = config["config"]
problems = []
def expect(what, actual, wanted):
    if actual != wanted:
        problems.append(f"{what}: {actual!r}, expected {wanted!r}")
expect("user", c.get("User"), "65532:65532")
expect("exposed ports", sorted(c.get("ExposedPorts", {})), ["8080/tcp"])
expect("volumes", sorted(c.get("Volumes", {})), ["/var/lib/parley"])
env = dict(e.split("=", 1) for e in c.get("Env", []))
for key, value in {"PARLEY_HOST": "0.0.0.0", "PARLEY_PORT": "8080", "PARLEY_DATA_DIR": "/var/lib/parley/data"}.items():
    expect("env " + key, env.get(key), value)
entry = c.get("Entrypoint", [])
if not entry or entry[0] != "java" or entry[-1] != "dev.parley.cli.Main":
    problems.append(f"entrypoint: {entry!r}")
expect("cmd", c.get("Cmd"), ["serve"])
names, modes = set(), {}
for layer in layers:
    with tarfile.open(layer) as t:
        for m in t.getmembers():
            n = m.name.lstrip("./").lstrip("/")
            names.add(n)
            modes[n.rstrip("/")] = m.mode & 0o7777
for wanted in ["etc/stub-base", "app/classes/dev/parley/cli/Main.class", "var/lib/parley/README.txt"]:
    if wanted not in names:
        problems.append("missing in the layers: " + wanted)
if not any(n.startswith("app/libs/javalin") for n in names):
    problems.append("missing in the layers: app/libs/javalin-*.jar")
if modes.get("var/lib/parley") != 0o777:
    problems.append(f"/var/lib/parley mode {oct(modes.get('var/lib/parley', 0))}, expected 0o777")
if problems:
    print("image: FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"image: {len(layers)} layers, user {c['User']}, port 8080, volume /var/lib/parley, entry point {' '.join(entry[:1] + entry[-1:])} serve: ok")
PY
