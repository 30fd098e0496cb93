#!/bin/bash
# bench/golden.sh OUT-DIR: writes byte-exact `simulate` outputs for a fixed set of inputs (the default case, --runs,
# --stats, --conntrack-list, every example under every rule set and three kernels, eight 200 k-connection scale
# runs as hashes), so that a speed change can be checked to change no result:
#   npm run build && bash bench/golden.sh /tmp/before; <change>; npm run build && bash bench/golden.sh /tmp/after
#   diff -r /tmp/before /tmp/after   # must print nothing
# Not a test (about 20 s); run from any directory.
set -euo pipefail
OUT=$(realpath -m "${1:?usage: bench/golden.sh OUT-DIR}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
cd "$ROOT"
node bin/portclash.js simulate --json > "$OUT/default.json"
node bin/portclash.js simulate --stats --conntrack-list > "$OUT/default.txt"
node bin/portclash.js simulate --runs 3 --seed 7 --json > "$OUT/default-runs.json"
for f in examples/scenarios/*.yaml; do
  b=$(basename "$f" .yaml)
  node bin/portclash.js simulate --scenario "$f" --json --conntrack-list > "$OUT/$b.json" || true
  node bin/portclash.js simulate --scenario "$f" --strategies --kernel 4.4.0-142-generic,5.4.0-100-generic,6.8.0-51-generic \
    --stats --seed 3 > "$OUT/$b-strat.txt" 2>&1 || true
done
node --input-type=module > "$OUT/scale.txt" <<'JS'
import { createHash } from 'node:crypto';
import { simulate } from './dist/core/sim/simulate.js';
import { scaleScenario } from './bench/scale-scenario.js';
for (const strategy of ['masquerade', 'random', 'random-fully', 'no-snat-internal']) {
  for (const kernel of ['4.4.0-142-generic', '6.8.0-51-generic']) {
    const r = simulate(scaleScenario({ connections: 200000, strategy, kernel, seconds: 20 }), 5, { conntrackList: true });
    console.log(strategy, kernel, createHash('sha256').update(JSON.stringify(r)).digest('hex'), r.tcp.attempted);
  }
}
JS
echo "golden outputs in $OUT"
