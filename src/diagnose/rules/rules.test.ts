import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ruleFiles = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const doc = readFileSync(join(here, '../../../docs/doctor.md'), 'utf8');

describe('the rule registry', () => {
  it('registers exactly one rule per file, named after it', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(ruleFiles);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has a valid/invalid test file', (id) => {
    expect(existsSync(join(here, `${id}.test.ts`))).toBe(true);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s is documented in docs/doctor.md', (id) => {
    expect(doc).toContain(`### \`${id}\``);
  });

  it.each(RULES.map((r) => [r.id, r] as const))(
    '%s has a title and an explanation for every message',
    (_, rule) => {
      for (const m of Object.values(rule.messages)) {
        expect(m.title.trim()).not.toBe('');
        expect(m.explanation.trim()).not.toBe('');
      }
    },
  );
});
