#!/usr/bin/env bash
# Packs every publishable package, installs the tarballs into a temporary project with npm,
# and loads each one with both `import` and `require()` under the machine's Node.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tarballs" "$work/app"
packages=(core connectors detections response cli)
for p in "${packages[@]}"; do
  (cd "packages/$p" && npx --yes pnpm@10.34.9 pack --pack-destination "$work/tarballs" >/dev/null)
done
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz >/dev/null
names=()
for p in "${packages[@]}"; do names+=("@openmdr/$p"); done
for name in "${names[@]}"; do
  node --input-type=module -e "const m = await import('$name'); if (Object.keys(m).length === 0) { throw new Error('$name exports nothing'); } console.log('import  $name:', Object.keys(m).length, 'exports');"
  node -e "const m = require('$name'); if (Object.keys(m).length === 0) { throw new Error('$name exports nothing'); } console.log('require $name:', Object.keys(m).length, 'exports');"
done
# every subpath export too (./testing needs the optional peer vitest, which a consumer installs)
for p in "${packages[@]}"; do
  for subpath in $(node -e "const e=require('$root/packages/$p/package.json').exports; console.log(Object.keys(e).filter(k => k !== '.' && k !== './package.json' && k !== './testing').join(' '))"); do
    name="@openmdr/$p/${subpath#./}"
    node --input-type=module -e "const m = await import('$name'); if (Object.keys(m).length === 0) throw new Error('$name exports nothing'); console.log('import  $name:', Object.keys(m).length, 'exports');"
    node -e "const m = require('$name'); console.log('require $name:', Object.keys(m).length, 'exports');"
  done
done
npx --no-install openmdr --help >/dev/null && echo "bin     openmdr: runs"
echo "pack smoke test passed for ${#names[@]} packages"
