import type { Change } from '../diagnose/change.js';
import type { VerdictLevel } from '../diagnose/decide-verdict.js';
import { describeChange } from '../diagnose/describe-change.js';
import type { Diagnosis } from '../diagnose/diagnose.js';
import type { Evidence } from '../diagnose/evidence.js';
import type { Finding } from '../diagnose/finding.js';
import { OWNERS } from '../diagnose/owner.js';

const VERDICT: Readonly<Record<VerdictLevel, string>> = {
  affected: 'AFFECTED',
  likely: 'LIKELY AFFECTED',
  'not-affected': 'NOT AFFECTED',
  inconclusive: 'INCONCLUSIVE',
};

const WIDTH = 100;

/** The doctor's readable report: verdict, findings worst first (owner, evidence, change), input problems, gaps. */
export function renderDoctorReport(diagnosis: Diagnosis, origins: readonly string[]): string {
  const { verdict, findings, facts } = diagnosis;
  const out: string[] = [
    `portclash doctor: ${origins.join(', ')} (${facts.inputs.length} ${facts.inputs.length === 1 ? 'file' : 'files'})`,
    '',
    `Verdict: ${VERDICT[verdict.level]}: ${verdict.reason}`,
  ];
  if (findings.length === 0) out.push('', 'No findings.');
  else {
    out.push('', `Findings (${findings.length}, worst first):`);
    out.push(...findings.flatMap((f, i) => renderFinding(f, i + 1)));
  }
  if (facts.issues.length > 0) {
    out.push('', `Problems in the input (${facts.issues.length}; what could be read was used):`);
    for (const i of facts.issues.slice(0, 30))
      out.push(`  ${i.file}:${i.line}:${i.column}: ${i.code}: ${i.message}`);
    if (facts.issues.length > 30) out.push(`  … and ${facts.issues.length - 30} more (--json lists all)`);
  }
  if (facts.missing.length > 0) {
    out.push('', 'Not in the input:');
    for (const m of facts.missing) out.push(`  ${m.fact}: ${m.reason}`);
  }
  return `${out.join('\n')}\n`;
}

function renderFinding(f: Finding, n: number): string[] {
  const lines = [``, `${n}. [${f.severity}] ${f.title}`, `   rule: ${f.ruleId}`];
  if (f.owner) {
    const o = OWNERS[f.owner];
    lines.push(`   owner: ${o.label}${o.rewrites ? ' (rewrites its rules)' : ''}`);
  }
  lines.push(...f.evidence.map((e, i) => `   ${i === 0 ? 'evidence:' : '         '} ${renderEvidence(e)}`));
  lines.push(...wrap(f.explanation, WIDTH - 8).map((l, i) => `   ${i === 0 ? 'why:' : '    '} ${l}`));
  lines.push(...f.changes.map((c, i) => `   ${i === 0 ? 'change:' : '       '} ${renderChange(c)}`));
  return lines;
}

function renderEvidence(e: Evidence): string {
  const at = e.line === undefined ? e.file : `${e.file}:${e.line}`;
  return `${at}  ${e.text}${e.where ? `  (${e.where})` : ''}`;
}

function renderChange(c: Change): string {
  return `- ${describeChange(c)}`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
