// Reactions, cards, dialogs, the message action, files and membership events in Teams.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, STAFF_CHANNEL, TEAM, type TeamsUser, alice, maria, sam } from '../../fakes/teams-activities.js';
import { type TeamsHarness, cardText, startTeams, submitsOf } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria]);
  expect((await h.post(h.acts.channelMessage(alice, 'setup District Leadership'))).status).toBe(200);
  await h.drain();
});
afterEach(async () => {
  await h.close();
});


const mariasMessage = { id: '1700000000555', author: maria, html: '<p>We still don&#39;t have the <b>bus contract</b> signed&nbsp;<at id="0">Sam</at></p>' };

describe('reactions', () => {
  it("the team's reaction on one of Baton's posts flags a blocker, replies in its thread and tells the lead", async () => {
    const asked = h.acts.channelMessage(alice, 'commit Sign the bus contract by Friday');
    await h.send(asked);
    // Baton answers in the thread of the message that asked.
    const thread = `${CHANNEL.id};messageid=${asked.id}`;
    const post = h.fake.postsTo(thread).at(-1)!;
    expect(cardText(post)).toContain('C-1');
    await h.send(h.acts.reaction(maria, post.id, 'surprised', { thread: asked.id }));
    const reply = await h.fake.waitFor(() => h.fake.postsTo(thread).find((p) => cardText(p).includes('Flagged as blocker')), 'the thread reply');
    expect(cardText(reply)).toContain('Flagged as blocker');
    expect(cardText(reply)).toContain('E-1');
    const toLead = h.fake.dmsTo(alice.id).map(cardText).join('\n');
    expect(toLead).toContain('Maria Chen flagged a blocker');
    expect(toLead).toContain('C-1 Sign the bus contract');
  });

  it("the reaction is the team's own choice (agreements set teams-reaction)", async () => {
    await h.send(h.acts.channelMessage(alice, 'agreements set teams-reaction heart'));
    const asked = h.acts.channelMessage(alice, 'decide Adopt the bell schedule');
    await h.send(asked);
    const thread = `${CHANNEL.id};messageid=${asked.id}`;
    const post = h.fake.postsTo(thread).at(-1)!;
    const flagged = () => h.fake.postsTo(thread).some((p) => cardText(p).includes('E-1'));
    await h.send(h.acts.reaction(maria, post.id, 'surprised', { thread: asked.id }));
    expect(flagged()).toBe(false);
    await h.send(h.acts.reaction(maria, post.id, 'heart', { thread: asked.id }));
    expect(flagged()).toBe(true);
  });

  it('another reaction, or one on a message Baton never posted, does nothing', async () => {
    await h.send(h.acts.channelMessage(alice, 'commit Sign the bus contract by Friday'));
    const post = h.fake.postsTo(CHANNEL.id).at(-1)!;
    const before = h.fake.posted.length;
    await h.send(h.acts.reaction(maria, post.id, 'like'));
    await h.send(h.acts.reaction(maria, '1700000009999', 'surprised'));
    expect(h.fake.posted.length).toBe(before);
  });

  it('someone outside the team reacting to a decision announced in All Staff does not become a member, and flags nothing', async () => {
    const outsider: TeamsUser = { id: '29:1oScArXyZ-teacher', name: 'Oscar Diaz', aadObjectId: '0c1f6a0e-9999-4a4a-9a9a-999999999999' };
    await h.send(h.acts.channelMessage(alice, 'broadcast <at>All Staff</at>', { extraMentions: [{ type: 'mention', text: '<at>All Staff</at>', mentioned: { id: STAFF_CHANNEL.id, name: STAFF_CHANNEL.name, conversationIdentityType: 'channel' } }] }));
    await h.send(h.acts.channelMessage(alice, 'decide Adopt the bell schedule'));
    const announced = h.fake.postsTo(STAFF_CHANNEL.id).at(-1)!;
    expect(cardText(announced)).toContain('Adopt the bell schedule');
    await h.send(h.acts.reaction(outsider, announced.id, 'surprised', { channel: STAFF_CHANNEL }));
    // Nothing in either channel, and nothing to the outsider either (a reaction to a staff
    // announcement is just a reaction; an answer would name the team to them).
    expect(h.fake.postsTo(STAFF_CHANNEL.id).some((p) => cardText(p).includes('Flagged as blocker'))).toBe(false);
    expect(h.fake.postsTo(CHANNEL.id).some((p) => cardText(p).includes('E-1'))).toBe(false);
    expect(h.fake.dmsTo(outsider.id)).toHaveLength(0);
    // And from a 1:1 chat they still read nothing of the team's.
    for (const command of ['members', 'list', 'recap', 'disagree']) {
      await h.send(h.acts.personalMessage(outsider, command));
      const answer = cardText(h.fake.dmsTo(outsider.id).at(-1));
      expect(answer, command).toMatch(/You aren't in a Baton team yet/);
      expect(answer, command).not.toContain('Alice Moreno');
    }
    // A member reacting there still flags it (they are in the team already) — and the team's
    // channel hears of it, never the staff's channel or its thread.
    const staffPosts = h.fake.postsTo(STAFF_CHANNEL.id).length;
    await h.send(h.acts.reaction(maria, announced.id, 'surprised', { channel: STAFF_CHANNEL }));
    expect(h.fake.dmsTo(alice.id).map(cardText).join('\n')).toContain('Maria Chen flagged a blocker');
    expect(h.fake.posted.filter((p) => p.conversationId.startsWith(STAFF_CHANNEL.id))).toHaveLength(staffPosts);
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toMatch(/Blocker E-1 raised by Maria Chen/);
    // Resolving it closes the loop in the team's channel only.
    await h.send(h.acts.channelMessage(alice, 'resolve E-1 Bell schedule confirmed'));
    expect(h.fake.posted.filter((p) => p.conversationId.startsWith(STAFF_CHANNEL.id))).toHaveLength(staffPosts);
  });

  it('a reply inside a thread is threaded under the thread root', async () => {
    const asked = h.acts.channelMessage(alice, 'commit Sign the bus contract by Friday');
    await h.send(asked);
    const thread = `${CHANNEL.id};messageid=${asked.id}`;
    const post = h.fake.postsTo(thread).at(-1)!;
    // Reacting to Baton's reply inside the thread: Baton answers in that same thread, under its
    // root — never a new thread under the reply.
    await h.send(h.acts.reaction(maria, post.id, 'surprised', { thread: asked.id }));
    expect(h.fake.postsTo(thread).filter((p) => cardText(p).includes('Flagged as blocker'))).toHaveLength(1);
    expect(h.fake.posted.some((p) => p.conversationId.endsWith(`;messageid=${post.id}`))).toBe(false);
  });
});

describe('cards', () => {
  it('a button press (Action.Submit) runs its action and answers privately', async () => {
    const r = await h.send(h.acts.cardSubmit(maria, { baton: 'action', actionId: 'command', value: 'mine' }));
    expect(r.status).toBe(200);
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toContain('Yours');
  });

  it('a button that opens a dialog (task/fetch) answers in the dialog', async () => {
    const r = await h.send(h.acts.taskFetch(maria, { baton: 'action', actionId: 'command', value: 'list', msteams: { type: 'task/fetch' } }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ task: { type: 'message', value: 'Baton answered you in your chat with Baton.' } });
    expect(h.fake.dmsTo(maria.id).map(cardText).join('\n')).toContain('District Leadership');
  });

  it('card data that is not Baton’s is refused without recording anything', async () => {
    const before = h.fake.posted.length;
    const r = await h.send(h.acts.cardSubmit(maria, { baton: 'form', form: { formId: 'record', state: 'x'.repeat(9000) } }));
    expect(r.status).toBe(200);
    const r2 = await h.send(h.acts.taskFetch(maria, { actionId: 42 }));
    expect(r2.body.task.type).toBe('message');
    expect(h.fake.posted.length).toBe(before);
  });
});

describe('the message action "Record as …"', () => {
  it('opens a dialog prefilled from the message and records a commitment in its thread', async () => {
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', mariasMessage));
    expect(opened.status).toBe(200);
    expect(opened.body.task.type).toBe('continue');
    const card = opened.body.task.value.card.content;
    const inputs = JSON.stringify(card.body);
    expect(card.body.find((e: any) => e.id === 'f_text').value).toBe("We still don't have the bus contract signed @Sam");
    expect(card.body.find((e: any) => e.id === 'f_owner').value).toBe(maria.id); // the author, found by AAD object id
    expect(inputs).toContain('Maria Chen');
    const submit = submitsOf(card)[0];
    expect(submit.data.baton).toBe('form');

    // A date that can't be read: the dialog stays open with the error under the field.
    const wrong = await h.send(h.acts.submitAction(alice, 'record-commitment', { ...submit.data, f_text: 'Get the bus contract signed', f_owner: maria.id, f_due: 'Fridya' }, mariasMessage));
    expect(wrong.body.task.type).toBe('continue');
    expect(JSON.stringify(wrong.body.task.value.card.content.body)).toContain('⚠ Try');
    expect(wrong.body.task.value.card.content.body.find((e: any) => e.id === 'f_due').value).toBe('Fridya');

    const ok = await h.send(h.acts.submitAction(alice, 'record-commitment', { ...submit.data, f_text: 'Get the bus contract signed', f_owner: maria.id, f_due: 'Friday' }, mariasMessage));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({});
    const inThread = h.fake.posted.find((p) => p.conversationId === `${CHANNEL.id};messageid=${mariasMessage.id}`);
    expect(cardText(inThread)).toContain('C-1** Alice Moreno asked <at>Maria Chen</at> to: Get the bus contract signed');
  });

  it('records a blocker from a reply in a thread, answering under the thread root, and tells the lead', async () => {
    const reply = { ...mariasMessage, id: '1700000000777', root: '1700000000700' };
    const opened = await h.send(h.acts.fetchTask(maria, 'record-blocker', reply));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    await h.send(h.acts.submitAction(maria, 'record-blocker', { ...submit.data, f_text: 'Bus contract unsigned', f_unblocker: '' }, reply));
    const posted = h.fake.posted.find((p) => p.conversationId === `${CHANNEL.id};messageid=1700000000700`);
    expect(cardText(posted)).toContain('Flagged as blocker');
    expect(h.fake.dmsTo(alice.id).map(cardText).join('\n')).toContain('Bus contract unsigned');
  });

  it('a decision dialog can be submitted as a task module (task/submit) too', async () => {
    const opened = await h.send(h.acts.fetchTask(alice, 'record-decision', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    const done = await h.send(h.acts.taskSubmit(alice, { ...submit.data, f_text: 'Sign with Acme Buses', f_rationale: 'cheapest', f_executor: maria.id, f_due: '' }));
    expect(done.status).toBe(200);
    expect(done.body).toBeUndefined();
    expect(h.fake.postsTo(CHANNEL.id).map(cardText).join('\n')).toContain('Sign with Acme Buses');
  });

  it('a form shown in the chat (Action.Submit with the form) records, or comes back with its errors', async () => {
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    await h.send(h.acts.cardSubmit(alice, { ...submit.data, f_text: '', f_owner: maria.id }, { personal: true }));
    const again = h.fake.dmsTo(alice.id).at(-1)!;
    expect(cardText(again)).toContain('⚠ Write what to record.');
    await h.send(h.acts.cardSubmit(alice, { ...submit.data, f_text: 'Call Acme', f_owner: maria.id }, { personal: true }));
    expect(h.fake.posted.map(cardText).join('\n')).toContain('asked <at>Maria Chen</at> to: Call Acme');
  });

  it('in a channel that is not a team, says why in the dialog', async () => {
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', mariasMessage, { channel: { id: '19:elsewhere@thread.tacv2', name: 'Random' } }));
    expect(opened.body.task.type).toBe('message');
    expect(h.fake.dmsTo(alice.id).map(cardText).join('\n')).toContain("This channel isn't a Baton team yet");
  });
});

describe('export files', () => {
  it('offers the CSV and Markdown in the 1:1 chat and uploads what the lead accepts', async () => {
    await h.send(h.acts.channelMessage(alice, 'update Routes done'));
    await h.send(h.acts.channelMessage(alice, 'export'));
    const dm = h.fake.dmsTo(alice.id).find((p) => p.activity.attachments.length > 1)!;
    expect(cardText(dm)).toContain('Export of District Leadership');
    const offers = dm.activity.attachments.filter((a: any) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    expect(offers.map((o: any) => o.name)).toEqual([expect.stringMatching(/\.csv$/), expect.stringMatching(/\.md$/)]);
    const csv = offers[0];
    const upload = { uploadUrl: `${h.fake.url}upload/${csv.name}`, contentUrl: `https://contoso.sharepoint.com/personal/alice/${csv.name}`, name: csv.name, uniqueId: 'a1b2', fileType: 'csv' };
    const r = await h.send(h.acts.fileConsent(alice, 'accept', csv.content.acceptContext, upload, dm.id));
    expect(r.status).toBe(200);
    expect(h.fake.uploads).toHaveLength(1);
    expect(h.fake.uploads[0]!.body).toContain('Routes done');
    expect(h.fake.uploads[0]!.headers['content-range']).toMatch(/^bytes 0-\d+\/\d+$/);
    const shown = h.fake.posted.at(-1)!.activity.attachments[0];
    expect(shown).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', name: csv.name, content: { uniqueId: 'a1b2', fileType: 'csv' } });
    // Answering twice, or as someone else, uploads nothing more.
    await h.send(h.acts.fileConsent(alice, 'accept', csv.content.acceptContext, upload, dm.id));
    await h.send(h.acts.fileConsent(maria, 'accept', offers[1].content.acceptContext, upload, dm.id));
    expect(h.fake.uploads).toHaveLength(1);
  });
});

describe('membership', () => {
  it('people added to the Teams team join the Baton team of its channel; removed ones leave', async () => {
    await h.send(h.acts.botInstalledInTeam(alice));
    h.fake.seat(TEAM.id, [sam]);
    await h.send(h.acts.teamMembersAdded(alice, [sam]));
    await h.send(h.acts.channelMessage(alice, 'members'));
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).toContain('Sam Okafor');
    await h.send(h.acts.teamMembersRemoved(alice, [sam]));
    await h.send(h.acts.channelMessage(alice, 'members'));
    expect(cardText(h.fake.dmsTo(alice.id).at(-1))).not.toContain('Sam Okafor');
  });
});

describe('invisible direction and zero-width characters', () => {
  const hidden = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;
  it('are gone from a message and from a dialog’s answers before Baton records or repeats them', async () => {
    const from = h.fake.posted.length;
    await h.send(h.acts.channelMessage(maria, 'update Budget sent for C-1\u202E2 \u2066Fri\u2069\u200B'));
    const said = h.fake.posted.slice(from).map((p) => JSON.stringify(p.activity)).join('\n');
    expect(said).toContain('Budget sent for C-12 Fri');
    expect(said).not.toMatch(hidden);
    const opened = await h.send(h.acts.fetchTask(alice, 'record-decision', { ...mariasMessage, html: '<p>Sign with Acme\u202E by Friday</p>' }));
    expect(JSON.stringify(opened.body)).not.toMatch(hidden);
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    await h.send(h.acts.submitAction(alice, 'record-decision', { ...submit.data, f_text: 'Sign with \u2067Acme\u2069', f_rationale: 'שלום \u200Fעולם', f_executor: '', f_due: '' }, mariasMessage));
    const all = h.fake.posted.slice(from).map((p) => JSON.stringify(p.activity)).join('\n');
    expect(all).toContain('Sign with Acme');
    expect(all).not.toMatch(hidden);
  });
});

describe('a sealed dialog across a restart', () => {
  it('opened before Baton restarted, it still records afterwards (the seal key is kept in the database)', async () => {
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', mariasMessage));
    const submit = submitsOf(opened.body.task.value.card.content)[0];
    expect(submit.data.seal).toEqual(expect.any(String));
    await h.restart();
    const ok = await h.send(h.acts.submitAction(alice, 'record-commitment', { ...submit.data, f_text: 'Sign after the restart', f_owner: maria.id, f_due: '' }, mariasMessage));
    expect(ok.body).toEqual({});
    expect(h.fake.posted.map(cardText).join('\n')).toContain('asked <at>Maria Chen</at> to: Sign after the restart');
  });
});
