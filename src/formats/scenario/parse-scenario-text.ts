import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
} from 'yaml';
import type { ScenarioIssue } from './scenario-issue.js';
import { type ValidateScenarioResult, validateScenario } from './validate-scenario.js';

/**
 * Parses a scenario file (YAML, or JSON, which YAML 1.2 reads as well) and validates it. Issues carry the
 * file name and, where the text tells, the 1-based line and column of the offending key or value, sorted by
 * position. Never throws.
 */
export function parseScenarioText(text: string, fileName: string): ValidateScenarioResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return {
          code: 'syntax',
          path: '',
          segments: [],
          message: e.message,
          file: fileName,
          line,
          column: col,
        };
      }),
    };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // yaml throws only for alias bombs and unresolvable aliases, which are the file's fault.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ code: 'syntax', path: '', segments: [], message, file: fileName }] };
  }
  const result = validateScenario(raw);
  if (result.ok) return result;
  const located = result.issues.map((issue) => locate(issue, doc, lineCounter, text, fileName));
  return { ok: false, issues: sortByPosition(located) };
}

function locate(
  issue: ScenarioIssue,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  text: string,
  fileName: string,
): ScenarioIssue {
  const node = findNode(doc, issue);
  const start = node?.range?.[0];
  if (start === undefined) return { ...issue, file: fileName };
  const { line, col } = lineCounter.linePos(start);
  return { ...issue, file: fileName, line, column: col + offsetInScalar(node, issue, text) };
}

/** The node an issue is about, or the nearest enclosing one that exists (the object a missing key belongs in). */
function findNode(doc: Document.Parsed, issue: ScenarioIssue): Node | undefined {
  let node: Node | null = doc.contents;
  const segments = issue.segments;
  for (let k = 0; k < segments.length && node !== null; k++) {
    if (isAlias(node)) node = node.resolve(doc) ?? node;
    const segment = segments[k];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return node;
      const last = k === segments.length - 1;
      const key = isNode(pair.key) ? pair.key : node;
      if ((last && issue.onKey) || !isNode(pair.value)) return key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) return node;
      node = item;
    } else return node;
  }
  return node ?? undefined;
}

/** An issue inside a string (a token of an iptables rule) moves right when the scalar is written as it reads. */
function offsetInScalar(node: Node | undefined, issue: ScenarioIssue, text: string): number {
  if (issue.offset === undefined || !isScalar(node) || typeof node.value !== 'string' || !node.range)
    return 0;
  const source = text.slice(node.range[0], node.range[1]);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const inner = quoted ? source.slice(1, -1) : source;
  return inner === node.value ? issue.offset + (quoted ? 1 : 0) : 0;
}

function sortByPosition(issues: readonly ScenarioIssue[]): readonly ScenarioIssue[] {
  const key = (i: ScenarioIssue): number => (i.line ?? 0) * 1e6 + (i.column ?? 0);
  return [...issues].sort((a, b) => key(a) - key(b));
}
