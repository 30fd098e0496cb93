import { type Cidr, formatCidr } from '../../core/net/cidr.js';
import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import { evaluateNatPath } from '../evaluate-nat-path.js';
import { listSnatRules, type SnatRule } from '../list-snat-rules.js';
import { natEvidence } from '../nat-evidence.js';
import { OWNERS } from '../owner.js';

export const snatToInternalNetwork = defineRule({
  id: 'snat-to-internal-network',
  severity: 'medium',
  summary:
    'traffic to the internal (VPC) network is masqueraded: it needs no SNAT and exposes it to the race',
  messages: {
    masqueraded: {
      title: 'traffic from {source} to the internal network {vpc} is masqueraded by {owner}',
      explanation:
        'Connections to {vpc} ({vpcFrom}) reach this {target} rule with no exclusion before it: they get a host port although the destination could answer the container directly (Redis, memcached, databases in the VPC). Every such connection takes part in the SNAT port race and shares the host port space. A RETURN for {vpc} before the rule (or the owner’s exclusion setting) removes them from it.',
    },
    possiblyMasqueraded: {
      title: 'traffic from {source} to the internal network {vpc} may be masqueraded by {owner}',
      explanation:
        'Connections to {vpc} ({vpcFrom}) can reach this {target} rule; whether they do depends on matches portclash cannot decide (ipsets, other modules, protocol). If they do, they take part in the SNAT port race needlessly.',
    },
  },
  check(facts, { finding }) {
    if (facts.vpcCidrs.length === 0) return [];
    const snat = listSnatRules(facts.nat);
    const out = [];
    for (const vpc of facts.vpcCidrs)
      for (const s of snat) {
        const source = sourceOf(s);
        const hits = evaluateNatPath(s.ruleset.chains.chains, {
          destination: vpc.cidr,
          ...(source && { source }),
        });
        const hit = hits.find((h) => h.rule === s.rule);
        if (!hit) continue;
        const vpcText = formatCidr(vpc.cidr);
        out.push(
          finding({
            messageId: hit.certain ? 'masqueraded' : 'possiblyMasqueraded',
            severity: hit.certain ? 'medium' : 'low',
            owner: s.owner,
            data: {
              source: source ? formatCidr(source) : 'containers',
              vpc: vpcText,
              vpcFrom: describeFrom(vpc.from),
              owner: OWNERS[s.owner].label,
              target: s.target === 'snat' ? 'SNAT' : 'MASQUERADE',
            },
            evidence: [natEvidence(s), vpc.evidence],
            changes: changesFor(s, vpcText, source ? formatCidr(source) : undefined),
          }),
        );
      }
    return out;
  },
});

/** The container network the rule is for: its own `-s`, else the `-s` of a jump that leads to it. */
function sourceOf(s: SnatRule): Cidr | undefined {
  for (const r of [s.rule, ...s.place.parents.map((p) => p.rule)])
    if (r?.source && !r.source.negated) return r.source.value;
  return undefined;
}

function describeFrom(from: 'option' | 'addresses' | 'rules'): string {
  switch (from) {
    case 'option':
      return 'given with --vpc-cidr';
    case 'addresses':
      return 'the subnet of the host’s own address';
    case 'rules':
      return 'the VPC CIDR in the AWS VPC CNI rules';
    default: {
      const never: never = from;
      return never;
    }
  }
}

function changesFor(s: SnatRule, vpc: string, source: string | undefined): Change[] {
  const info = OWNERS[s.owner];
  const rule = `-A ${s.chain.name}${source ? ` -s ${source}` : ''} -d ${vpc} -j RETURN`;
  const edit: Change = {
    kind: 'insert-return',
    before: s.location,
    destination: vpc,
    rule,
    lasting: !info.rewrites,
  };
  return info.excludeSetting
    ? [{ kind: 'owner-setting', owner: s.owner, setting: `${info.excludeSetting} (add ${vpc})` }, edit]
    : [edit];
}
