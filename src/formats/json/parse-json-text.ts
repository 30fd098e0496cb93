/** A JSON value as parsed: objects are plain records. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

export type JsonIssueCode =
  /** Not JSON at this point (a stray character, a missing comma or colon, trailing text). */
  | 'bad-json'
  /** The text ends inside a value: the open arrays and objects were closed where it stopped. */
  | 'truncated-json';

export interface JsonIssue {
  readonly code: JsonIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedJson {
  /** What could be read; undefined when not even the start of a value was there. */
  readonly value: JsonValue | undefined;
  readonly issues: readonly JsonIssue[];
  /** 1-based line and column where an object or array of `value` starts. */
  readonly positionOf: (node: object) => { readonly line: number; readonly column: number } | undefined;
  /** False for an object or array the text ended inside of (its content is partial). */
  readonly isComplete: (node: object) => boolean;
}

type Obj = Record<string, JsonValue>;
type Frame =
  | { readonly kind: 'array'; readonly node: JsonValue[]; state: 'first' | 'value' | 'next' }
  | {
      readonly kind: 'object';
      readonly node: Obj;
      key: string | undefined;
      state: 'first' | 'key' | 'colon' | 'value' | 'next';
    };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * A JSON reader that never throws and keeps positions: on truncated input (a capture cut short) it closes what
 * is open and returns the part read, on a syntax error it stops there. Iterative, so deep nesting cannot overflow
 * the stack.
 */
export function parseJsonText(text: string): ParsedJson {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
  const offsets = new WeakMap<object, number>();
  const issues: JsonIssue[] = [];
  const stack: Frame[] = [];
  let root: JsonValue | undefined;
  let i = 0;
  const fail = (code: JsonIssueCode, at: number, message: string) => {
    issues.push({ code, ...position(at), message });
  };
  const attach = (value: JsonValue): void => {
    const top = stack.at(-1);
    if (!top) root = value;
    else if (top.kind === 'array') {
      top.node.push(value);
      top.state = 'next';
    } else {
      const key = top.key ?? '';
      if (key === '__proto__')
        Object.defineProperty(top.node, key, { value, enumerable: true, writable: true });
      else top.node[key] = value;
      top.key = undefined;
      top.state = 'next';
    }
  };
  const open = (frame: Frame, at: number) => {
    offsets.set(frame.node, at);
    attach(frame.node);
    stack.push(frame);
  };

  for (;;) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const c = text.charAt(i);
    const top = stack.at(-1);
    if (!top && root !== undefined) {
      fail('bad-json', i, 'text after the end of the JSON value');
      break;
    }
    const state = top?.state ?? 'value';
    if ((c === ']' || c === '}') && top && (top.state === 'first' || top.state === 'next')) {
      if ((c === ']') !== (top.kind === 'array')) {
        fail('bad-json', i, `unexpected ${c}`);
        break;
      }
      stack.pop();
      i++;
      continue;
    }
    if (c === ',' && state === 'next' && top) {
      top.state = top.kind === 'array' ? 'value' : 'key';
      i++;
      continue;
    }
    if (c === ':' && top?.kind === 'object' && state === 'colon') {
      top.state = 'value';
      i++;
      continue;
    }
    const wantsKey = top?.kind === 'object' && (state === 'first' || state === 'key');
    const wantsValue = !wantsKey && (state === 'value' || (top?.kind === 'array' && state === 'first'));
    if (c === '"' && (wantsKey || wantsValue)) {
      const s = readString(text, i + 1);
      if (s.end === undefined) {
        fail('truncated-json', text.length, 'the text ends inside a string');
        i = text.length;
        break;
      }
      i = s.end;
      if (wantsKey && top?.kind === 'object') {
        top.key = s.value;
        top.state = 'colon';
      } else attach(s.value);
      continue;
    }
    if (!wantsValue) {
      fail('bad-json', i, `unexpected ${JSON.stringify(c)}`);
      break;
    }
    if (c === '{') open({ kind: 'object', node: {}, key: undefined, state: 'first' }, i++);
    else if (c === '[') open({ kind: 'array', node: [], state: 'first' }, i++);
    else if (literal(text, i) !== undefined) {
      const [word, value] = literal(text, i) ?? ['null', null];
      attach(value);
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) {
        const rest = text.slice(i).trimEnd();
        if (['true', 'false', 'null', '-'].some((w) => w.startsWith(rest)))
          fail('truncated-json', text.length, 'the text ends inside a value');
        else fail('bad-json', i, `unexpected ${JSON.stringify(c)}`);
        break;
      }
      attach(Number(m[0]));
      i += m[0].length;
    }
  }
  if (stack.length > 0 && issues.length === 0)
    fail('truncated-json', text.length, 'the text ends inside a value');
  if (root === undefined && issues.length === 0) fail('bad-json', 0, 'no JSON value');
  const partial = new WeakSet<object>(stack.map((f) => f.node));
  return {
    value: root,
    issues,
    isComplete: (node) => !partial.has(node),
    positionOf: (node) => {
      const at = offsets.get(node);
      return at === undefined ? undefined : position(at);
    },
  };
}

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

function literal(text: string, at: number): readonly [string, JsonValue] | undefined {
  return LITERALS.find(([word]) => text.startsWith(word, at));
}

function readString(text: string, start: number): { value: string; end?: number } {
  let value = '';
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text.charAt(i + 1);
    if (e === 'u') {
      const hex = text.slice(i + 2, i + 6);
      value += /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(Number.parseInt(hex, 16)) : '';
      i += 6;
    } else {
      value += ESCAPES[e] ?? e;
      i += 2;
    }
  }
  return { value };
}
