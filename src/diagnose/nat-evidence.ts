import type { Evidence } from './evidence.js';
import type { SnatRule } from './list-snat-rules.js';

/** The evidence for a NAT rule: file, line, the rule as iptables prints it, and its table and chain. */
export function natEvidence(snat: SnatRule): Evidence {
  const backend = snat.location.backend;
  return {
    file: snat.location.file,
    line: snat.location.line,
    text: snat.location.rule,
    where: `${backend} table ${snat.location.table} chain ${snat.location.chain}`,
  };
}
