import { describe, expect, it } from 'vitest';
import { jcs } from 'gatehouse/lib';

describe('gatehouse/lib', () => {
  it('resolves through the package exports to the shipped bundle', async () => {
    expect(jcs({ b: 1, a: [true, null] })).toBe('{"a":[true,null],"b":1}');
    const url = import.meta.resolve('gatehouse/lib');
    expect(url).toMatch(/\/dist\/lib\.js$/);
  });
});
