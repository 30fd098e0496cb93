import type { ScenarioIssue } from '../formats/scenario/scenario-issue.js';

/**
 * `file:line:col: path: message` per issue, with the offending line and a caret under the column when the
 * text is known — the one place scenario issues get their presentation.
 */
export function renderScenarioIssues(
  issues: readonly ScenarioIssue[],
  fileName: string,
  text: string,
): string {
  const lines = text.split(/\r?\n/);
  const out = issues.map((issue) => {
    const where = issue.line === undefined ? fileName : `${fileName}:${issue.line}:${issue.column ?? 1}`;
    const path = issue.path ? `${issue.path}: ` : '';
    let excerpt = '';
    if (issue.line !== undefined) {
      const source = lines[issue.line - 1];
      if (source !== undefined)
        excerpt = `\n    ${source}\n    ${' '.repeat(Math.max(0, (issue.column ?? 1) - 1))}^`;
    }
    return `${where}: ${path}${issue.message}${excerpt}`;
  });
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `invalid scenario (${count}):\n${out.join('\n')}`;
}
