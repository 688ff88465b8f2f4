// Data care over HTTP in Teams: an export waiting for the lead's consent is a copy of the team's
// records kept in the database; it is dropped a week after it was offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, alice, maria } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardText, startTeams } from './harness.js';
import { sqlAll } from '../../support/testdb.js';

let h: ClockedTeamsHarness;
const DAY = 24 * 3_600_000;
const stashed = async () => (await sqlAll(h.app, "select key from addresses where key like 'file:%'"));

beforeAll(async () => {
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.seat(CHANNEL.id, [alice, maria]);
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
  await h.send(h.acts.channelMessage(maria, 'update Routes done'));
});
afterAll(async () => {
  await h?.close();
});

describe('export files waiting for consent', () => {
  it('are kept for a week, then dropped; accepting one later says to export again', async () => {
    await h.send(h.acts.channelMessage(alice, 'export'));
    const dm = h.fake.dmsTo(alice.id).find((p) => p.activity.attachments.length > 1)!;
    const csv = dm.activity.attachments.find((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(await stashed()).toHaveLength(2);
    h.clock.advance(6 * DAY);
    await h.tick();
    expect(await stashed()).toHaveLength(2);
    h.clock.advance(2 * DAY);
    await h.tick();
    expect(await stashed()).toEqual([]);
    const upload = { uploadUrl: `${h.fake.url}upload/${csv.name}`, name: csv.name, uniqueId: 'a1', fileType: 'csv' };
    await h.send(h.acts.fileConsent(alice, 'accept', csv.content.acceptContext, upload, dm.id));
    expect(h.fake.uploads).toHaveLength(0);
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).toContain('That file is no longer available. Run export again.');
  });
});
