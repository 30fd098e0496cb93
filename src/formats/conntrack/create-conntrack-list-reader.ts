import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';
import type { ConntrackListIssue, ConntrackListOther } from './conntrack-list-issue.js';
import { readConntrackListLine } from './read-conntrack-list-line.js';

/** Where a reader delivers what it reads, line by line (nothing is kept unless the sink keeps it). */
export interface ConntrackListSink {
  readonly entry: (entry: ConntrackListEntry, line: number) => void;
  readonly other?: (other: ConntrackListOther, line: number) => void;
  readonly issue?: (issue: ConntrackListIssue) => void;
}

/** What a whole listing held, besides the entries the sink got. */
export interface ConntrackListTotals {
  readonly lines: number;
  readonly entries: number;
  readonly others: number;
  /** Lines that were neither (their issues say why). */
  readonly skipped: number;
  /** The stderr summary ("N flow entries have been shown"), when the text includes it. */
  readonly summary?: { readonly version: string; readonly shown: number; readonly line: number };
  readonly issues: number;
}

export interface ConntrackListReader {
  /** Feeds the next piece of text; a line may span pieces. */
  readonly push: (chunk: string) => void;
  /** Reads the last, unterminated line and checks the summary's count. */
  readonly end: () => ConntrackListTotals;
}

/**
 * The incremental reader of `conntrack -L` / `/proc/net/nf_conntrack`: a platform reader feeds it a 1 GiB dump
 * chunk by chunk and only the current line is held. `parseConntrackList` is the whole-text form.
 */
export function createConntrackListReader(sink: ConntrackListSink): ConntrackListReader {
  let rest = '';
  let lineNumber = 0;
  let entries = 0;
  let others = 0;
  let skipped = 0;
  let issueCount = 0;
  let summary: ConntrackListTotals['summary'];
  const issues: ConntrackListIssue[] = [];
  const readLine = (text: string) => {
    lineNumber++;
    const read = readConntrackListLine(text, lineNumber, issues);
    if (issues.length > 0) {
      issueCount += issues.length;
      for (const i of issues) sink.issue?.(i);
      issues.length = 0;
    }
    switch (read.type) {
      case 'entry':
        entries++;
        sink.entry(read.entry, lineNumber);
        break;
      case 'other':
        others++;
        sink.other?.(read.other, lineNumber);
        break;
      case 'summary':
        summary = { version: read.version, shown: read.shown, line: lineNumber };
        break;
      case 'unreadable':
        skipped++;
        break;
      case 'blank':
        break;
      default: {
        const never: never = read;
        throw new Error(`unhandled line ${String(never)}`);
      }
    }
  };
  return {
    push(chunk) {
      let text = rest === '' ? chunk : rest + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        readLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = start === 0 ? text : text.slice(start);
      text = '';
    },
    end() {
      if (rest !== '') readLine(rest);
      rest = '';
      if (summary && summary.shown !== entries + others + skipped) {
        issueCount++;
        sink.issue?.({
          code: 'count-mismatch',
          line: summary.line,
          column: 1,
          message: `the summary says ${summary.shown} entries, the listing has ${entries + others + skipped}`,
        });
      }
      return { lines: lineNumber, entries, others, skipped, ...(summary && { summary }), issues: issueCount };
    },
  };
}
