// Who may reach POST /api/messages: nobody without Teams configured, a valid Bot Framework
// token with credentials, anyone (loudly) with BATON_TEAMS_DEV=1.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { alice } from '../../fakes/teams-activities.js';
import { type TeamsHarness, startTeams } from './harness.js';

let h: TeamsHarness | undefined;

/** A JWT shaped as the Bot Framework service's (issuer, audience, times), signed with our own RSA key. */
function forgedToken(appId: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' });
  const body = b64({ iss: 'https://api.botframework.com', aud: appId, serviceurl: 'https://smba.trafficmanager.net/amer/', nbf: now - 60, exp: now + 3600 });
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
  return `${head}.${body}.${sig}`;
}
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('POST /api/messages', () => {
  it('is not served when Teams is not configured', async () => {
    h = await startTeams({});
    const r = await h.post(h.acts.personalMessage(alice, 'help'));
    expect(r.status).toBe(404);
  });

  it('with MICROSOFT_APP_ID, a request without a valid token gets 401 and reaches nothing', async () => {
    h = await startTeams({
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      MICROSOFT_APP_TYPE: 'SingleTenant',
    });
    const none = await h.post(h.acts.personalMessage(alice, 'help'));
    expect(none.status).toBe(401);
    const forged = await h.post(h.acts.personalMessage(alice, 'help'), { authorization: 'Bearer not.a.token' });
    expect(forged.status).toBe(401);
    // A well-formed token with the right claims, signed with a key that is not Microsoft's.
    const signed = await h.post(h.acts.personalMessage(alice, 'help'), { authorization: `Bearer ${forgedToken('11111111-2222-3333-4444-555555555555')}` });
    // Refused: 401 where Microsoft's keys can be fetched, 503 here where they cannot (no internet).
    expect([401, 503]).toContain(signed.status);
    await h.drain();
    expect(h.fake.requests).toEqual([]);
    expect(JSON.stringify(h.logs)).not.toContain('not-a-real-secret');
  });

  it('with BATON_TEAMS_DEV=1 it is served without authentication, with a loud warning', async () => {
    h = await startTeams({ BATON_TEAMS_DEV: '1' });
    expect(h.logs.some((l) => l.level === 'warn' && /WITHOUT authentication/.test(l.msg ?? ''))).toBe(true);
    const r = await h.post(h.acts.personalMessage(alice, 'help'));
    expect(r.status).toBe(200);
    await h.drain();
    expect(h.fake.dmsTo(alice.id)).toHaveLength(1);
  });

  it('refuses bodies that are not activities', async () => {
    h = await startTeams({ BATON_TEAMS_DEV: '1' });
    const res = await fetch(`http://127.0.0.1:${h.app.port}/api/messages`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    const noType = await h.post({ text: 'help' });
    expect(noType.status).toBe(400);
    const get = await fetch(`http://127.0.0.1:${h.app.port}/api/messages`);
    expect(get.status).toBe(405);
  });

  it('BATON_TEAMS_DEV=1 is refused with NODE_ENV=production', () => {
    const r = loadConfig({ BATON_TEAMS_DEV: '1', NODE_ENV: 'production' });
    expect(r.ok).toBe(false);
  });
});
