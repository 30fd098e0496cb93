import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { createConntrackListDigester } from '../../formats/conntrack/digest-conntrack-list.js';
import { detectFormat } from '../../formats/detect-format.js';
import type { CaptureFile } from '../../formats/snapshot/capture-set.js';

/** Files from this size on are looked at before being held: a `conntrack -L` dump is digested as it streams. */
export const STREAM_FROM_BYTES = 4 * 1024 * 1024;
/** What is kept of a streamed dump as its `text`, and what its format is recognised from. */
const HEAD_CHARS = 64 * 1024;

export interface CaptureStream {
  readonly push: (chunk: Buffer) => void;
  readonly end: () => CaptureFile;
  /** Bytes held in memory so far (a dump being digested holds only its head). */
  readonly heldBytes: () => number;
}

/**
 * Receives a capture file chunk by chunk. Once its first 64 KiB say it is a `conntrack -L` or
 * /proc/net/nf_conntrack listing, the rest is digested line by line and only the head is kept; anything else is
 * held whole, as before.
 */
export function createCaptureStream(name: string): CaptureStream {
  const decoder = new StringDecoder('utf8');
  let head = '';
  let buffered: Buffer[] | undefined = [];
  let held = 0;
  let ascii = true;
  let digester: ReturnType<typeof createConntrackListDigester> | undefined;
  const decide = () => {
    const format = detectFormat(head).format;
    if (format === 'conntrack-list' || format === 'proc-net-nf-conntrack') {
      digester = createConntrackListDigester();
      digester.push(head);
      buffered = undefined;
    }
  };
  return {
    push(chunk) {
      if (digester) {
        // conntrack prints ASCII: latin1 is a plain copy, the UTF-8 decoder is 3× slower.
        ascii = ascii && isAscii(chunk);
        return digester.push(ascii ? chunk.toString('latin1') : decoder.write(chunk));
      }
      buffered?.push(chunk);
      held += chunk.length;
      if (head.length < HEAD_CHARS) {
        ascii = ascii && isAscii(chunk);
        head += decoder.write(chunk);
        if (head.length >= HEAD_CHARS) decide();
      }
    },
    end() {
      if (!digester && buffered) {
        const text = Buffer.concat(buffered).toString('utf8');
        return { name, text };
      }
      const d = digester ?? createConntrackListDigester();
      d.push(decoder.end());
      const cut = head.lastIndexOf('\n', HEAD_CHARS);
      return { name, text: cut > 0 ? head.slice(0, cut + 1) : head, conntrackList: d.end() };
    },
    heldBytes: () => (digester ? head.length : held),
  };
}
