import { describe, expect, it } from 'vitest';
import { REDACTED, redactString } from '../src/errors/redact.js';

describe('redactString leaves prose alone and still catches credentials', () => {
  it('keeps ordinary words after scheme names', () => {
    expect(redactString('token endpoint returned 500')).toBe('token endpoint returned 500');
    expect(redactString('bearer tokens are cached')).toBe('bearer tokens are cached');
  });
  it('redacts credential-shaped values after a scheme', () => {
    expect(redactString('Bearer ghp_tokenvalue123456')).toBe(`Bearer ${REDACTED}`);
    expect(redactString('SSWS 00aBcD-efGh1234')).toBe(`SSWS ${REDACTED}`);
  });
  it('redacts any value of a credential header, with or without a scheme', () => {
    expect(redactString('Authorization: Bearer abcdefghijklmnop')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redactString('x-api-key: plainletters')).toBe(`x-api-key: ${REDACTED}`);
  });
});
