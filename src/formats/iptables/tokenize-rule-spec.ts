import type { ParseResult, RuleSpecIssue } from './rule-spec-issue.js';

export interface RuleToken {
  /** The argument after quote removal and unescaping. */
  readonly text: string;
  /** 1-based column of the token's first character in the input. */
  readonly column: number;
  /** Some of it was inside double quotes: a quoted `"!"` or `"-x"` is an argument, never negation or an option. */
  readonly quoted: boolean;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Splits one rule line into arguments as iptables-restore does (`add_param_to_argv`): blanks separate words,
 * double quotes group, and inside quotes a backslash takes the next character literally (iptables-save writes
 * `\"` and `\\` in comments). Outside quotes a backslash is an ordinary character. Unlike iptables-restore, a
 * quoted part glued to other characters (`a"b c"`) continues the same word, as in a shell.
 */
export function tokenizeRuleSpec(text: string): ParseResult<readonly RuleToken[]> {
  const tokens: RuleToken[] = [];
  const issues: RuleSpecIssue[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    const start = i;
    let word = '';
    let quoted = false;
    while (i < text.length && !isBlank(text.charAt(i))) {
      const ch = text.charAt(i);
      if (ch !== '"') {
        word += ch;
        i++;
        continue;
      }
      quoted = true;
      const open = i;
      i++;
      let closed = false;
      while (i < text.length) {
        const q = text.charAt(i);
        if (q === '\\' && i + 1 < text.length) {
          word += text.charAt(i + 1);
          i += 2;
        } else if (q === '"') {
          closed = true;
          i++;
          break;
        } else {
          word += q;
          i++;
        }
      }
      if (!closed) {
        issues.push({ code: 'unterminated-quote', column: open + 1, message: 'missing closing "' });
        i = text.length;
      }
    }
    tokens.push({ text: word, column: start + 1, quoted });
  }
  return { value: tokens, issues };
}
