// `@Baton dashboard` in Teams: the link comes privately, as an Adaptive Card whose button opens
// it (Action.OpenUrl), and the link opens the team's page on the same server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, alice, maria } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardOf, cardText, startTeams } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria]);
});
afterEach(async () => {
  await h.close();
});

describe('dashboard in Teams', () => {
  it('answers privately with a card whose button opens the link; the link opens the page', async () => {
    await h.post(h.acts.channelMessage(alice, 'setup District Leadership'));
    await h.drain();
    const channelBefore = h.fake.postsTo(CHANNEL.id).length;
    expect((await h.post(h.acts.channelMessage(maria, 'dashboard'))).status).toBe(200);
    await h.drain();
    expect(h.fake.postsTo(CHANNEL.id).slice(channelBefore).map(cardText).join('\n')).not.toContain('/t/');
    const dm = h.fake.dmsTo(maria.id).at(-1);
    expect(cardText(dm)).toContain("Your link to District Leadership's page, for you alone");
    const card = cardOf(dm);
    const open = JSON.stringify(card).match(/"type":"Action\.OpenUrl","title":"Open the team's page","url":"([^"]+)"/);
    expect(open, JSON.stringify(card)).not.toBeNull();
    const url = open![1]!;
    expect(url).toMatch(/^http:\/\/localhost:\d+\/t\/[A-Za-z0-9_-]{43}$/);
    const page = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>District Leadership</h1>');
  });

  it('builds links on BATON_PUBLIC_URL when it is set', async () => {
    await h.close();
    h = await startTeams({ BATON_TEAMS_DEV: '1', BATON_PUBLIC_URL: 'https://baton.district.org/' });
    h.fake.seat(CHANNEL.id, [alice, maria]);
    await h.post(h.acts.channelMessage(alice, 'setup District Leadership'));
    await h.drain();
    await h.post(h.acts.channelMessage(maria, 'dashboard'));
    await h.drain();
    expect(JSON.stringify(cardOf(h.fake.dmsTo(maria.id).at(-1)))).toMatch(/"url":"https:\/\/baton\.district\.org\/t\/[A-Za-z0-9_-]{43}"/);
  });
});
