import type { NftStatement } from './nft-ruleset.js';

/** A statement as nft list prints it (used to give JSON rules a readable text). */
export function renderNftStatement(s: NftStatement): string {
  switch (s.kind) {
    case 'match':
      // nft leaves out `==` except after a bitwise expression (`meta mark & 0x4000 == 0x0`).
      return `${s.left} ${s.op === '==' && !/ [&|^] /.test(s.left) ? '' : `${s.op} `}${s.right}`;
    case 'counter':
      return s.packets === undefined ? 'counter' : `counter packets ${s.packets} bytes ${s.bytes ?? 0}`;
    case 'nat': {
      const flags = [
        s.flags.random && 'random',
        s.flags.fullyRandom && 'fully-random',
        s.flags.persistent && 'persistent',
      ]
        .filter((f) => f !== false)
        .join(',');
      const to =
        s.addr !== undefined || s.port !== undefined
          ? `to ${s.addr ?? ''}${s.port === undefined ? '' : `:${s.port}`}`
          : '';
      return [s.type, s.family, to, flags].filter((p) => p !== undefined && p !== '').join(' ');
    }
    case 'verdict':
      return s.chain === undefined ? s.verdict : `${s.verdict} ${s.chain}`;
    case 'xt':
      return s.name === '' ? `xt ${s.xtType}` : `xt ${s.xtType} "${s.name}"`;
    case 'comment':
      return `comment ${JSON.stringify(s.text)}`;
    case 'other':
      return s.text;
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}
