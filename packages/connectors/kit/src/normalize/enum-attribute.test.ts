import { describe, expect, it } from 'vitest';
import { enumAttribute } from './enum-attribute.js';

describe('enumAttribute', () => {
  it('gives the id, and the vendor word only for Other', () => {
    expect(enumAttribute('verdict', 2, 'truePositive')).toEqual({ verdict_id: 2 });
    expect(enumAttribute('verdict', 99, 'informationalExpectedActivity')).toEqual({
      verdict_id: 99,
      verdict: 'informationalExpectedActivity',
    });
    expect(enumAttribute('verdict', 99, undefined)).toEqual({ verdict_id: 99 });
    expect(enumAttribute('verdict', undefined, 'x')).toEqual({});
  });
});
