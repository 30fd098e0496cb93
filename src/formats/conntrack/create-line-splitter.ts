/** Feeds bytes in, gets lines out: the line is bytes[from, to), without its `\n`, valid during the call only. */
export interface LineSplitter {
  readonly push: (chunk: Uint8Array) => void;
  /** The last line, when the bytes did not end with a newline. */
  readonly end: () => void;
}

const NEWLINE = 10;

/**
 * Splits a byte stream into lines without copying them: a line inside a chunk is read where it lies, only a line
 * that spans chunks is assembled (in a buffer reused for the next one).
 */
export function createLineSplitter(
  onLine: (bytes: Uint8Array, from: number, to: number) => void,
): LineSplitter {
  let rest = new Uint8Array(256);
  let restLength = 0;
  const keep = (bytes: Uint8Array) => {
    if (restLength + bytes.length > rest.length) {
      const grown = new Uint8Array(Math.max(rest.length * 2, restLength + bytes.length));
      grown.set(rest.subarray(0, restLength));
      rest = grown;
    }
    rest.set(bytes, restLength);
    restLength += bytes.length;
  };
  return {
    push(chunk) {
      let start = 0;
      if (restLength > 0) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl < 0) return keep(chunk);
        keep(chunk.subarray(0, nl));
        onLine(rest, 0, restLength);
        restLength = 0;
        start = nl + 1;
      }
      for (let nl = chunk.indexOf(NEWLINE, start); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
        onLine(chunk, start, nl);
        start = nl + 1;
      }
      if (start < chunk.length) keep(chunk.subarray(start));
    },
    end() {
      if (restLength > 0) onLine(rest, 0, restLength);
      restLength = 0;
    },
  };
}
