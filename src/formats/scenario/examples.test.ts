import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './parse-scenario-text.js';

const dir = fileURLToPath(new URL('../../../examples/scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('examples/scenarios', () => {
  it('has examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s validates with no issues', (file) => {
    const result = parseScenarioText(readFileSync(`${dir}${file}`, 'utf8'), file);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it.each(files)('%s says at the top what it shows', (file) => {
    expect(readFileSync(`${dir}${file}`, 'utf8').startsWith('# ')).toBe(true);
  });
});
