/** Closed set of user-mistake codes, each mapped to an exit status. Anything else thrown is a bug. */
export type CliErrorCode = 'usage' | 'bad-input' | 'io';

const EXIT: Readonly<Record<CliErrorCode, number>> = { usage: 2, 'bad-input': 2, io: 2 };

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }

  get exitCode(): number {
    return EXIT[this.code];
  }
}
