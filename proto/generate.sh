#!/usr/bin/env bash
# Regenerates the TypeScript of the gRPC contracts (proto/gen) from proto/hotline/**.proto,
# offline: buf and the ts-proto plugin both come from node_modules.
# Usage: bash proto/generate.sh [output-dir]   (default proto/gen; tests pass a temp dir to diff)
set -euo pipefail
proto_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$proto_dir")"
out="${1:-$proto_dir/gen}"
buf="$root/node_modules/.bin/buf"
cd "$proto_dir"
"$buf" lint
# Generate into a fresh folder, then swap it in, so a removed .proto leaves no stale .ts behind.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$buf" generate --template buf.gen.yaml --output "$tmp"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp/gen" "$out"
