/** Every namespace the lab creates starts with this; `portclash lab cleanup` removes whatever carries it. */
export const LAB_NETNS_PREFIX = 'portclash-';

/** Roles a lab namespace plays: the container host, container N, external server N. */
export type LabNetnsRole = 'node' | `c${number}` | `ext${number}`;

/** `portclash-<runId>-<role>`, e.g. `portclash-k3v9q2-c1`. */
export function labNetnsName(runId: string, role: LabNetnsRole): string {
  return `${LAB_NETNS_PREFIX}${runId}-${role}`;
}

export function isLabNetns(name: string): boolean {
  return name.startsWith(LAB_NETNS_PREFIX);
}
