import type { PortRange } from '../../core/netfilter/nat-rule.js';

const PORT = /^\d{1,5}$/;

/** Parses `port` or `lo-hi` as `--to-ports` and `--to-source …:ports` take it; `undefined` unless 0 ≤ lo ≤ hi ≤ 65535. */
export function parsePortRange(text: string): PortRange | undefined {
  const dash = text.indexOf('-');
  const loText = dash < 0 ? text : text.slice(0, dash);
  const hiText = dash < 0 ? text : text.slice(dash + 1);
  if (!PORT.test(loText) || !PORT.test(hiText)) return undefined;
  const min = Number(loText);
  const max = Number(hiText);
  if (max > 65535 || min > max) return undefined;
  return { min, max };
}
