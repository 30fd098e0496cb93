import { describe, expect, it } from 'vitest';
import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { renderConntrackStats } from './render-conntrack-stats.js';

/** Every counter distinct and non-zero, so a wrong column shows. */
function sampleCounters(cpu: number): CpuCounters {
  const c = emptyCounters();
  COUNTER_NAMES.forEach((name, i) => {
    c[name] = cpu * 100 + i + 1;
  });
  return c;
}

describe('renderConntrackStats', () => {
  const cpus = [sampleCounters(0), sampleCounters(1)];

  it('prints the 5.15+ attributes', () => {
    expect(renderConntrackStats(cpus, 'v5.15')).toMatchInlineSnapshot(`
      "cpu=0   	found=2 invalid=4 insert=8 insert_failed=9 drop=10 early_drop=11 error=12 search_restart=16 clash_resolve=17 chaintoolong=18 
      cpu=1   	found=102 invalid=104 insert=108 insert_failed=109 drop=110 early_drop=111 error=112 search_restart=116 clash_resolve=117 chaintoolong=118 
      "
    `);
  });

  it('prints the 5.10-5.14 attributes', () => {
    expect(renderConntrackStats(cpus, 'v5.10')).toMatchInlineSnapshot(`
      "cpu=0   	found=2 invalid=4 insert=8 insert_failed=9 drop=10 early_drop=11 error=12 search_restart=16 clash_resolve=17 
      cpu=1   	found=102 invalid=104 insert=108 insert_failed=109 drop=110 early_drop=111 error=112 search_restart=116 clash_resolve=117 
      "
    `);
  });

  it('prints the 4.9-5.9 attributes', () => {
    expect(renderConntrackStats(cpus, 'v4.9')).toMatchInlineSnapshot(`
      "cpu=0   	found=2 invalid=4 ignore=5 insert=8 insert_failed=9 drop=10 early_drop=11 error=12 search_restart=16 
      cpu=1   	found=102 invalid=104 ignore=105 insert=108 insert_failed=109 drop=110 early_drop=111 error=112 search_restart=116 
      "
    `);
  });

  it('prints all live counters up to 4.8', () => {
    expect(renderConntrackStats(cpus, 'v4.8')).toMatchInlineSnapshot(`
      "cpu=0   	searched=1 found=2 new=3 invalid=4 ignore=5 delete=6 delete_list=7 insert=8 insert_failed=9 drop=10 early_drop=11 error=12 search_restart=16 
      cpu=1   	searched=101 found=102 new=103 invalid=104 ignore=105 delete=106 delete_list=107 insert=108 insert_failed=109 drop=110 early_drop=111 error=112 search_restart=116 
      "
    `);
  });

  it('prints no search_restart for 2.6 kernels', () => {
    expect(renderConntrackStats(cpus, 'v2.6')).not.toContain('search_restart');
  });

  it('matches a real 5.15+ line', () => {
    const c = { ...emptyCounters(), found: 788 };
    expect(renderConntrackStats([c], 'v5.15')).toBe(
      'cpu=0   \tfound=788 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n',
    );
  });

  it('pads the CPU number to four columns and wraps counters like the kernel u32', () => {
    const c = { ...emptyCounters(), drop: 2 ** 32 + 5 };
    const lines = renderConntrackStats(
      Array.from({ length: 11 }, () => c),
      'v4.9',
    ).split('\n');
    expect(lines[10]).toMatch(/^cpu=10 {2}\tfound=0 .* drop=5 /);
  });

  it('skips clash_resolve and chaintoolong with legacy conntrack-tools', () => {
    expect(
      renderConntrackStats([cpus[0] as CpuCounters], 'v5.15', { legacyTools: true }),
    ).toMatchInlineSnapshot(`
      "cpu=0   	found=2 invalid=4 insert=8 insert_failed=9 drop=10 early_drop=11 error=12 search_restart=16 
      "
    `);
  });

  it('prints nothing for no CPUs', () => {
    expect(renderConntrackStats([], 'v5.15')).toBe('');
  });
});
