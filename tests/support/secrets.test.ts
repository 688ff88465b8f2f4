// The log scan itself: it must catch what it is meant to catch, or every "no secret in the logs"
// check that uses it proves nothing.
import { describe, expect, it } from 'vitest';
import { leaks } from './secrets.js';

describe('the secret scan used on every captured log', () => {
  it('finds configured secrets and anything shaped like a token, a Bearer header or a response_url', () => {
    expect(leaks('{"msg":"ok"}', ['s3cret-value'])).toEqual([]);
    expect(leaks('signing with s3cret-value', ['s3cret-value'])).toHaveLength(1);
    expect(leaks('token xoxb-123-456-abc')).toHaveLength(1);
    expect(leaks('xapp-1-A0BATON01-test')).toHaveLength(1);
    expect(leaks('Authorization: Bearer eyJhbGciOi.payload.sig')).toHaveLength(1);
    expect(leaks('{"authorization":"Basic dXNlcjpwYXNz"}')).toHaveLength(1);
    expect(leaks('posting to http://127.0.0.1:4000/commands/T0001/1/secret1')).toHaveLength(1);
  });

  it('accepts what the logs show once scrubbed', () => {
    expect(leaks('xox…[redacted] Bearer [redacted] [url redacted] {"authorization":"[redacted]"}')).toEqual([]);
  });
});
