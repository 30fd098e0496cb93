import type { IptablesIssue } from './iptables-issue.js';
import type { Counters } from './iptables-save-doc.js';
import { parseCounters } from './parse-counters.js';

export interface ChainDeclaration {
  readonly name: string;
  /** As written: `ACCEPT`, `DROP`, or `-` for a user chain. */
  readonly policy: string;
  readonly counters?: Counters;
}

/** Reads `:CHAIN POLICY [packets:bytes]` (the counters are optional for iptables-restore). Never throws. */
export function parseChainDeclaration(
  text: string,
  line: number,
): { readonly value?: ChainDeclaration; readonly issues: readonly IptablesIssue[] } {
  const fields = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: (m.index ?? 0) + 1 }));
  const [head, policy, counters, extra] = fields;
  const name = head?.text.slice(1) ?? '';
  if (!head || name === '')
    return { issues: [issue(line, head?.column ?? 1, 'a chain declaration needs a name: ":CHAIN POLICY"')] };
  if (!policy) return { issues: [issue(line, head.column, `:${name} needs a policy (ACCEPT, DROP or -)`)] };
  const issues: IptablesIssue[] = [];
  const parsed = counters && parseCounters(counters.text);
  if (counters && !parsed)
    issues.push({
      code: 'bad-counters',
      line,
      column: counters.column,
      message: `expected [packets:bytes], got "${counters.text}"`,
    });
  if (extra) issues.push(issue(line, extra.column, `unexpected "${extra.text}" after the counters`));
  return { value: { name, policy: policy.text, ...(parsed && { counters: parsed }) }, issues };
}

function issue(line: number, column: number, message: string): IptablesIssue {
  return { code: 'bad-chain-declaration', line, column, message };
}
