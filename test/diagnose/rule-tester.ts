import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/core/net/cidr.js';
import { assembleFacts } from '../../src/diagnose/assemble-facts.js';
import type { Rule } from '../../src/diagnose/define-rule.js';
import type { Facts } from '../../src/diagnose/facts.js';
import type { Finding, Severity } from '../../src/diagnose/finding.js';
import type { Owner } from '../../src/diagnose/owner.js';

/** Captures by file name (`iptables-save.txt`: text); with `manifest.json` they form a snapshot. */
export type Captures = Readonly<Record<string, string>>;

export interface ValidCase {
  readonly name: string;
  readonly captures: Captures;
  readonly vpcCidrs?: readonly string[];
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly severity?: Severity;
  readonly owner?: Owner;
  /** `file:line` of the first evidence. */
  readonly at?: string;
  /** The kinds of the changes, in order. */
  readonly changes?: readonly string[];
}

export interface InvalidCase extends ValidCase {
  readonly findings: readonly ExpectedFinding[];
}

/** Facts from captures, as `doctor` assembles them (file names stay as given). */
export function factsOf(captures: Captures, vpcCidrs: readonly string[] = []): Facts {
  return assembleFacts(
    [
      {
        origin: 'test',
        kind: 'live',
        files: Object.entries(captures).map(([name, text]) => ({ name, text })),
      },
    ],
    { vpcCidrs: vpcCidrs.map((c) => parseCidr(c)!) },
  );
}

/**
 * typescript-eslint's RuleTester for doctor rules: `valid` cases produce no finding, `invalid` ones exactly the
 * listed findings (message id, and severity, owner, evidence position and change kinds where given). Every
 * finding must have filled all its placeholders and carry evidence.
 */
export function runRuleTests(
  rule: Rule,
  cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] },
): void {
  describe(rule.id, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))('valid: %s', (_, c) => {
      expect(summarize(rule.check(factsOf(c.captures, c.vpcCidrs)))).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_, c) => {
      const findings = rule.check(factsOf(c.captures, c.vpcCidrs));
      for (const f of findings) {
        expect(f.ruleId).toBe(rule.id);
        expect(`${f.title} ${f.explanation}`).not.toMatch(/\{\w+\}/);
        expect(f.evidence.length).toBeGreaterThan(0);
      }
      const actual = summarize(findings).map((f, i) => pick(f, c.findings[i]));
      expect(actual).toEqual(c.findings);
    });
  });
}

function summarize(findings: readonly Finding[]) {
  return findings.map((f) => ({
    messageId: f.messageId,
    severity: f.severity,
    ...(f.owner && { owner: f.owner }),
    at: `${f.evidence[0]?.file}:${f.evidence[0]?.line}`,
    changes: f.changes.map((c) => c.kind),
  }));
}

/** Only the fields the expectation names, so a case states what it is about. */
function pick(actual: ReturnType<typeof summarize>[number], expected: ExpectedFinding | undefined) {
  if (!expected) return actual;
  return Object.fromEntries(Object.entries(actual).filter(([k]) => k in expected));
}
