/** L4 protocols the emulator models, with their IANA numbers (as conntrack prints them). */
export type L4Proto = 'tcp' | 'udp';

export const PROTO_NUMBER: Readonly<Record<L4Proto, number>> = { tcp: 6, udp: 17 };
