// The pulse in Teams, through the real app (BATON_TEAMS_DEV=1) and the fake connector:
// `@Baton checkin pulse on` (a lead) → the check-in dialog asks "How are you doing this week?"
// last as an Input.ChoiceSet of 1 to 5 → a task/submit carrying a value the card does not offer
// (0, 6, 3.5, "abc") comes back as the dialog with the error under the field, nothing recorded →
// the digest shows the average, range and trend; two answers, no figure. Privacy, as
// indistinguishability: one check-in answered 1, 2, 5 by Alice, Maria and Sam, and again with the
// scores swapped between them — every card Teams was asked to show, and the team's page, read the same.
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, buttonData, cardText, inputsOf, startTeams, submission } from './harness.js';
import { sqlGet } from '../../support/testdb.js';

let h: ClockedTeamsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(): Promise<ClockedTeamsHarness> {
  const t = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  t.fake.members.set(CHANNEL.id, [alice, maria, sam].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId, userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@district.example` })));
  await t.send(t.acts.channelMessage(alice, 'setup District Leadership'));
  h = t;
  return t;
}

const checkinCards = (t: ClockedTeamsHarness, u: TeamsUser) => t.fake.dmsTo(u.id).filter((p) => cardText(p).includes('time for the weekly check-in'));
const digests = (t: ClockedTeamsHarness) => t.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('Check-in digest'));
const pulseRows = async (t: ClockedTeamsHarness) => ((await sqlGet(t.app, 'select count(*) as n from checkin_pulses')) as { n: number }).n;

/** Presses "Answer check-in" on the person's latest check-in card; returns the dialog. */
async function openCheckin(t: ClockedTeamsHarness, u: TeamsUser): Promise<any> {
  const post = checkinCards(t, u).at(-1)!;
  const r = await t.send(t.acts.taskFetch(u, buttonData(post, 'checkin.open'), { personal: true, replyToId: post.id }));
  expect(r.body.task.type, JSON.stringify(r.body)).toBe('continue');
  return r.body.task.value;
}

async function submitDialog(t: ClockedTeamsHarness, u: TeamsUser, dialog: any, answers: Record<string, string>) {
  return t.send(t.acts.taskSubmit(u, submission(dialog.card.content, answers), { personal: true }));
}

describe('the pulse in Teams', () => {
  it('the dialog asks it last as a 1–5 choice set; values it does not offer come back as the dialog with the error, nothing recorded', async () => {
    const t = await start();
    await t.send(t.acts.channelMessage(maria, 'checkin pulse on'));
    expect(cardText(t.fake.dmsTo(maria.id).at(-1))).toContain('Only a lead of District Leadership can do that');
    await t.send(t.acts.channelMessage(alice, 'checkin pulse on'));
    expect(t.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('The check-in pulse is on');
    await t.send(t.acts.channelMessage(alice, 'checkin now'));
    const dialog = await openCheckin(t, maria);
    const card = dialog.card.content;
    expect(Object.keys(inputsOf(card)).at(-1)).toBe('f_pulse');
    const choice = card.body.find((e: any) => e.id === 'f_pulse');
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', label: 'How are you doing this week?' });
    expect(choice.choices.map((c: any) => c.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(choice.value).toBeUndefined();
    expect(choice.isRequired).toBeUndefined();

    for (const v of ['0', '6', '3.5', 'abc']) {
      const r = await submitDialog(t, maria, dialog, { moved: 'Routes drafted', pulse: v });
      expect(r.body.task.type, v).toBe('continue');
      const again = r.body.task.value.card.content;
      const at = again.body.findIndex((e: any) => e.id === 'f_pulse');
      expect(JSON.stringify(again.body.slice(at + 1, at + 3)), v).toContain('⚠ Choose 1 to 5, or leave it empty.');
    }
    expect(await pulseRows(t)).toBe(0);
    expect((await sqlGet(t.app, 'select count(*) as n from updates'))).toEqual({ n: 0 });
    const ok = await submitDialog(t, maria, dialog, { moved: 'Routes drafted', pulse: '3' });
    expect(ok.body).toBeUndefined();
    expect(await pulseRows(t)).toBe(1);
    expect(cardText(t.fake.dmsTo(maria.id).at(-1))).toContain('Your pulse answer is counted.');
  });

  it('the digest: 3 answers give the average, range and trend; 2 give no figure; `report pulse`', async () => {
    const t = await start();
    await t.send(t.acts.channelMessage(alice, 'checkin pulse on'));
    await t.send(t.acts.channelMessage(alice, 'checkin now'));
    for (const [u, v] of [[alice, '1'], [maria, '2'], [sam, '5']] as const) await submitDialog(t, u, await openCheckin(t, u), { pulse: v });
    expect(cardText(digests(t)[0])).toContain('2.7 average · range 1–5 · 3 answers · no earlier figure');

    t.clock.advance(24 * 3_600_000);
    await t.send(t.acts.channelMessage(alice, 'checkin now'));
    for (const [u, v] of [[alice, '2'], [maria, '1'], [sam, '']] as const) await submitDialog(t, u, await openCheckin(t, u), { pulse: v });
    expect(cardText(digests(t)[1])).toContain('not enough answers to show (fewer than 3)');
    expect(cardText(digests(t)[1])).not.toMatch(/\d\.\d average/);

    t.clock.advance(24 * 3_600_000);
    await t.send(t.acts.channelMessage(alice, 'checkin now'));
    for (const [u, v] of [[alice, '2'], [maria, '2'], [sam, '3']] as const) await submitDialog(t, u, await openCheckin(t, u), { pulse: v });
    expect(cardText(digests(t)[2])).toContain('2.3 average · range 2–3 · 3 answers · ↓ from 2.7');

    await t.send(t.acts.channelMessage(sam, 'report pulse'));
    const report = cardText(t.fake.dmsTo(sam.id).at(-1));
    expect(report).toContain('Pulse: 2.3 average');
    expect(report).toContain('not enough answers to show (fewer than 3)');
  });
});

describe('pulse privacy in Teams', () => {
  /** One check-in answered with these pulses, then every card shown to anyone, and the team's page. */
  async function world(scores: [TeamsUser, string][]): Promise<string> {
    const t = await start();
    await t.send(t.acts.channelMessage(alice, 'checkin pulse on'));
    await t.send(t.acts.channelMessage(alice, 'checkin now'));
    const dialogs: string[] = [];
    for (const [u, v] of scores) {
      const dialog = await openCheckin(t, u);
      dialogs.push(JSON.stringify(dialog.card.content.body));
      await submitDialog(t, u, dialog, { pulse: v });
    }
    for (const u of [alice, maria, sam]) for (const c of ['list checkins', 'report pulse', 'report', 'checkin', 'mine']) await t.send(t.acts.channelMessage(u, c));
    await t.send(t.acts.channelMessage(alice, 'export'));
    await t.send(t.acts.channelMessage(maria, 'dashboard'));
    const url = /"url":"(http:\/\/localhost:\d+\/t\/[A-Za-z0-9_-]{43})"/.exec(JSON.stringify(t.fake.dmsTo(maria.id).at(-1)!.activity))![1]!;
    const page = await (await fetch(url.replace('localhost', '127.0.0.1'))).text();
    // Sorted: what is shown is compared, not the order in which two conversations' messages arrived.
    const cards = [...t.fake.posted, ...t.fake.updated].map((p) => `${p.conversationId}: ${cardText(p)}`).sort();
    const all = [...cards, ...dialogs, page].join('\n');
    await t.close();
    h = undefined;
    return all.replaceAll(/\/t\/[A-Za-z0-9_-]{43}/g, '/t/TOKEN').replaceAll(/localhost:\d+|127\.0\.0\.1:\d+/g, 'HOST');
  }

  it('1, 2 and 5 from three people: the digest has the figure, and nothing shown tells who gave which', async () => {
    const a = await world([[alice, '1'], [maria, '2'], [sam, '5']]);
    const b = await world([[alice, '5'], [maria, '1'], [sam, '2']]);
    expect(a).toContain('2.7 average · range 1–5 · 3 answers');
    expect(b).toBe(a);
  });

  it('two answers: no figure anywhere, and nothing shown tells who gave which', async () => {
    const a = await world([[alice, '1'], [maria, '5'], [sam, '']]);
    const b = await world([[alice, '5'], [maria, '1'], [sam, '']]);
    expect(a).toContain('not enough answers to show (fewer than 3)');
    expect(a).not.toMatch(/\d\.\d average|range \d/);
    expect(b).toBe(a);
  });
});
