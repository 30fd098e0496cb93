import type { LabDnatService } from '../../core/lab/plan-lab-topology.js';
import { renderIptablesDnat, renderNftDnat } from '../../core/lab/render-dnat-rules.js';
import { renderIptablesRestore, renderIptablesRule } from '../../core/lab/render-iptables-restore.js';
import { LAB_NFT_NAT_TABLE, renderNftRule, renderNftRuleset } from '../../core/lab/render-nft-ruleset.js';
import { RULE_BACKEND_TOOLS, type RuleBackend } from '../../core/lab/rule-backend.js';
import type { NatRule } from '../../core/netfilter/nat-rule.js';
import { parseConntrackList } from '../../formats/conntrack/parse-conntrack-list.js';
import { parseProcNetStatConntrack } from '../../formats/conntrack/parse-proc-net-stat-conntrack.js';
import { parseRuleSpec } from '../../formats/iptables/parse-rule-spec.js';
import { toNatRule } from '../../formats/iptables/to-nat-rule.js';
import { natChainsFromNft } from '../../formats/nft/nat-chains-from-nft.js';
import { parseNftJson } from '../../formats/nft/parse-nft-json.js';
import { LabError } from './lab-port.js';
import { runChecked } from './run-command.js';

const inNetns = (netns: string, ...argv: string[]) => ['ip', 'netns', 'exec', netns, ...argv];

/**
 * Installs the rules in the namespace's nat POSTROUTING chain with `<backend>-restore --noflush`, reads the
 * chain back with `<backend>-save` and fails unless it holds exactly those rules (compared as parsed rules, so
 * spelling differences of the save format do not matter).
 */
export async function applyLabRules(
  netns: string,
  backend: RuleBackend,
  rules: readonly NatRule[],
  services: readonly LabDnatService[] = [],
): Promise<{ applied: string[]; readBack: string[] }> {
  if (backend === 'nft') return applyNftRules(netns, rules, services);
  const tools = RULE_BACKEND_TOOLS[backend];
  const dnat = services.flatMap(renderIptablesDnat);
  await runChecked(inNetns(netns, tools.restore, '--noflush'), { input: renderIptablesRestore(rules, dnat) });
  const saved = await runChecked(inNetns(netns, tools.save, '-t', 'nat'));
  const readBack = saved.split('\n').filter((l) => l.startsWith('-A POSTROUTING '));
  const dnatBack = saved.split('\n').filter((l) => l.startsWith('-A PREROUTING '));
  if (dnatBack.length !== dnat.length || dnatBack.some((l) => !l.includes('-j DNAT')))
    throw new LabError(
      'failed',
      `${tools.save} in ${netns} does not show the DNAT rules applied:\n  ${dnat.join('\n  ')}\nread back:\n  ${dnatBack.join('\n  ')}`,
    );
  const applied = rules.map(renderIptablesRule);
  const canonical = readBack.map((line) => {
    const spec = parseRuleSpec(line);
    const rule = spec.issues.length === 0 ? toNatRule(spec.value) : undefined;
    return rule?.value === undefined ? `unreadable: ${line}` : renderIptablesRule(rule.value);
  });
  if (canonical.length !== applied.length || canonical.some((l, i) => l !== applied[i]))
    throw new LabError(
      'failed',
      `${tools.save} in ${netns} does not show the rules applied:\napplied:\n  ${applied.join('\n  ')}\nread back:\n  ${readBack.join('\n  ')}`,
    );
  return { applied: [...dnat, ...applied], readBack: [...dnatBack, ...readBack] };
}

/**
 * Native nftables: loads the ruleset with `nft -f -`, reads it back with `nft -j list ruleset`, and fails unless
 * the `ip portclash_nat` postrouting chain, decoded by the same parser `doctor` uses for nft JSON
 * (parseNftJson + natChainsFromNft), holds exactly those rules.
 */
async function applyNftRules(
  netns: string,
  rules: readonly NatRule[],
  services: readonly LabDnatService[],
): Promise<{ applied: string[]; readBack: string[] }> {
  const dnat = services.map((s) => {
    const rule = renderNftDnat(s);
    if (rule === undefined)
      throw new LabError('refused', `service ${s.name}: nft DNAT maps need backends on one port`);
    return rule;
  });
  await runChecked(inNetns(netns, 'nft', '-f', '-'), { input: renderNftRuleset(rules, dnat) });
  const json = await runChecked(inNetns(netns, 'nft', '-j', 'list', 'ruleset'));
  const parsed = parseNftJson(json);
  const table = natChainsFromNft(parsed.value, 'nft-json').find((t) => t.table === `ip ${LAB_NFT_NAT_TABLE}`);
  const chain = table?.chains.find((c) => c.name === 'postrouting');
  const readBack = chain?.rules.map((r) => r.text) ?? [];
  const dnatBack = table?.chains.find((c) => c.name === 'prerouting')?.rules.map((r) => r.text) ?? [];
  if (dnatBack.length !== dnat.length || dnatBack.some((l) => !l.includes('dnat')))
    throw new LabError(
      'failed',
      `nft -j list ruleset in ${netns} does not show the DNAT rules applied:\n  ${dnat.join('\n  ')}\nread back:\n  ${dnatBack.join('\n  ')}`,
    );
  const applied = rules.map(renderNftRule);
  const canonical =
    chain?.rules.map((r) => (r.nat === undefined ? `unreadable: ${r.text}` : renderNftRule(r.nat))) ?? [];
  if (
    chain?.hook !== 'postrouting' ||
    canonical.length !== applied.length ||
    canonical.some((l, i) => l !== applied[i])
  )
    throw new LabError(
      'failed',
      `nft -j list ruleset in ${netns} does not show the rules applied:\napplied:\n  ${applied.join('\n  ')}\nread back:\n  ${readBack.join('\n  ')}`,
    );
  return { applied: [...dnat, ...applied], readBack: [...dnatBack, ...readBack] };
}

/** The namespace's /proc/net/stat/nf_conntrack, one row per possible CPU. */
export async function readConntrackStats(netns: string) {
  const text = await runChecked(inNetns(netns, 'cat', '/proc/net/stat/nf_conntrack'));
  const parsed = parseProcNetStatConntrack(text);
  if (parsed.issues.length > 0)
    throw new LabError('failed', `cannot read /proc/net/stat/nf_conntrack: ${parsed.issues[0]!.message}`);
  return parsed.value;
}

/** `conntrack -L` of the namespace (its own table only: conntrack tables are per network namespace). */
export async function readConntrackList(netns: string) {
  const { value } = parseConntrackList(
    await runChecked(inNetns(netns, 'conntrack', '-L'), { timeoutMs: 30_000 }),
  );
  return { entries: value.entries, other: value.totals.others, skipped: value.totals.skipped };
}
