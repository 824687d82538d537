#!/usr/bin/env bash
# Packs every publishable package, installs the tarballs into a temporary project with npm,
# and loads each one (and each subpath export) with both `import` and `require()` under the
# machine's Node. Then installs @openmdr/connector-crowdstrike alone into an empty project and
# checks that its dependency tree holds only core, the kit and CrowdStrike's own dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs" "$work/app"
dirs=(packages/core packages/connectors/kit)
for dir in packages/connectors/*/; do
  dir="${dir%/}"
  case "$dir" in packages/connectors/kit | packages/connectors/all) ;; *) [ -f "$dir/package.json" ] && dirs+=("$dir") ;; esac
done
dirs+=(packages/connectors/all packages/detections packages/response packages/hunting packages/investigation packages/kafka packages/dashboard packages/mcp packages/cli)
names=()
for dir in "${dirs[@]}"; do
  (cd "$dir" && npx --yes pnpm@10.34.9 pack --pack-destination "$work/tarballs" >/dev/null)
  names+=("$(node -p "require('$root/$dir/package.json').name")")
done
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz >/dev/null
for name in "${names[@]}"; do
  node --input-type=module -e "const m = await import('$name'); if (Object.keys(m).length === 0) { throw new Error('$name exports nothing'); } console.log('import  $name:', Object.keys(m).length, 'exports');"
  node -e "const m = require('$name'); if (Object.keys(m).length === 0) { throw new Error('$name exports nothing'); } console.log('require $name:', Object.keys(m).length, 'exports');"
done
# every subpath export too (./testing needs vitest, an optional peer a consumer installs)
for dir in "${dirs[@]}"; do
  name="$(node -p "require('$root/$dir/package.json').name")"
  for subpath in $(node -e "const e=require('$root/$dir/package.json').exports; console.log(Object.keys(e).filter(k => k !== '.' && k !== './package.json' && k !== './testing').join(' '))"); do
    spec="$name/${subpath#./}"
    node --input-type=module -e "const m = await import('$spec'); if (Object.keys(m).length === 0) throw new Error('$spec exports nothing'); console.log('import  $spec:', Object.keys(m).length, 'exports');"
    node -e "const m = require('$spec'); console.log('require $spec:', Object.keys(m).length, 'exports');"
  done
done
npx --no-install openmdr --help >/dev/null && echo "bin     openmdr: runs"
echo "pack smoke test passed for ${#names[@]} packages"

bash "$root/.ci/isolated-install.sh" "$work/tarballs"
