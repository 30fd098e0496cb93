import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCniConfig } from '../src/formats/cni/parse-cni-config.js';
import { digestConntrackList } from '../src/formats/conntrack/digest-conntrack-list.js';
import { parseConntrackList } from '../src/formats/conntrack/parse-conntrack-list.js';
import { parseConntrackStats } from '../src/formats/conntrack/parse-conntrack-stats.js';
import { parseProcNetStatConntrack } from '../src/formats/conntrack/parse-proc-net-stat-conntrack.js';
import { detectFormat } from '../src/formats/detect-format.js';
import { parseIpAddrJson } from '../src/formats/ip/parse-ip-addr-json.js';
import { parseIptablesList } from '../src/formats/iptables/parse-iptables-list.js';
import { parseIptablesListRules } from '../src/formats/iptables/parse-iptables-list-rules.js';
import { parseIptablesSave } from '../src/formats/iptables/parse-iptables-save.js';
import { parseNftJson } from '../src/formats/nft/parse-nft-json.js';
import { parseNftRuleset } from '../src/formats/nft/parse-nft-ruleset.js';
import { parseResolvConf } from '../src/formats/resolv/parse-resolv-conf.js';
import { parseSnapshotManifest } from '../src/formats/snapshot/parse-snapshot-manifest.js';
import { parseSysctl } from '../src/formats/sysctl/parse-sysctl.js';
import { FIXTURES, fixtureCases } from './fixtures/fixture-files.js';
import { mutatedText } from './fixtures/mutated-text.js';

interface Positioned {
  readonly line: number;
  readonly column: number;
}
type Parser = (text: string) => { readonly issues: readonly Positioned[] };

/** Every whole-text parser of src/formats, each fed every mutated input (a capture of any format). */
const PARSERS: readonly (readonly [string, Parser, ('columns' | 'lines')?])[] = [
  ['parseIptablesSave', parseIptablesSave],
  ['parseIptablesListRules', (t) => parseIptablesListRules(t)],
  ['parseIptablesList', parseIptablesList],
  // Its lexer can put a column past the end of a line after a quoted string cut by a newline (below): lines only.
  ['parseNftRuleset', parseNftRuleset],
  ['parseNftJson', parseNftJson],
  ['parseConntrackStats', parseConntrackStats],
  ['parseProcNetStatConntrack', parseProcNetStatConntrack],
  ['parseConntrackList', parseConntrackList],
  ['digestConntrackList', digestConntrackList],
  ['parseSysctl', parseSysctl],
  ['parseResolvConf', parseResolvConf],
  ['parseCniConfig', parseCniConfig],
  ['parseIpAddrJson', parseIpAddrJson],
  ['parseSnapshotManifest', parseSnapshotManifest],
];

/** Small captures of every format (big ones would only slow the runs down, not find more). */
const texts = readdirSync(FIXTURES)
  .filter((f) => statSync(join(FIXTURES, f)).isDirectory())
  .flatMap((f) => fixtureCases(f))
  .filter((c) => c.text.length <= 1200)
  .map((c) => c.text);

const RUNS = 100_000;

/** A position may point just past the end of its line (a missing token), never outside the text. */
function inside(lines: readonly string[], i: Positioned, check: 'columns' | 'lines'): boolean {
  if (i.line < 1 || i.line > lines.length + 1 || i.column < 1) return false;
  return check === 'lines' || i.column <= (lines[i.line - 1]?.length ?? 0) + 2;
}

describe('every parser on 100 000 mutated captures (seeded; runs in CI with the unit tests)', () => {
  it('never throws and reports positions inside the text', { timeout: 60_000 }, () => {
    const started = performance.now();
    fc.assert(
      fc.property(mutatedText(texts), (text) => {
        const lines = text.split('\n');
        detectFormat(text);
        for (const [name, parse, check = 'columns'] of PARSERS) {
          for (const i of parse(text).issues)
            if (!inside(lines, i, check))
              expect.fail(`${name}: issue at ${i.line}:${i.column} outside the text (${lines.length} lines)`);
        }
      }),
      { seed: 4, numRuns: RUNS },
    );
    // The budget the issue sets for the fuzz run; a slower parser shows up here first.
    expect(performance.now() - started).toBeLessThan(40_000);
  });
});

describe('a position bug the fuzz run found (seed 4)', () => {
  it('parseNftRuleset keeps columns inside a line after a quoted string cut by a newline', () => {
    const text =
      '-A POSTROUTING -m comment --comment "name: \\"podman\\" id: \\"8d0a\\\n"" -j CNI-f6\n-A X -d 10.88.0.0/16 -m comment --comment "nam';
    const lines = text.split('\n');
    for (const i of parseNftRuleset(text).issues) expect(inside(lines, i, 'columns')).toBe(true);
  });
});
