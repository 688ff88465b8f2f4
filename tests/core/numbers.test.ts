// Numbers in messages ("At most 4,000 characters") read as en-US would write them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/core/language/numbers.js';

describe('grouped', () => {
  it('writes whole numbers with a comma between groups of three digits, as en-US does', () => {
    expect(grouped(4000)).toBe('4,000');
    expect(grouped(999)).toBe('999');
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => grouped(n) === n.toLocaleString('en-US')));
  });
});
