/** Conntrack status bits the emulator keeps (subset of the kernel's IPS_* bits, own numbering). */
export const CT_CONFIRMED = 1;
/** IPS_SRC_NAT: the source was changed (address or port). */
export const CT_SRC_NAT = 2;
/** IPS_SRC_NAT_DONE: the SNAT hook ran (a null binding counts). */
export const CT_SRC_NAT_DONE = 4;
/** IPS_DST_NAT: DNAT changed the destination. */
export const CT_DST_NAT = 8;
/** IPS_NAT_CLASH (5.6+): REPLY-only entry inserted by clash resolution, fixed 1 s timeout. */
export const CT_NAT_CLASH = 16;
/** The entry was killed (TIME_WAIT eviction, early_drop) and waits to be freed. */
export const CT_DYING = 32;

/** Linked in the NAT bysource hash. */
export const CT_BYSOURCE = 64;

export const CT_NAT_MASK = CT_SRC_NAT | CT_DST_NAT;

export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** TCP conntrack states, as `conntrack -L` names them. */
export type TcpCtState = 'SYN_SENT' | 'ESTABLISHED' | 'FIN_WAIT' | 'TIME_WAIT' | 'CLOSE';
