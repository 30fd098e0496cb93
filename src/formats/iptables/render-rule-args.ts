import type { RuleToken } from './tokenize-rule-spec.js';

/** Characters iptables-save leaves unquoted (xtables_save_string in libxtables/xtables.c). */
const SAFE = /^[-_0-9A-Za-z]+$/;

/**
 * Writes rule tokens back as iptables-restore reads them. Unquoted tokens are written as they were; a quoted one
 * is quoted as xtables_save_string does (`"…"` with `\"`, `\\` and `\'`) unless it is a plain word that cannot
 * be mistaken for an option, so `"!"` and `"-x"` stay arguments.
 */
export function renderRuleArgs(tokens: readonly RuleToken[]): string {
  return tokens.map(renderToken).join(' ');
}

function renderToken(token: RuleToken): string {
  const plain = SAFE.test(token.text) && !token.text.startsWith('-');
  if (!token.quoted || plain) return token.text;
  return `"${token.text.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}
