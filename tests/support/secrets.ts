// "No token or secret in any log line": every harness and every test that runs Baton in its own
// process scans what it captured (log objects, stdout, stderr) with this, for the secrets it
// configured and for anything shaped like one — a Slack token, a Bearer header, a response_url.
import { expect } from 'vitest';

/** Shapes of secrets, whatever their value: an unredacted one of these in a log is a leak. */
const SHAPES: [string, RegExp][] = [
  ['a Slack token', /xox[abeoprs]-[A-Za-z0-9][A-Za-z0-9-]{3,}/],
  ['a Slack app-level token', /xapp-\d-[A-Za-z0-9-]{3,}/],
  ['an Authorization header', /Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{6,}/i],
  ['an authorization field', /"authorization"\s*:\s*"(?!\[redacted\])[^"]+"/i],
  ['a response_url or upload URL', /https?:\/\/[^\s"'\\]*\/(?:commands|actions|upload)\/[^\s"'\\]+/],
];

/** What in `text` is a secret or looks like one (an empty list when clean). */
export function leaks(text: string, secrets: (string | undefined)[] = []): string[] {
  const found: string[] = [];
  for (const s of secrets) if (s && s.length >= 6 && text.includes(s)) found.push(`the configured secret ${JSON.stringify(`${s.slice(0, 4)}…`)}`);
  for (const [what, re] of SHAPES) {
    const m = re.exec(text);
    if (m) found.push(`${what} (${JSON.stringify(around(text, m.index))})`);
  }
  return found;
}

/** Fails the test when `text` (logs, output) carries a secret. */
export function expectNoSecrets(text: string, secrets: (string | undefined)[], where: string): void {
  expect(leaks(text, secrets), `secrets in ${where}`).toEqual([]);
}

function around(text: string, at: number): string {
  return text.slice(Math.max(0, at - 40), at + 60);
}
