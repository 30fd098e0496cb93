import type { NftNotice } from './nft-issue.js';

/** The notice for an iptables-nft compat expression nft could not translate. */
export function xtNotice(xtType: string, name: string, line: number, column: number): NftNotice {
  return xtType === 'target'
    ? {
        code: 'xt-target',
        line,
        column,
        message: `iptables-nft target ${name}: its options (--random-fully, --to-ports, …) are not visible through nft; read iptables-nft-save for this rule`,
      }
    : {
        code: 'xt-match',
        line,
        column,
        message: `iptables-nft match ${name} is opaque to nft; read iptables-nft-save for this rule's conditions`,
      };
}

/** `Warning: XT target MASQUERADE not found` / `Warning: table ip nat is managed by iptables-nft, do not touch!`. */
export function readNftWarning(
  comment: string,
  line: number,
  column: number,
): { notice: NftNotice; managed?: { family: string; name: string } } | undefined {
  const xt = /^Warning: XT (target|match) (\S+) not found/.exec(comment);
  if (xt)
    return {
      notice: {
        code: 'xt-not-found',
        line,
        column,
        message: `nft lacks the xtables extension ${xt[2]}; the rule shows as xt ${xt[1]} "${xt[2]}"`,
      },
    };
  const managed = /^Warning: table (\S+) (\S+) is managed by iptables-nft/.exec(comment);
  if (managed)
    return {
      notice: {
        code: 'managed-by-iptables-nft',
        line,
        column,
        message: `table ${managed[1]} ${managed[2]} was written by iptables-nft; iptables-nft-save shows its rules in full`,
      },
      managed: { family: managed[1] ?? '', name: managed[2] ?? '' },
    };
  return undefined;
}
