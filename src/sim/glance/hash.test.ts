import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5, sha512, toBytes } from './hash.ts';

describe('glance digests', () => {
  it('match the FIPS/RFC test vectors', () => {
    expect(md5(toBytes(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5(toBytes('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sha512(toBytes('abc'))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  it('agree with node:crypto on any data, across block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const bytes = toBytes(s);
        expect(md5(bytes)).toBe(createHash('md5').update(bytes).digest('hex'));
        expect(sha512(bytes)).toBe(createHash('sha512').update(bytes).digest('hex'));
      }),
      { numRuns: 150 },
    );
  });

  it('reads a latin1 string byte for byte and wider text as UTF-8', () => {
    expect([...toBytes('\u00e9\u00ff')]).toEqual([0xe9, 0xff]);
    expect([...toBytes('\u20ac')]).toEqual([0xe2, 0x82, 0xac]);
  });
});
