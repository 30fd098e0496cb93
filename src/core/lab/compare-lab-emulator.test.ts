import { describe, expect, it } from 'vitest';
import { type CompareRunFacts, compareLabEmulator, judgeSides } from './compare-lab-emulator.js';

function run(
  o: Partial<CompareRunFacts> & { kept?: number; range?: [number, number] | null },
): CompareRunFacts {
  const attempted = o.attempted ?? 160;
  const range = o.range === undefined ? [1024, 65000] : o.range;
  return {
    attempted,
    insertFailed: o.insertFailed ?? 0,
    drop: o.drop ?? o.insertFailed ?? 0,
    delayed1s: o.delayed1s ?? o.insertFailed ?? 0,
    ports: {
      flows: attempted,
      snatted: range === null ? 0 : attempted,
      keptPort: o.kept ?? attempted / 2,
      portMin: range?.[0] ?? null,
      portMax: range?.[1] ?? null,
      sharedPortsNoneKept: 0,
    },
  };
}

const runs = (clashes: number[], o: Parameters<typeof run>[0] = {}) =>
  clashes.map((insertFailed) => run({ ...o, insertFailed }));

describe('compareLabEmulator', () => {
  it.each([
    ['overlapping intervals agree', [40, 50, 60], [45, 55, 50], 'agree'],
    ['intervals apart disagree', [40, 50, 60], [0, 2, 1], 'disagree'],
    ['a clash rate against none disagrees', [40, 50, 60], [0, 0, 0], 'disagree'],
    ['too few events are inconclusive', [1, 0, 2], [0, 1, 0], 'inconclusive'],
    ['none on both sides over enough connections agree', [0, 0, 0], [0, 0, 0], 'agree'],
  ] as const)('%s', (_, lab, emu, verdict) => {
    const row = compareLabEmulator(runs([...lab]), runs([...emu]))[0]!;
    expect(row.key).toBe('insertFailed');
    expect(row.verdict).toBe(verdict);
  });

  it('rates are per connection, with the event counts', () => {
    const row = compareLabEmulator(runs([16, 32]), runs([16, 16]))[0]!;
    expect(row.lab.estimate.mean).toBeCloseTo(0.15);
    expect(row.lab).toMatchObject({ events: 48, base: 320 });
    expect(row.emulator.estimate).toMatchObject({ mean: 0.1, low: 0.1, high: 0.1, runs: 2 });
  });

  it('one run has no interval: inconclusive unless both saw nothing', () => {
    expect(compareLabEmulator(runs([40]), runs([40]))[0]!.verdict).toBe('inconclusive');
    expect(compareLabEmulator(runs([0]), runs([0]))[0]!.verdict).toBe('agree');
    expect(compareLabEmulator(runs([0], { attempted: 20 }), runs([0]))[0]!.verdict).toBe('inconclusive');
  });

  it.each([
    ['both wide', [1030, 65400], [2000, 64000], 'agree'],
    ['wide against the own ports only', [1030, 65400], [40000, 40079], 'disagree'],
    ['both near the own ports', [40000, 40079], [40000, 40079], 'agree'],
    ['one side without SNAT', [40000, 40079], null, 'disagree'],
    ['no SNAT on either', null, null, 'agree'],
  ] as const)('port range: %s', (_, lab, emu, verdict) => {
    const rows = compareLabEmulator(
      [run({ range: lab === null ? null : [...lab] })],
      [run({ range: emu === null ? null : [...emu] })],
    );
    const row = rows.find((r) => r.key === 'portRange')!;
    expect(row.verdict).toBe(verdict);
    expect(row.labRange).toEqual(lab);
  });

  it('has one row per fact', () => {
    expect(compareLabEmulator(runs([1, 2]), runs([1, 2])).map((r) => r.key)).toEqual([
      'insertFailed',
      'drop',
      'delayed1s',
      'keptPort',
      'sharedPortsNoneKept',
      'portRange',
    ]);
  });

  it('judgeSides needs two runs per side for an interval', () => {
    const side = (mean: number, runs: number) => ({
      estimate: { mean, low: mean, high: mean, runs },
      events: 50,
      base: 100,
    });
    expect(judgeSides(side(0.5, 1), side(0.5, 5)).verdict).toBe('inconclusive');
    expect(judgeSides(side(0.5, 2), side(0.5, 2)).verdict).toBe('agree');
  });
});
