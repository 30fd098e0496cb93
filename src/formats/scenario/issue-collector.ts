import {
  formatPath,
  type PathSegment,
  type ScenarioIssue,
  type ScenarioIssueCode,
} from './scenario-issue.js';

export type Path = readonly PathSegment[];

/** Accumulates issues while a scenario is validated, so that every mistake is reported, not just the first. */
export class IssueCollector {
  readonly issues: ScenarioIssue[] = [];

  add(
    code: ScenarioIssueCode,
    path: Path,
    message: string,
    where: { readonly onKey?: true; readonly offset?: number } = {},
  ): void {
    this.issues.push({ code, path: formatPath(path), segments: path, message, ...where });
  }

  get count(): number {
    return this.issues.length;
  }
}
