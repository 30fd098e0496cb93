import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';
import {
  type ConntrackListFields,
  createConntrackListFields,
  toConntrackListEntry,
} from './conntrack-list-fields.js';
import type { ConntrackListIssue, ConntrackListOther } from './conntrack-list-issue.js';
import { createLineSplitter } from './create-line-splitter.js';
import { readConntrackListLine } from './read-conntrack-list-line.js';

/** Where a reader delivers what it reads, line by line (nothing is kept unless the sink keeps it). */
export interface ConntrackListSink {
  /** Each TCP/UDP IPv4 entry, a new object the sink may keep. */
  readonly entry?: (entry: ConntrackListEntry, line: number) => void;
  /** The same entry as the reader's reused record, valid during the call only: no object per entry. */
  readonly fields?: (fields: Readonly<ConntrackListFields>, line: number) => void;
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
  /** Feeds the next bytes (UTF-8, as read from a file or a pipe); a line or a character may span chunks. */
  readonly pushBytes: (chunk: Uint8Array) => void;
  /** Reads the last, unterminated line and checks the summary's count. */
  readonly end: () => ConntrackListTotals;
}

/**
 * The incremental reader of `conntrack -L` / `/proc/net/nf_conntrack`: a platform reader feeds it a 1 GiB dump
 * chunk by chunk and only the current line is held. Text goes through the same byte reader (UTF-8 encoded).
 * `parseConntrackList` is the whole-text form.
 */
export function createConntrackListReader(sink: ConntrackListSink): ConntrackListReader {
  const encoder = new TextEncoder();
  const fields = createConntrackListFields();
  /** A high surrogate that ended a text chunk: its pair starts the next one. */
  let highSurrogate = '';
  let lineNumber = 0;
  let entries = 0;
  let others = 0;
  let skipped = 0;
  let issueCount = 0;
  let summary: ConntrackListTotals['summary'];
  const issues: ConntrackListIssue[] = [];
  const readLine = (bytes: Uint8Array, from: number, to: number) => {
    lineNumber++;
    const read = readConntrackListLine(bytes, from, to, lineNumber, fields, issues);
    if (issues.length > 0) {
      issueCount += issues.length;
      for (const i of issues) sink.issue?.(i);
      issues.length = 0;
    }
    switch (read.type) {
      case 'entry':
        entries++;
        sink.fields?.(fields, lineNumber);
        sink.entry?.(toConntrackListEntry(fields), lineNumber);
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
  const lines = createLineSplitter(readLine);
  /** A high surrogate whose pair did not come: U+FFFD, as TextEncoder writes it. */
  const flushSurrogate = () => {
    if (highSurrogate !== '') lines.push(encoder.encode(highSurrogate));
    highSurrogate = '';
  };
  return {
    push(chunk) {
      let text = highSurrogate === '' ? chunk : highSurrogate + chunk;
      highSurrogate = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        highSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      lines.push(encoder.encode(text));
    },
    pushBytes(chunk) {
      flushSurrogate();
      lines.push(chunk);
    },
    end() {
      flushSurrogate();
      lines.end();
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
