import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { parseConntrackStats } from './parse-conntrack-stats.js';
import { renderConntrackStats } from './render-conntrack-stats.js';
import { CONNTRACK_S_ATTRIBUTES, NEWER_ATTRIBUTES, STATS_ERAS } from './stats-columns.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const counters = fc
  .array(u32, { minLength: COUNTER_NAMES.length, maxLength: COUNTER_NAMES.length })
  .map((values) => {
    const c = emptyCounters();
    COUNTER_NAMES.forEach((name, i) => {
      c[name] = values[i] ?? 0;
    });
    return c;
  });

/** What survives printing: the attributes shown, everything else 0. */
function onlyShown(c: CpuCounters, shown: readonly string[]): CpuCounters {
  const out = emptyCounters();
  for (const name of COUNTER_NAMES) if (shown.includes(name)) out[name] = c[name];
  return out;
}

describe('parseConntrackStats', () => {
  it('reads back what renderConntrackStats prints', () => {
    fc.assert(
      fc.property(
        fc.array(counters, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...STATS_ERAS),
        fc.boolean(),
        (cpus, era, legacyTools) => {
          const shown = CONNTRACK_S_ATTRIBUTES[era].filter(
            (n) => !legacyTools || !NEWER_ATTRIBUTES.includes(n),
          );
          const { value, issues } = parseConntrackStats(renderConntrackStats(cpus, era, { legacyTools }));
          expect(issues).toEqual([]);
          expect(value.cpus).toEqual(cpus.map((c) => onlyShown(c, shown)));
          expect(value.attributes).toEqual(shown);
          expect(value.eras).toContain(era);
        },
      ),
    );
  });

  it('recognises the era from the attribute list', () => {
    const line = (era: (typeof STATS_ERAS)[number], legacyTools = false) =>
      parseConntrackStats(renderConntrackStats([emptyCounters()], era, { legacyTools })).value.eras;
    expect(STATS_ERAS.map((era) => line(era))).toEqual(STATS_ERAS.map((era) => [era]));
    expect(line('v5.15', true)).toEqual(['v5.10', 'v5.15']);
  });

  it('reads a real 5.15+ capture', () => {
    const text =
      'cpu=0   \tfound=788 invalid=0 insert=0 insert_failed=3 drop=3 early_drop=0 error=0 search_restart=0 clash_resolve=1 chaintoolong=0 \n' +
      'cpu=1   \tfound=12 invalid=5 insert=0 insert_failed=0 drop=0 early_drop=0 error=2 search_restart=7 clash_resolve=0 chaintoolong=0 \n';
    const { value, issues } = parseConntrackStats(text);
    expect(issues).toEqual([]);
    expect(value.eras).toEqual(['v5.15']);
    expect(
      value.cpus.map((c) => [c.found, c.insert_failed, c.drop, c.clash_resolve, c.search_restart]),
    ).toEqual([
      [788, 3, 3, 1, 0],
      [12, 0, 0, 0, 7],
    ]);
  });

  const bad: readonly (readonly [string, string, number, number])[] = [
    ['', 'empty-input', 1, 1],
    ['\n\n', 'empty-input', 1, 1],
    ['hello world\n', 'bad-line', 1, 1],
    ['cpu=0   \tfound=1 bogus \n', 'bad-line', 1, 18],
    ['cpu=0   \tfound=x \n', 'bad-number', 1, 10],
    ['cpu=0   \tfound=4294967296 \n', 'bad-number', 1, 10],
    ['cpu=0   \tfound=1 unknown14=0 \n', 'unknown-attribute', 1, 18],
    ['cpu=0   \tfound=1 found=2 \n', 'duplicate-attribute', 1, 18],
    ['cpu=0   \tfound=1 \ncpu=0   \tfound=2 \n', 'duplicate-cpu', 2, 1],
    ['cpu=0   \tfound=1 \ncpu=2   \tfound=2 \n', 'missing-cpu', 2, 1],
    ['cpu=0   \tfound=1 \ncpu=1   \tfound=2 invalid=0 \n', 'inconsistent-attributes', 2, 1],
    ['cpu=99999999\tfound=1 \n', 'bad-number', 1, 5],
  ];

  it.each(bad)('%j → %s at %i:%i', (text, code, line, column) => {
    const { issues } = parseConntrackStats(text);
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([[code, line, column]]);
  });

  it('keeps going after a bad line and fills a skipped CPU with zeros', () => {
    const { value, issues } = parseConntrackStats('junk\ncpu=1   \tfound=9 \n');
    expect(issues.map((i) => i.code)).toEqual(['bad-line', 'missing-cpu']);
    expect(value.cpus.map((c) => c.found)).toEqual([0, 9]);
  });
});
