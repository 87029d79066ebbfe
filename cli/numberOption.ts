// Parsing of numeric command-line options, one rule per option, with errors naming the command and option.
import { InvalidInputError } from '../lib/errors.js';

/** What a numeric option accepts, and how the error says it. */
export interface NumberRule {
  test(n: number): boolean;
  /** e.g. "a positive number", completing "--x must be …" */
  says: string;
}

export const anyNumber: NumberRule = { test: () => true, says: 'a number' };
export const positiveNumber: NumberRule = { test: (n) => n > 0, says: 'a positive number' };
export const nonNegativeNumber: NumberRule = { test: (n) => n >= 0, says: 'a number ≥ 0' };
export const positiveInteger: NumberRule = { test: (n) => Number.isInteger(n) && n > 0, says: 'a positive integer' };

export function atLeast(min: number): NumberRule {
  return { test: (n) => n >= min, says: `a number ≥ ${min}` };
}

export function oneOf(values: readonly number[]): NumberRule {
  return { test: (n) => values.includes(n), says: `one of ${values.join(', ')}` };
}

/** `text` as a number obeying `rule`, else an InvalidInputError such as `pick: --diameter must be a positive number, got "big"`. */
export function numberOption(command: string, name: string, text: string, rule: NumberRule = anyNumber): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !rule.test(n)) {
    throw new InvalidInputError(`${command}: --${name} must be ${rule.says}, got "${text}"`);
  }
  return n;
}

/** As numberOption, passing an absent option through as undefined. */
export function optionalNumberOption(command: string, name: string, text: string | undefined, rule: NumberRule = anyNumber): number | undefined {
  return text === undefined ? undefined : numberOption(command, name, text, rule);
}
