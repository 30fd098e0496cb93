import { describe, expect, it } from 'vitest';
import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { renderProcNetStatConntrack } from './render-proc-net-stat-conntrack.js';

/** Every counter distinct and non-zero, so a wrong column shows. */
function sampleCounters(cpu: number): CpuCounters {
  const c = emptyCounters();
  COUNTER_NAMES.forEach((name, i) => {
    c[name] = cpu * 100 + i + 1;
  });
  return c;
}

describe('renderProcNetStatConntrack', () => {
  const cpus = [sampleCounters(0), sampleCounters(1)];

  it('prints the 5.15+ layout (clashres, chainlength)', () => {
    expect(renderProcNetStatConntrack(cpus, 300, 'v5.15')).toMatchInlineSnapshot(`
      "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
      0000012c  00000011 00000002 00000000 00000004 00000000 00000000 00000012 00000008 00000009 0000000a 0000000b 0000000c  0000000d 0000000e 0000000f 00000010
      0000012c  00000075 00000066 00000000 00000068 00000000 00000000 00000076 0000006c 0000006d 0000006e 0000006f 00000070  00000071 00000072 00000073 00000074
      "
    `);
  });

  it('prints the 5.10-5.14 layout (clashres, ignore 0)', () => {
    expect(renderProcNetStatConntrack(cpus, 300, 'v5.10')).toMatchInlineSnapshot(`
      "entries  clashres found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
      0000012c  00000011 00000002 00000000 00000004 00000000 00000000 00000000 00000008 00000009 0000000a 0000000b 0000000c  0000000d 0000000e 0000000f 00000010
      0000012c  00000075 00000066 00000000 00000068 00000000 00000000 00000000 0000006c 0000006d 0000006e 0000006f 00000070  00000071 00000072 00000073 00000074
      "
    `);
  });

  it('prints the 4.9-5.9 layout with the removed counters as 0', () => {
    expect(renderProcNetStatConntrack(cpus, 300, 'v4.9')).toMatchInlineSnapshot(`
      "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
      0000012c  00000000 00000002 00000000 00000004 00000005 00000000 00000000 00000008 00000009 0000000a 0000000b 0000000c  0000000d 0000000e 0000000f 00000010
      0000012c  00000000 00000066 00000000 00000068 00000069 00000000 00000000 0000006c 0000006d 0000006e 0000006f 00000070  00000071 00000072 00000073 00000074
      "
    `);
  });

  it('prints every counter up to 4.8', () => {
    expect(renderProcNetStatConntrack(cpus, 300, 'v4.8')).toMatchInlineSnapshot(`
      "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
      0000012c  00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008 00000009 0000000a 0000000b 0000000c  0000000d 0000000e 0000000f 00000010
      0000012c  00000065 00000066 00000067 00000068 00000069 0000006a 0000006b 0000006c 0000006d 0000006e 0000006f 00000070  00000071 00000072 00000073 00000074
      "
    `);
  });

  it('prints 16 columns and a trailing space on 2.6 kernels', () => {
    expect(renderProcNetStatConntrack(cpus.slice(0, 1), 300, 'v2.6')).toMatchInlineSnapshot(`
      "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete
      0000012c  00000001 00000002 00000003 00000004 00000005 00000006 00000007 00000008 00000009 0000000a 0000000b 0000000c  0000000d 0000000e 0000000f 
      "
    `);
  });

  it('repeats the per-netns entries total on every row', () => {
    const rows = renderProcNetStatConntrack(
      [emptyCounters(), emptyCounters(), emptyCounters()],
      0xabc,
      'v5.15',
    )
      .trimEnd()
      .split('\n')
      .slice(1);
    expect(rows.map((r) => r.slice(0, 8))).toEqual(['00000abc', '00000abc', '00000abc']);
  });
});
