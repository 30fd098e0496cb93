import { renderNatChainRule } from '../../formats/iptables/render-nat-chain-rule.js';
import { sumCpus } from '../build-conntrack-series.js';
import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import type { Facts } from '../facts.js';
import type { Severity } from '../finding.js';
import { listSnatRules, type SnatRule } from '../list-snat-rules.js';
import { natEvidence } from '../nat-evidence.js';
import { OWNERS } from '../owner.js';

const EXPLAIN_FIX =
  ' With --random-fully every new connection gets a random port, so two CPUs no longer compute the same one.';

export const snatNotFullyRandom = defineRule({
  id: 'snat-not-fully-random',
  severity: 'high',
  summary: 'a MASQUERADE/SNAT rule without --random-fully (nft: fully-random), weighted by the kernel era',
  messages: {
    roverEra: {
      title: '{owner} {target} rule without --random-fully on a port-rover kernel ({release})',
      explanation:
        'Kernel {release} picks the next port from one shared, unlocked rover when the original port is taken: two CPUs setting up connections at once compute the same port, and the second connection loses its SYN at conntrack confirm (insert_failed) and waits a 1 s retransmission.' +
        EXPLAIN_FIX,
    },
    randomHashOnly: {
      title: '{owner} {target} rule has --random but not --random-fully on {release}',
      explanation:
        'Before 5.0, --random starts the port search from a keyed hash of source, destination and destination port: concurrent connections to the same service start from the same port and race as without it.' +
        EXPLAIN_FIX,
    },
    prngEraClashes: {
      title: '{owner} {target} rule without --random-fully while conntrack counts clashes',
      explanation:
        'Kernel {release} starts a clashing port search at a random offset, which makes the race rare, but the rule still keeps the original source port when it looks free: two containers using the same source port towards one destination clash at confirm. The counters show clashes ({counters}).' +
        EXPLAIN_FIX,
    },
    prngEra: {
      title: '{owner} {target} rule without --random-fully',
      explanation:
        'Kernel {release} starts a clashing port search at a random offset, so the race is rare; it remains when two containers use the same source port towards one destination (the port is kept when it looks free).' +
        EXPLAIN_FIX,
    },
    unknownKernel: {
      title: '{owner} {target} rule without --random-fully (kernel unknown)',
      explanation:
        'Whether this rule races badly depends on the kernel: before 5.0 (and before the Feb 2022 stable backports such as 4.19.228) one shared port rover makes concurrent connections pick the same port. Capture `uname -r` to tell.' +
        EXPLAIN_FIX,
    },
    noRandomFullyInKernel: {
      title: '{owner} {target} rule without --random-fully, and kernel {release} has none',
      explanation:
        'NF_NAT_RANGE_PROTO_RANDOM_FULLY arrived in 3.14; this kernel cannot randomise ports fully, and its shared rover races. Only a newer kernel fixes it.',
    },
  },
  check(facts, { finding }) {
    const kernel = facts.kernel;
    const clashes = clashCounters(facts);
    return listSnatRules(facts.nat)
      .filter((s) => s.flags && !s.flags.randomFully)
      .map((s) => {
        const flags = s.flags!;
        const data = {
          owner: OWNERS[s.owner].label,
          target: s.target === 'snat' ? 'SNAT' : 'MASQUERADE',
          release: kernel?.release ?? 'unknown',
          counters: clashes ?? '',
        };
        const base = { data, owner: s.owner, evidence: [natEvidence(s)] };
        if (!kernel)
          return finding({ ...base, messageId: 'unknownKernel', severity: 'medium', changes: changesFor(s) });
        const p = kernel.profile;
        if (!p.randomFully)
          return finding({
            ...base,
            messageId: 'noRandomFullyInKernel',
            changes: [
              { kind: 'upgrade-kernel', atLeast: '5.0', why: 'random-fully and no shared port rover' },
            ],
          });
        if (flags.random && p.randomUsesSecurePort)
          return finding({
            ...base,
            messageId: 'randomHashOnly',
            severity: p.natOffset === 'rover' ? 'high' : 'medium',
            changes: changesFor(s),
          });
        if (p.natOffset === 'rover')
          return finding({ ...base, messageId: 'roverEra', changes: changesFor(s) });
        if (flags.random) return undefined; // 5.0+: --random draws from the PRNG and skips keeping the port.
        const severity: Severity = clashes ? 'medium' : 'low';
        return finding({
          ...base,
          messageId: clashes ? 'prngEraClashes' : 'prngEra',
          severity,
          changes: changesFor(s),
        });
      })
      .filter((f) => f !== undefined);
  },
});

/** `insert_failed=12 drop=3` summed over the namespaces, when any of them is not 0. */
function clashCounters(facts: Facts): string | undefined {
  let insertFailed = 0;
  let drop = 0;
  for (const series of facts.conntrack) {
    const c = series.growth?.total ?? sumCpus(series.samples.at(-1)?.cpus ?? []);
    insertFailed += c.insert_failed;
    drop += c.drop;
  }
  return insertFailed + drop > 0 ? `insert_failed=${insertFailed} drop=${drop}` : undefined;
}

function changesFor(s: SnatRule): Change[] {
  const info = OWNERS[s.owner];
  const t = s.rule.target;
  if (t.type !== 'masquerade' && t.type !== 'snat') return [];
  const replacement = renderNatChainRule({
    ...s.rule,
    target: { ...t, flags: { ...t.flags, randomFully: true } },
  });
  const edit: Change = { kind: 'add-random-fully', at: s.location, replacement, lasting: !info.rewrites };
  return info.randomFullySetting
    ? [{ kind: 'owner-setting', owner: s.owner, setting: info.randomFullySetting }, edit]
    : [edit];
}
