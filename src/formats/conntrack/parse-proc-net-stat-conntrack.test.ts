import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { parseProcNetStatConntrack } from './parse-proc-net-stat-conntrack.js';
import { renderProcNetStatConntrack } from './render-proc-net-stat-conntrack.js';
import { PROC_COLUMNS, PROC_HEADER_COUNTER, PROC_ZERO_COLUMNS, STATS_ERAS } from './stats-columns.js';

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

/** What survives printing for an era: counted columns, everything else 0. */
function onlyCounted(c: CpuCounters, era: (typeof STATS_ERAS)[number]): CpuCounters {
  const out = emptyCounters();
  for (const header of PROC_COLUMNS[era]) {
    const counter = PROC_HEADER_COUNTER[header];
    if (counter !== undefined && counter !== 'entries' && !PROC_ZERO_COLUMNS[era].includes(header))
      out[counter] = c[counter];
  }
  return out;
}

const HEADER_515 =
  'entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart';
const ROW = (entries: string, first = '00000000') =>
  `${entries}  ${first} 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000000`;

describe('parseProcNetStatConntrack', () => {
  it('reads back what renderProcNetStatConntrack prints', () => {
    fc.assert(
      fc.property(
        fc.array(counters, { minLength: 1, maxLength: 8 }),
        u32,
        fc.constantFrom(...STATS_ERAS),
        (cpus, entries, era) => {
          const { value, issues } = parseProcNetStatConntrack(renderProcNetStatConntrack(cpus, entries, era));
          expect(issues).toEqual([]);
          expect(value.entries).toBe(entries);
          expect(value.cpus).toEqual(cpus.map((c) => onlyCounted(c, era)));
          expect(value.eras).toContain(era);
        },
      ),
    );
  });

  it('recognises the header layouts', () => {
    const eras = STATS_ERAS.map(
      (era) => parseProcNetStatConntrack(renderProcNetStatConntrack([], 0, era)).value.eras,
    );
    expect(eras).toEqual([['v2.6'], ['v4.8', 'v4.9'], ['v4.8', 'v4.9'], ['v5.10'], ['v5.15']]);
  });

  it('maps the renamed columns to their counters', () => {
    const { value, issues } = parseProcNetStatConntrack(`${HEADER_515}\n${ROW('00000010', '0000002a')}\n`);
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ eras: ['v5.15'], entries: 16 });
    expect(value.cpus[0]).toMatchObject({ clash_resolve: 42, found: 1, searched: 0 });
  });

  const bad: readonly (readonly [string, string, number, number])[] = [
    ['', 'empty-input', 1, 1],
    ['cpu=0 found=1\n', 'bad-header', 1, 1],
    [`${HEADER_515} bogus\n`, 'unknown-column', 1, HEADER_515.length + 2],
    [`${HEADER_515}\n${ROW('00000001')} 00000000\n`, 'column-count', 2, ROW('00000001').length + 2],
    [`${HEADER_515}\n${ROW('00000001').slice(0, -9)}\n`, 'column-count', 2, ROW('00000001').length - 8],
    [`${HEADER_515}\n${ROW('0000000g')}\n`, 'bad-number', 2, 1],
    [`${HEADER_515}\n${ROW('00000001', 'xyz')}\n`, 'bad-number', 2, 11],
    [`${HEADER_515}\n${ROW('00000001')}\n${ROW('00000002')}\n`, 'entries-mismatch', 3, 1],
  ];

  it.each(bad)('%j → %s at %i:%i', (text, code, line, column) => {
    const { issues } = parseProcNetStatConntrack(text);
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([[code, line, column]]);
  });
});
