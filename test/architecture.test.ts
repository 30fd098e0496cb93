import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  formats: ['core', 'formats'],
  diagnose: ['core', 'formats', 'diagnose'],
  fix: ['core', 'formats', 'diagnose', 'fix'],
  report: ['core', 'formats', 'diagnose', 'report'],
  platform: ['core', 'formats', 'platform'],
  cli: ['core', 'formats', 'diagnose', 'fix', 'report', 'platform', 'cli'],
  /** src/index.ts: the library's entry point, pure re-exports. */
  'index.ts': ['core', 'formats', 'diagnose', 'fix', 'report'],
};
const PURE = new Set(['core', 'formats', 'diagnose', 'fix', 'report', 'index.ts']);
const PACKAGES_ALLOWED: Readonly<Record<string, readonly string[]>> = { formats: ['yaml'] };
const IMPURE =
  /\b(Math\.random\(|Date\.now\(|new Date\(|process\.|setTimeout\(|setInterval\(|performance\.now\()/;

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    specs.push(m[1] ?? '');
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] ?? '');
  return specs;
}

const files = listTs(src);
const layerOf = (file: string): string => relative(src, file).split('/')[0] ?? '';
const resolveLocal = (from: string, spec: string): string =>
  resolve(dirname(from), spec).replace(/\.js$/, '.ts');

describe('architecture', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports only along allowed edges', () => {
    const bad: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const allowed = ALLOWED[layer];
      if (!allowed) {
        bad.push(`${relative(root, file)}: folder src/${layer} is not in docs/ARCHITECTURE.md`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = layerOf(resolveLocal(file, spec));
          if (!allowed.includes(target)) bad.push(`${relative(root, file)} → src/${target} (${spec})`);
        } else if (spec.startsWith('node:')) {
          if (PURE.has(layer) || layer === 'cli') bad.push(`${relative(root, file)} imports ${spec}`);
        } else if (PURE.has(layer) && !(PACKAGES_ALLOWED[layer] ?? []).includes(spec)) {
          bad.push(`${relative(root, file)} imports package ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps pure folders free of clocks, randomness and process', () => {
    const bad = files
      .filter((f) => PURE.has(layerOf(f)))
      .filter((f) => IMPURE.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const f of files) {
      graph.set(
        f,
        importsOf(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveLocal(f, s)),
      );
    }
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 2) return;
      if (state.get(node) === 1) {
        cycles.push([...path.slice(path.indexOf(node)), node].map((p) => relative(src, p)).join(' → '));
        return;
      }
      state.set(node, 1);
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 2);
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
