import type { Change } from './change.js';
import type { Evidence } from './evidence.js';
import type { Facts } from './facts.js';
import type { Finding, Severity } from './finding.js';
import type { Owner } from './owner.js';

/** A catalog entry: a one-line title and a plain explanation, with `{name}` placeholders for the data. */
export interface MessageTemplate {
  readonly title: string;
  readonly explanation: string;
}

export type MessageData = Readonly<Record<string, string | number>>;

export interface FindingInput<M extends string> {
  readonly messageId: M;
  readonly data?: MessageData;
  /** Defaults to the rule's severity. */
  readonly severity?: Severity;
  readonly owner?: Owner;
  readonly evidence: readonly Evidence[];
  readonly changes?: readonly Change[];
  readonly basis?: Finding['basis'];
}

export interface RuleContext<M extends string> {
  /** Builds a finding from a catalog key: the only way a rule words anything. */
  readonly finding: (input: FindingInput<M>) => Finding;
}

export interface RuleDefinition<Id extends string, M extends string> {
  /** Equal to the file name under src/diagnose/rules/ (a meta-test checks it). */
  readonly id: Id;
  /** The most severe level this rule reports at. */
  readonly severity: Severity;
  /** One line for the rule list in docs/doctor.md. */
  readonly summary: string;
  readonly messages: Readonly<Record<M, MessageTemplate>>;
  readonly check: (facts: Facts, context: RuleContext<M>) => readonly Finding[];
}

/** A rule as the registry holds it: facts in, findings out. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly messages: Readonly<Record<string, MessageTemplate>>;
  readonly check: (facts: Facts) => readonly Finding[];
}

/**
 * Declares a rule; message ids are inferred from the catalog's keys, so a finding cannot name a message that does
 * not exist (typescript-eslint's createRule).
 */
export function defineRule<const Id extends string, const M extends string>(
  definition: RuleDefinition<Id, M>,
): Rule & { readonly id: Id } {
  const context: RuleContext<M> = {
    finding: (input) => {
      const data = input.data ?? {};
      const template = definition.messages[input.messageId];
      return {
        ruleId: definition.id,
        severity: input.severity ?? definition.severity,
        messageId: input.messageId,
        title: fillTemplate(template.title, data),
        explanation: fillTemplate(template.explanation, data),
        data,
        ...(input.owner && { owner: input.owner }),
        evidence: input.evidence,
        changes: input.changes ?? [],
        basis: input.basis ?? 'configuration',
      };
    },
  };
  return {
    id: definition.id,
    severity: definition.severity,
    summary: definition.summary,
    messages: definition.messages,
    check: (facts) => definition.check(facts, context),
  };
}

/** `{name}` → data.name; unknown names stay as they are, so a test can catch them. */
export function fillTemplate(text: string, data: MessageData): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = data[name];
    return value === undefined ? all : String(value);
  });
}
