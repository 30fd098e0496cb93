import type { ConntrackListIssue } from './conntrack-list-issue.js';
import { type ConntrackListTotals, createConntrackListReader } from './create-conntrack-list-reader.js';
import { createSnatPortTally, type SnatPortUse } from './tally-snat-ports.js';

/** What the doctor keeps of a conntrack listing: counts, SNAT port use and the first issues, never the entries. */
export interface ConntrackListDigest {
  readonly totals: ConntrackListTotals;
  readonly portUse: SnatPortUse;
  /** The first MAX_DIGEST_ISSUES issues; `totals.issues` counts them all. */
  readonly issues: readonly ConntrackListIssue[];
}

export const MAX_DIGEST_ISSUES = 100;

export interface ConntrackListDigester {
  readonly push: (chunk: string) => void;
  /** UTF-8 bytes as read from a file or a pipe (what the platform has: no decoding). */
  readonly pushBytes: (chunk: Uint8Array) => void;
  readonly end: () => ConntrackListDigest;
}

/** Digests a listing fed chunk by chunk (a platform reader streams a 1 GiB dump through it). */
export function createConntrackListDigester(): ConntrackListDigester {
  const tally = createSnatPortTally();
  const issues: ConntrackListIssue[] = [];
  const reader = createConntrackListReader({
    fields: tally.add,
    issue: (i) => {
      if (issues.length < MAX_DIGEST_ISSUES) issues.push(i);
    },
  });
  return {
    push: reader.push,
    pushBytes: reader.pushBytes,
    end: () => {
      const totals = reader.end();
      return { totals, portUse: tally.result(), issues };
    },
  };
}

export function digestConntrackList(text: string): ConntrackListDigest {
  const d = createConntrackListDigester();
  d.push(text);
  return d.end();
}
