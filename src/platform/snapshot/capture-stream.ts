import { StringDecoder } from 'node:string_decoder';
import {
  type ConntrackListDigester,
  createConntrackListDigester,
} from '../../formats/conntrack/digest-conntrack-list.js';
import { detectFormat } from '../../formats/detect-format.js';
import type { CaptureFile } from '../../formats/snapshot/capture-set.js';

/** Files from this size on are looked at before being held: a `conntrack -L` dump is digested as it streams. */
export const STREAM_FROM_BYTES = 4 * 1024 * 1024;
/** What is kept of a streamed dump as its `text`, and what its format is recognised from. */
const HEAD_CHARS = 64 * 1024;

export interface CaptureStream {
  readonly push: (chunk: Uint8Array) => void;
  readonly end: () => CaptureFile;
  /** Bytes held in memory so far (a dump being digested holds only its head). */
  readonly heldBytes: () => number;
}

/**
 * Receives a capture file chunk by chunk. Once its first 64 KiB say it is a `conntrack -L` or
 * /proc/net/nf_conntrack listing (or from the first byte, when the caller knows it is: `conntrack -L` run live),
 * the rest is digested line by line and only the head is kept; anything else is held whole, as before.
 */
export function createCaptureStream(name: string, known?: 'conntrack-list'): CaptureStream {
  const decoder = new StringDecoder('utf8');
  let head = '';
  let buffered: Uint8Array[] | undefined = known ? undefined : [];
  let held = 0;
  let digester: ConntrackListDigester | undefined = known ? createConntrackListDigester() : undefined;
  const decide = () => {
    const format = detectFormat(head).format;
    if (format === 'conntrack-list' || format === 'proc-net-nf-conntrack') {
      const d = createConntrackListDigester();
      for (const chunk of buffered ?? []) d.pushBytes(chunk);
      digester = d;
      buffered = undefined;
    }
  };
  return {
    push(chunk) {
      if (digester) {
        if (head.length < HEAD_CHARS) head += decoder.write(chunk);
        return digester.pushBytes(chunk);
      }
      buffered?.push(chunk);
      held += chunk.length;
      if (head.length < HEAD_CHARS) {
        head += decoder.write(chunk);
        if (head.length >= HEAD_CHARS) decide();
      }
    },
    end() {
      if (!digester) return { name, text: Buffer.concat(buffered ?? []).toString('utf8') };
      if (head.length < HEAD_CHARS)
        return { name, text: head + decoder.end(), conntrackList: digester.end() };
      const cut = head.lastIndexOf('\n', HEAD_CHARS);
      return { name, text: cut > 0 ? head.slice(0, cut + 1) : head, conntrackList: digester.end() };
    },
    heldBytes: () => (digester ? head.length : held),
  };
}
