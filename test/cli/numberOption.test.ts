import { describe, expect, it } from 'vitest';
import { atLeast, numberOption, oneOf, optionalNumberOption, positiveInteger, positiveNumber } from '../../cli/numberOption.js';

describe('numberOption', () => {
  it.each([
    ['1.5', positiveNumber, 1.5],
    ['-2', undefined, -2],
    ['3', oneOf([0, 1, 2, 3]), 3],
    ['1', atLeast(1), 1],
    ['40', positiveInteger, 40],
  ])('reads %s', (text, rule, value) => {
    expect(numberOption('cmd', 'x', text, rule)).toBe(value);
  });

  it.each([
    ['big', positiveNumber, 'cmd: --x must be a positive number, got "big"'],
    ['', undefined, 'cmd: --x must be a number, got ""'],
    ['0', positiveNumber, 'cmd: --x must be a positive number, got "0"'],
    ['4', oneOf([0, 1, 2, 3]), 'cmd: --x must be one of 0, 1, 2, 3, got "4"'],
    ['2.5', positiveInteger, 'cmd: --x must be a positive integer, got "2.5"'],
    ['0.5', atLeast(1), 'cmd: --x must be a number ≥ 1, got "0.5"'],
  ])('refuses %j, naming the command and option', (text, rule, message) => {
    expect(() => numberOption('cmd', 'x', text, rule)).toThrow(message);
  });

  it('passes an absent optional option through', () => {
    expect(optionalNumberOption('cmd', 'x', undefined, positiveNumber)).toBeUndefined();
  });
});
