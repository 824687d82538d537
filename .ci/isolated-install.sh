#!/usr/bin/env bash
# Installs the packed @openmdr/connector-crowdstrike alone (with the core and kit tarballs it
# needs, as the registry would supply them) into an empty project and checks its dependency tree:
# only core, the kit and CrowdStrike's own dependencies — no other vendor, no umbrella, no
# detections/response/cli, none of the kit's optional peers (ioredis, vitest).
# Usage: isolated-install.sh <folder of tarballs made by pnpm pack>
set -euo pipefail
tarballs="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
app="$(mktemp -d)"
trap 'rm -rf "$app"' EXIT
cd "$app"
npm init -y >/dev/null
tgz() { ls "$tarballs"/openmdr-"$1"-[0-9]*.tgz; }
# npm resolves workspace ranges of the packed manifests against these tarballs
npm install --no-audit --no-fund --loglevel=error "$(tgz connector-crowdstrike)" "$(tgz connector-kit)" "$(tgz core)" >/dev/null
node --input-type=module -e "
import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';
import { startFalconSimulator } from '@openmdr/connector-crowdstrike/simulator';
if (crowdstrikeConnector.manifest.id !== 'crowdstrike') throw new Error('wrong connector');
const falcon = await startFalconSimulator({ hosts: [{ device_id: 'a1', hostname: 'WS-1', modified_timestamp: new Date().toISOString(), platform_name: 'Windows' }] });
const instance = await crowdstrikeConnector.connect({ ...falcon, tenant: 'acme' });
let read = 0;
for await (const batch of instance.read('hosts', undefined)) { read += batch.records.length; break; }
await instance.close(); await falcon.close();
console.log('isolated crowdstrike: connected to its simulator and read', read, 'host(s)');
"
npm ls --all --json > tree.json || true
node "$root/.ci/check-isolated-tree.mjs" tree.json \
  "$root/packages/core/package.json" "$root/packages/connectors/kit/package.json" "$root/packages/connectors/crowdstrike/package.json"
