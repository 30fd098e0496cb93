import { InvalidArgumentError } from '@commander-js/extra-typings';

/** A commander argument parser for an integer within [min, max]; rejects `abc`, `1.5`, `-3` with a message. */
export function intOption(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got ${value}`);
    }
    return n;
  };
}
