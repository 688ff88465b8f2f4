// The de-escalation flow in Teams, end to end through the real app (BATON_TEAMS_DEV=1) and the
// fake connector: `@Baton disagree … with <at>Maria</at>` → one neutral line in the channel →
// proactive 1:1 cards with buttons → task/fetch dialogs → task/submit; the facilitator's dialog
// with the views side by side (Form.blocks); the answers; D-1 in the channel; the line edited in
// place (PUT), never posted twice; the follow-up after the clock moves. And: a time box running
// out, a submission by someone who is not the party, and a scan of everything Teams received for
// what the parties wrote privately.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Posted } from '../../fakes/teams-connector.js';
import { CHANNEL, STAFF_CHANNEL, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type ClockedTeamsHarness, cardOf, cardText, inputsOf, startTeams, submission, submitsOf } from './harness.js';
import { sqlGet } from '../../support/testdb.js';

const DAY = 86_400_000;
/** A second lead, who does not facilitate: sees nothing private either. */
const lee: TeamsUser = { id: '29:1lEeXyZ-curriculum', name: 'Lee Park', aadObjectId: '0c1f6a0e-4444-4a4a-9a9a-dddddddddddd', tz: 'America/Denver' };

let h: ClockedTeamsHarness;
beforeEach(async () => {
  dialogs.clear();
  h = await startTeams(undefined, { clock: '2026-11-23T15:00:00Z' });
  h.fake.seat(CHANNEL.id, [alice, maria, sam, lee]);
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
  await h.send(h.acts.channelMessage(alice, `role <at>${lee.name}</at> lead`, { mentions: [lee] }));
});
afterEach(async () => {
  await h?.close();
});


/** `@Baton disagree <topic> with <at>Maria</at>` as Sam: the mention's text is what Sam typed, not her full name. */
const flag = (topic: string) =>
  h.send(h.acts.channelMessage(sam, `disagree ${topic} with <at>Maria</at>`, { extraMentions: [{ type: 'mention', text: '<at>Maria</at>', mentioned: { id: maria.id, name: maria.name } }] }));

/** The latest card in a person's 1:1 chat with a button for `actionId`. */
function dmWith(u: TeamsUser, actionId: string): { post: Posted; data: any; title: string } {
  const post = [...h.fake.dmsTo(u.id)].reverse().find((p) => submitsOf(cardOf(p)).some((s) => s.data?.actionId === actionId));
  if (!post) throw new Error(`no card to ${u.name} with ${actionId}: ${h.fake.dmsTo(u.id).map(cardText).join(' | ')}`);
  const b = submitsOf(cardOf(post)).find((s) => s.data.actionId === actionId);
  return { post, data: b.data, title: b.title };
}

/** Every dialog Baton answered with, by who asked: part of what "reached" each person. */
const dialogs = new Map<string, unknown[]>();

/** Presses a button that opens a dialog (task/fetch) in the person's 1:1 chat; returns the dialog. */
async function press(u: TeamsUser, actionId: string, data = dmWith(u, actionId).data): Promise<any> {
  expect(data.msteams).toEqual({ type: 'task/fetch' });
  const r = await h.send(h.acts.taskFetch(u, data, { personal: true }));
  dialogs.set(u.id, [...(dialogs.get(u.id) ?? []), r.body]);
  expect(r.body.task?.type, `${u.name} ${actionId}: ${JSON.stringify(r.body)}`).toBe('continue');
  return r.body.task.value;
}

/** Submits a dialog (task/submit) as Teams does: every input's value, with these answers by field id. */
async function submit(u: TeamsUser, dialog: any, answers: Record<string, string>) {
  const data = submission(dialog.card.content, answers);
  const r = await h.send(h.acts.taskSubmit(u, data, { personal: true }));
  dialogs.set(u.id, [...(dialogs.get(u.id) ?? []), r.body]);
  return r;
}

const viewOf = (who: string) => ({ issue: `${who}-ISSUE: August is too early <at>Alice Moreno</at> *loud*`, matters: `${who}-MATTERS: protected teaching time`, liveWith: `${who}-LIVEWITH: one day in January` });

/** The channel's neutral line: its one post and every edit of it. */
function channelLine() {
  const posted = h.fake.postsTo(CHANNEL.id).filter((p) => cardText(p).includes('A disagreement about'));
  const edits = posted[0] ? h.fake.updated.filter((u) => u.id === posted[0]!.id) : [];
  return { posted, edits, last: cardText(edits.at(-1) ?? posted[0]) };
}

/** The dialog's card as text (for cardText). */
const dialogText = (dialog: any) => cardText({ activity: { attachments: [dialog.card] } } as Posted);

describe('the de-escalation flow in Teams', () => {
  it('from @Baton disagree to the follow-up: 1:1 cards, dialogs, the views side by side, D-1, one line edited in place', async () => {
    // Decisions are also announced in All Staff, a channel of the team Baton has never heard from.
    await h.send(h.acts.channelMessage(alice, 'broadcast <at>All Staff</at>', { extraMentions: [{ type: 'mention', text: '<at>All Staff</at>', mentioned: { id: STAFF_CHANNEL.id, name: STAFF_CHANNEL.name, conversationIdentityType: 'channel' } }] }));
    await flag("Next year's PD calendar");

    // The channel: one neutral line, naming (mentioning) the facilitator, not the parties.
    let line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.last).toMatch(/A disagreement about \*\*Next year's PD calendar\*\* is being worked through; facilitator <at>Alice Moreno<\/at>; next step by Wed, Nov 25/);
    expect(cardOf(line.posted[0]).msteams.entities).toEqual([{ type: 'mention', text: '<at>Alice Moreno</at>', mentioned: { id: alice.id, name: alice.name } }]);
    expect(JSON.stringify(line.posted[0]!.activity)).not.toMatch(new RegExp(`${maria.id}|${sam.id}|Maria|Sam`));
    const lineId = line.posted[0]!.id;

    // Each party: a proactive 1:1 card whose button opens the views dialog.
    for (const u of [maria, sam]) {
      const card = dmWith(u, 'flow.views');
      expect(card.title).toBe('Give my view');
      expect(cardText(card.post)).toContain('R-1: your view, privately');
      const dialog = await press(u, 'flow.views');
      expect(dialog.title).toBe('R-1: your view');
      expect(Object.keys(inputsOf(dialog.card.content))).toEqual(['f_issue', 'f_matters', 'f_liveWith']);
      const r = await submit(u, dialog, viewOf(u === maria ? 'MARIA' : 'SAM'));
      expect(r.body).toBeUndefined();
      expect(cardText(h.fake.dmsTo(u.id).at(-1))).toMatch(/your view on R-1 is in\. Only you and Alice Moreno can read it/);
    }

    // The facilitator: the views side by side above the inputs (Form.blocks), escaped.
    expect(dmWith(alice, 'flow.options').title).toBe('Write summary and options');
    const cg = await press(alice, 'flow.options');
    expect(cg.title).toBe('R-1: common ground');
    const body = cg.card.content.body as any[];
    const facts = body.filter((e) => e.type === 'FactSet');
    expect(facts).toHaveLength(3);
    expect(facts[0].facts.map((f: any) => f.title)).toEqual(['Sam Okafor — the issue', 'Maria Chen — the issue']);
    expect(facts[0].facts[0].value).toMatch(/^SAM-ISSUE: August is too early \\<\u2060at\\>Alice Moreno\\<\u2060\/at\\> \\\*loud\\\*$/);
    expect(facts[2].facts[1].value).toBe('MARIA-LIVEWITH: one day in January');
    expect(body.findIndex((e) => e.type === 'FactSet')).toBeLessThan(body.findIndex((e) => e.type?.startsWith('Input.')));
    expect(cg.card.content.msteams?.entities ?? []).toEqual([]);
    expect(JSON.stringify(submitsOf(cg.card.content)[0].data)).not.toContain('ISSUE');
    expect(Object.keys(inputsOf(cg.card.content))).toEqual(['f_summary', 'f_option1', 'f_option2', 'f_option3', 'f_executor', 'f_by']);
    const executor = body.find((e) => e.id === 'f_executor').choices.find((c: any) => c.title === 'Maria Chen').value;

    // A mistake: the dialog comes back with the error, the views still side by side.
    const wrong = await submit(alice, cg, { option1: 'Two PD days in August', executor, by: 'in 2 weeks' });
    expect(wrong.body.task.type).toBe('continue');
    const again = wrong.body.task.value;
    expect(dialogText(again)).toContain('⚠ Please write something here.');
    expect((again.card.content.body as any[]).filter((e) => e.type === 'FactSet')).toHaveLength(3);
    expect(dialogText(again)).toContain('SAM-MATTERS: protected teaching time');
    expect(inputsOf(again.card.content)).toMatchObject({ f_option1: 'Two PD days in August', f_by: 'in 2 weeks' });

    const ok = await submit(alice, again, { summary: 'Both want teaching time protected.', option1: 'Two PD days in August', option2: 'One day in August, one half day in January', option3: '', executor, by: 'in 2 weeks' });
    expect(ok.body).toBeUndefined();
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).toContain('2 options');

    // Each party answers each option privately, the options shown above the answers.
    const mariaAnswers = await press(maria, 'flow.answer');
    expect(dialogText(mariaAnswers)).toContain('Option 2: One day in August, one half day in January');
    expect(Object.keys(inputsOf(mariaAnswers.card.content))).toEqual(['f_accept1', 'f_note1', 'f_accept2', 'f_note2']);
    await submit(maria, mariaAnswers, { accept1: 'no', note1: 'MARIA-NOTE: too early', accept2: 'yes' });
    await submit(sam, await press(sam, 'flow.answer'), { accept1: 'yes', accept2: 'yes' });

    // D-1 in the channel, with its executor (a real mention) and date.
    const decision = h.fake.postsTo(CHANNEL.id).find((p) => cardText(p).includes('Decision D-1'))!;
    expect(cardText(decision)).toContain('One day in August, one half day in January');
    expect(cardText(decision)).toContain('Mon, Dec 7');
    expect(cardText(decision)).toContain('from R-1');
    expect(cardOf(decision).msteams.entities).toContainEqual({ type: 'mention', text: '<at>Maria Chen</at>', mentioned: { id: maria.id, name: maria.name } });
    const staff = h.fake.postsTo(STAFF_CHANNEL.id);
    expect(staff).toHaveLength(1);
    expect(staff[0]!.conversationId).toBe(STAFF_CHANNEL.id);
    expect(cardText(staff[0])).toContain('Decision D-1');
    expect(cardText(staff[0])).toContain('One day in August, one half day in January');

    // The line was edited in place (PUT to the channel's activity), never posted again.
    line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.edits.length).toBeGreaterThan(1);
    const puts = h.fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.length).toBe(line.edits.length);
    for (const p of puts) expect(p.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities/${lineId}`);
    expect(line.last).toMatch(/reached a decision: (\*\*)?D-1(\*\*)?; follow-up by Mon, Nov 30, 09:00 CST/);

    // A week later each party is asked, privately, whether it holds; both yes closes it.
    h.clock.advance(7 * DAY);
    await h.tick();
    for (const u of [maria, sam]) {
      const d = await press(u, 'flow.followup');
      expect(d.title).toBe('R-1: does it hold?');
      await submit(u, d, { holds: 'yes', note: `${u === maria ? 'MARIA' : 'SAM'}-FOLLOWUP: fine by me` });
    }
    line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.last).toMatch(/is resolved: (\*\*)?D-1(\*\*)? holds/);
    expect(cardText(h.fake.dmsTo(sam.id).at(-1))).toContain('R-1 about Next year\'s PD calendar is closed: D-1 holds');

    // Who else asks sees the neutral record only: a lead who does not facilitate, and a party.
    await h.send(h.acts.channelMessage(lee, 'disagree R-1'));
    expect(cardText(h.fake.dmsTo(lee.id).at(-1))).toContain('R-1: Next year\'s PD calendar');
    await h.send(h.acts.personalMessage(maria, 'disagree R-1'));
    expect(cardText(h.fake.dmsTo(maria.id).at(-1))).toContain('MARIA-ISSUE');

    // The privacy scan: what a party wrote reached only them and the facilitator, on any surface.
    const written = { [maria.id]: ['MARIA-ISSUE', 'MARIA-MATTERS', 'MARIA-LIVEWITH', 'MARIA-NOTE', 'MARIA-FOLLOWUP'], [sam.id]: ['SAM-ISSUE', 'SAM-MATTERS', 'SAM-LIVEWITH', 'SAM-FOLLOWUP'] };
    const mayRead = (reader: string | null, author: string) => reader === author || reader === alice.id;
    const readerOf = (conversationId: string): string | null => [alice, maria, sam, lee].find((u) => conversationId === h.fake.personalId(u.id))?.id ?? null;
    let scanned = 0;
    for (const r of h.fake.requests) {
      const conv = /^\/v3\/conversations\/([^/]+)/.exec(r.path)?.[1];
      const reader = conv ? readerOf(decodeURIComponent(conv)) : null;
      const json = JSON.stringify(r.body ?? '');
      for (const [author, marks] of Object.entries(written)) {
        for (const m of marks) {
          if (!json.includes(m)) continue;
          expect(mayRead(reader, author), `${m} reached ${r.method} ${decodeURIComponent(r.path)}`).toBe(true);
          scanned++;
        }
      }
    }
    for (const [reader, answers] of dialogs) {
      const json = JSON.stringify(answers);
      for (const [author, marks] of Object.entries(written)) for (const m of marks) if (json.includes(m)) expect(mayRead(reader, author), `${m} in a dialog of ${reader}`).toBe(true);
    }
    // The facilitator did read them (the scan found them where they belong), and the channel never did.
    expect(scanned).toBeGreaterThan(0);
    expect(dialogs.get(alice.id)!.some((d) => JSON.stringify(d).includes('SAM-ISSUE'))).toBe(true);
    const channel = JSON.stringify([...h.fake.postsTo(CHANNEL.id), ...staff, ...h.fake.updated].map((p) => p.activity));
    expect(channel).not.toMatch(/ISSUE|MATTERS|LIVEWITH|NOTE:|FOLLOWUP/);
  });

  it('a time box running out escalates it: the line says so (edited in place), the lead is told and can move it on', async () => {
    await flag('Room assignments');
    await submit(maria, await press(maria, 'flow.views'), viewOf('MARIA'));
    h.clock.advance(2 * DAY);
    await h.tick();
    const line = channelLine();
    expect(line.posted).toHaveLength(1);
    expect(line.edits.length).toBeGreaterThan(0);
    expect(line.last).toMatch(/the time box for the private views ran out, so it went to <at>Alice Moreno<\/at>/);
    const told = dmWith(alice, 'flow.proceed');
    expect(cardText(told.post)).toContain('R-1: a time box ran out');
    expect(cardText(told.post)).toContain('Waiting on: Sam Okafor');
    expect(cardText(told.post)).not.toContain('MARIA-');
    // "Move on with the views given": a plain button in the chat (Action.Submit).
    const before = h.fake.dmsTo(alice.id).length;
    await h.send(h.acts.cardSubmit(alice, told.data, { personal: true, cardId: told.post.id }));
    expect(h.fake.dmsTo(alice.id).slice(before).map(cardText).join('\n')).toContain('R-1 moves on to common ground with the views given');
    const cg = await press(alice, 'flow.options');
    expect(dialogText(cg)).toContain('MARIA-ISSUE');
    expect(dialogText(cg)).toContain('(no view given)');
    expect(channelLine().posted).toHaveLength(1);
  });

  it('someone who is not the party submitting a views dialog is refused; nothing is recorded', async () => {
    await flag('Rooms');
    const mine = await press(maria, 'flow.views');
    const updates = h.fake.updated.length;
    // Alice (the facilitator) submits Maria's dialog from her own client: refused, privately.
    const r = await submit(alice, mine, viewOf('ALICE'));
    expect(r.status).toBe(200);
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).toContain('A view in R-1 is not yours to give');
    // Lee presses Maria's button: no dialog, the same answer.
    const opened = await h.send(h.acts.taskFetch(lee, dmWith(maria, 'flow.views').data, { personal: true }));
    expect(opened.body).toEqual({ task: { type: 'message', value: 'Baton answered in this chat.' } });
    expect(cardText(h.fake.dmsTo(lee.id).at(-1))).toContain('A view in R-1 is not yours to give');
    expect(h.fake.updated.length).toBe(updates);
    expect((await sqlGet(h.app, "select count(*) as n from disagreement_entries where kind = 'view'"))).toEqual({ n: 0 });
    // Maria's own dialog still works.
    await submit(maria, mine, viewOf('MARIA'));
    expect((await sqlGet(h.app, "select count(*) as n from disagreement_entries where kind = 'view'"))).toEqual({ n: 1 });
  });

  it('a client that shows forms in the chat gets the views side by side on the card too, and again with its errors', async () => {
    await flag('Bus routes');
    for (const u of [maria, sam]) await submit(u, await press(u, 'flow.views'), viewOf(u === maria ? 'MARIA' : 'SAM'));
    // The button pressed as a plain Action.Submit (no task/fetch): the form comes as a card in the 1:1 chat.
    const { post, data } = dmWith(alice, 'flow.options');
    const { msteams: _dialog, ...plain } = data;
    const before = h.fake.dmsTo(alice.id).length;
    await h.send(h.acts.cardSubmit(alice, plain, { personal: true, cardId: post.id }));
    const shown = h.fake.dmsTo(alice.id).slice(before);
    expect(shown).toHaveLength(1);
    const card = cardOf(shown[0]);
    expect(card.body.filter((e: any) => e.type === 'FactSet')).toHaveLength(3);
    expect(cardText(shown[0])).toContain('SAM-ISSUE');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(24_000);
    // Submitted from the card without a summary: the card comes again with the error and the views.
    const form = submitsOf(card)[0].data;
    expect(JSON.stringify(form)).not.toContain('ISSUE');
    const executor = card.body.find((e: any) => e.id === 'f_executor').choices[0].value;
    await h.send(h.acts.cardSubmit(alice, { ...form, ...inputsOf(card), f_option1: 'Swap two routes', f_executor: executor, f_by: 'Friday' }, { personal: true, cardId: shown[0]!.id }));
    const again = h.fake.dmsTo(alice.id).at(-1)!;
    expect(cardText(again)).toContain('⚠ Please write something here.');
    expect(cardOf(again).body.filter((e: any) => e.type === 'FactSet')).toHaveLength(3);
    expect(cardText(again)).toContain('MARIA-LIVEWITH');
    await h.send(h.acts.cardSubmit(alice, { ...submitsOf(cardOf(again))[0].data, ...inputsOf(cardOf(again)), f_summary: 'Routes overlap.' }, { personal: true, cardId: again.id }));
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).toContain('went to the parties privately');
    expect(dmWith(maria, 'flow.answer')).toBeDefined();
    // Someone else sending that card's data back is refused and sees no views (the kept blocks are Alice's only: unit-tested).
    const stolen = { ...submitsOf(cardOf(again))[0].data, f_summary: '' };
    await h.send(h.acts.cardSubmit(lee, stolen, { personal: true }));
    expect(h.fake.dmsTo(lee.id).map(cardText).join('\n')).not.toMatch(/ISSUE|MATTERS|LIVEWITH/);
  });
});
