import type { CompareRow, CompareSide } from '../core/lab/compare-lab-emulator.js';
import { renderTextTable } from './render-text-table.js';

/** Lab and emulator side by side, one row per fact, with the verdict and why. */
export function renderLabCompareTable(rows: readonly CompareRow[]): string {
  const columns = [
    { header: 'fact', align: 'left' },
    { header: 'lab (95% interval)', align: 'right' },
    { header: 'emulator (95% interval)', align: 'right' },
    { header: 'verdict', align: 'left' },
    { header: 'why', align: 'left' },
  ] as const;
  return renderTextTable(
    columns,
    rows.map((r) => [
      r.label,
      r.unit === 'range' ? formatRange(r.labRange) : formatSide(r.unit, r.lab),
      r.unit === 'range' ? formatRange(r.emulatorRange) : formatSide(r.unit, r.emulator),
      r.verdict,
      r.why,
    ]),
  );
}

function formatSide(unit: 'rate' | 'perRun', s: CompareSide): string {
  const e = s.estimate;
  const f = unit === 'rate' ? (x: number) => `${(100 * x).toFixed(1)}%` : (x: number) => x.toFixed(2);
  const counts = unit === 'rate' ? ` ${s.events}/${s.base}` : ` Σ${s.events}`;
  return `${f(e.mean)} [${f(e.low)}, ${f(e.high)}]${counts}`;
}

function formatRange(r: readonly [number, number] | null | undefined): string {
  return r ? `${r[0]}–${r[1]}` : '—';
}
