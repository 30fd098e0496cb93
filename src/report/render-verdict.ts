import type { KernelProfile } from '../core/kernel/kernel-profile.js';
import type { CaseOutcome } from '../core/sim/run-cases.js';

const total = (o: CaseOutcome, f: (r: CaseOutcome['runs'][number]) => number): number =>
  o.runs.reduce((a, r) => a + f(r), 0);

/** User-visible harm of a row's connects: waits of 1 s or more, and failures. */
function harm(o: CaseOutcome): number {
  return total(o, (r) => r.tcp.delayed1s + r.tcp.failed);
}

function clashes(o: CaseOutcome): number {
  return total(o, (r) => r.tcp.synsLost);
}

function dnsHarm(o: CaseOutcome): number {
  return total(o, (r) => r.dns.delayed5s + r.dns.failed);
}

function describeEra(p: KernelProfile): string {
  if (p.natOffset === 'rover') return 'a shared port rover, as before 5.0';
  return p.timeWaitEviction
    ? 'random port offsets and TIME_WAIT eviction'
    : 'random port offsets, as since 5.0';
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(part * 1000 < whole ? 2 : 1)}%` : '0%';
}

/**
 * One paragraph in plain words: how badly plain MASQUERADE suffers on each kernel, which fixes removed the
 * clashes, which made things worse, and what to change. Derived from the outcomes only.
 */
export function renderVerdict(outcomes: readonly CaseOutcome[]): string {
  const kernels = [...new Set(outcomes.map((o) => o.kernel))];
  const sentences: string[] = [];
  for (const kernel of kernels) {
    const rows = outcomes.filter((o) => o.kernel === kernel);
    const base = rows.find((o) => o.strategy === 'masquerade') ?? rows[0]!;
    const conns = total(base, (r) => r.tcp.attempted);
    const lookups = total(base, (r) => r.dns.lookups);
    const delayed = total(base, (r) => r.tcp.delayed1s);
    const dns5 = total(base, (r) => r.dns.delayed5s);
    const lost = clashes(base);
    const era = describeEra(base.profile);
    if (lost === 0) {
      sentences.push(
        `On ${kernel} (${era}), ${base.rules} lost no SYN in this run: inconclusive, not proof that the host is safe.`,
      );
    } else {
      sentences.push(
        `On ${kernel} (${era}), ${base.rules} lost ${plural(lost, 'SYN')} to the SNAT race: ${delayed} of ${conns} connects (${pct(delayed, conns)}) took 1 s or more.`,
      );
    }
    if (lookups > 0 && rows.every((o) => dnsHarm(o) > 0)) {
      const resolved = total(base, (r) => r.conntrack.total.clash_resolve);
      sentences.push(
        `${dns5} of ${lookups} DNS lookups took 5 s or more whatever the SNAT rule: A and AAAA leave one socket together and the DNAT'ed service sends them to different backends, a clash only kernels from 5.6 resolve; glibc \`options single-request-reopen\` or a node-local DNS cache avoid it.`,
      );
      if (resolved > 0) sentences.push(`(${resolved} clashes were resolved by the kernel.)`);
    } else if (lookups > 0 && dnsHarm(base) > 0) {
      sentences.push(`${dns5} of ${lookups} DNS lookups took 5 s or more under ${base.rules}.`);
    } else if (lookups > 0) {
      const resolved = total(base, (r) => r.conntrack.total.clash_resolve);
      if (resolved > 0) {
        sentences.push(
          `DNS: ${resolved} parallel A/AAAA queries clashed in conntrack and the kernel resolved them (clash_resolve); no lookup waited 5 s.`,
        );
      }
    }
    const better: string[] = [];
    const worse: string[] = [];
    const partial: string[] = [];
    for (const o of rows) {
      if (o === base) continue;
      const verdict = compareToBase(o, base);
      if (verdict === 'cured') better.push(o.rules);
      else if (verdict === 'worse') worse.push(`${o.rules} (${harm(o)} delayed ≥ 1 s or failed)`);
      else if (verdict === 'better') partial.push(`${o.rules} (${harm(o)} delayed ≥ 1 s or failed)`);
    }
    if (better.length > 0) sentences.push(`${capitalise(joinWords(better))} removed every clash there.`);
    if (partial.length > 0) sentences.push(`${capitalise(joinWords(partial))} helped only in part.`);
    if (worse.length > 0) {
      const why =
        base.profile.natOffset === 'rover' &&
        base.profile.randomUsesSecurePort &&
        worse.some((w) => w.includes('--random '))
          ? ': on this kernel --random starts every search for one destination at the same hashed port, so parallel connects pick the same port'
          : '';
      sentences.push(`${capitalise(joinWords(worse))} made it worse${why}.`);
    }
  }
  const byRules = new Map<string, number>();
  for (const o of outcomes) byRules.set(o.rules, (byRules.get(o.rules) ?? 0) + harm(o));
  if (byRules.size > 1) {
    const ranked = [...byRules]
      .sort((a, b) => a[1] - b[1])
      .map(([rules, h], i) => `${i + 1}. ${rules} (${h})`);
    sentences.push(
      `Ranking of the rule sets by connects delayed 1 s or more or failed, all kernels together: ${ranked.join(', ')}.`,
    );
  }
  return wrap(sentences.join(' '), 100);
}

/**
 * How a rule set did against plain MASQUERADE. With one run, a difference must be large (more than 5 and more
 * than double) to count; with several, the 95 % intervals of the delay rate must not overlap.
 */
function compareToBase(o: CaseOutcome, base: CaseOutcome): 'cured' | 'better' | 'worse' | 'same' {
  const h = harm(o);
  const b = harm(base);
  const many = o.runs.length > 1 && base.runs.length > 1;
  const ro = o.rates.delayed1s;
  const rb = base.rates.delayed1s;
  // One or two lost SYNs are noise: "removed every clash" needs the baseline to have clashed clearly.
  if (clashes(o) === 0 && h === 0 && (many ? rb.low > 0 : clashes(base) > 5)) return 'cured';
  if (many ? ro.low > rb.high : h > 5 && h > 2 * b) return 'worse';
  if (many ? ro.high < rb.low : b > 5 && h * 2 < b) return 'better';
  return 'same';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return `${lines.join('\n')}\n`;
}
