// Corrections: edit (the post says "edited", history keeps the old text), reassign, withdrawing
// a mistaken update or blocker, and assignments that the person asked accepts or declines.
import { afterEach, describe, expect, it } from 'vitest';
import { listBlockers } from '../../src/db/blockers.js';
import { findCommitment, commitmentHistory } from '../../src/db/commitments.js';
import { listDecisions } from '../../src/db/decisions.js';
import { editsOf } from '../../src/db/edits.js';
import { findOutbox } from '../../src/db/outbox.js';
import type { Button } from '../../src/core/message.js';
import { type Sent, type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

function buttonIn(sent: Sent[], label: string): Button {
  for (const s of sent) for (const b of s.message.blocks) if (b.type === 'actions') for (const x of b.buttons) if (x.label === label) return x;
  throw new Error(`no button ${label} in:\n${where(sent).join('\n')}`);
}

describe('edit', () => {
  it('the owner corrects a commitment: its channel post is edited to say so, the old text stays in its history', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Draft the budget memo by Friday');
    expect(where(await t.run('sam', 'edit C-1 Draft the budget memo for the board'))[0]).toMatch(/^reply sam: Only C-1's owner, who recorded it, or a lead can correct it\./);
    const sent = await t.run('maria', 'edit C-1 Draft the budget memo for the board');
    const post = sent.find((s) => s.destination.to === 'channel')!;
    expect(post.destination).toMatchObject({ to: 'channel', channelId: 'leadership' });
    // An edit of the message Baton posted, not a new post.
    const replaces = (post.destination as { replaces?: string }).replaces!;
    expect((await findOutbox(t.database.db, replaces))?.message).toMatchObject({ text: expect.stringMatching(/^C-1 Maria committed to: Draft the budget memo\n/) });
    expect(post.text).toMatch(/^C-1 Maria committed to: Draft the budget memo for the board\ndue Fri, Nov 27[^\n]*\n✏️ Edited by Maria, Nov 23, 09:00$/);
    expect(where(sent)).toContain('reply maria: ✏️ C-1 edited: its post now reads "Draft the budget memo for the board". The old text stays in its history.');
    expect((await findCommitment(t.database.db, 1, 1))?.text).toBe('Draft the budget memo for the board');
    expect((await editsOf(t.database.db, 1, 'C-1')).map((e) => [e.field, e.oldValue, e.newValue])).toEqual([['text', 'Draft the budget memo', 'Draft the budget memo for the board']]);
    // A second edit edits the same post again.
    const again = (await t.run('alice', 'edit C-1 Draft the budget memo for the school board')).find((s) => s.destination.to === 'channel')!;
    expect((again.destination as { replaces?: string }).replaces).toBe(replaces);
    expect(again.text).toMatch(/^C-1 Maria committed to: Draft the budget memo for the school board\n.*\n✏️ Edited by Alice, Nov 23, 15:00$/);
  });

  it('a decided decision\'s correction is announced in the channel and the broadcast channel, and both posts are edited', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('alice', 'decide Move the PD day to Friday owner <@sam>');
    await t.flush();
    expect(where(await t.run('maria', 'edit D-1 Move the PD day to Thursday'))[0]).toMatch(/Only D-1's owner, who recorded it, or a lead can correct it/);
    const sent = where(await t.run('sam', 'edit D-1 Move the PD day to Thursday'));
    expect(sent.filter((s) => s.startsWith('#leadership: Decision D-1\nMove the PD day to Thursday') && s.endsWith('✏️ Edited by Sam, Nov 24, 00:00'))).toHaveLength(1);
    expect(sent.filter((s) => s.startsWith('#staff: Decision D-1\nMove the PD day to Thursday'))).toHaveLength(1);
    expect(sent).toContain('#leadership: ✏️ Correction to decision D-1: Move the PD day to Thursday\nIt read: Move the PD day to Friday\nCorrected by Sam in Leadership');
    expect(sent).toContain('#staff: ✏️ Correction to decision D-1: Move the PD day to Thursday\nIt read: Move the PD day to Friday\nCorrected by Sam in Leadership');
  });

  it('a proposal is corrected quietly: its post reads the new text, no correction is announced, and it is decided as corrected', async () => {
    t = await teamBot();
    await t.run('alice', 'broadcast <#staff|staff>');
    await t.run('maria', 'decide Start school at 8:30');
    await t.flush();
    const sent = where(await t.run('maria', 'edit D-1 Start school at 8:45'));
    expect(sent.sort()).toEqual([
      expect.stringMatching(/^#leadership: Proposal D-1\nStart school at 8:45\n[\s\S]*✏️ Edited by Maria, Nov 23, 09:00$/),
      'reply maria: ✏️ D-1 edited: its post now reads "Start school at 8:45". The old text stays in its history.',
    ]);
    expect(sent.join('\n')).not.toMatch(/Correction/);
    expect((await editsOf(t.database.db, 1, 'D-1')).map((e) => [e.oldValue, e.newValue])).toEqual([['Start school at 8:30', 'Start school at 8:45']]);
    // Decided later, it goes to the staff as corrected.
    const decided = where(await t.run('alice', 'agree D-1'));
    expect(decided.filter((s) => s.startsWith('#staff: Decision D-1\nStart school at 8:45\n'))).toHaveLength(1);
  });

  it('a retracted, a superseded or a turned-down decision is kept as it was, with what to type instead', async () => {
    t = await teamBot();
    await t.run('alice', 'decide Buy two new buses');
    await t.run('alice', 'retract D-1 the budget was cut');
    await t.run('alice', 'decide Keep the Tuesday meeting');
    await t.run('alice', 'decide Keep the Wednesday meeting replaces D-2');
    await t.run('alice', 'agreements set decide-rule majority 24h');
    await t.run('sam', 'decide Close on Fridays');
    await t.run('maria', 'object D-4 families need us');
    await t.run('alice', 'object D-4 no budget for it');
    t.clock.advance(25 * 3_600_000);
    await t.bot.runDueJobs();
    await t.flush();
    expect(where(await t.run('alice', 'edit D-1 Buy three new buses'))).toEqual(['reply alice: D-1 is retracted: it is kept as it was.\nTry: list decisions all\nMore: help edit']);
    expect(where(await t.run('alice', 'edit D-2 Keep the Thursday meeting'))).toEqual(['reply alice: D-2 is superseded by D-3: it is kept as it was.\nTry: edit D-3 <the corrected text>\nMore: help edit']);
    expect(where(await t.run('sam', 'edit D-4 Close on Friday afternoons'))).toEqual(['reply sam: D-4 is a proposal that was not decided: it is kept as it was.\nTry: decide Close on Fridays\nMore: help edit']);
    expect(await editsOf(t.database.db, 1, 'D-1')).toEqual([]);
    expect(await editsOf(t.database.db, 1, 'D-2')).toEqual([]);
    expect(await editsOf(t.database.db, 1, 'D-4')).toEqual([]);
    expect((await listDecisions(t.database.db, 1)).map((d) => [d.seq, d.status, d.text])).toEqual([
      [4, 'rejected', 'Close on Fridays'],
      [3, 'decided', 'Keep the Wednesday meeting'],
      [2, 'superseded', 'Keep the Tuesday meeting'],
      [1, 'retracted', 'Buy two new buses'],
    ]);
    // The decision in force is corrected, and its correction announced.
    expect(where(await t.run('alice', 'edit D-3 Keep the Thursday meeting'))).toContain('#leadership: ✏️ Correction to decision D-3: Keep the Thursday meeting\nIt read: Keep the Wednesday meeting\nCorrected by Alice in Leadership');
  });

  it('updates, blockers and goals are corrected the same way, and a withdrawn one is kept as it was', async () => {
    t = await teamBot();
    await t.run('maria', 'update Bus routes drafted for 12 schools');
    await t.run('sam', 'blocker Contract unsignd');
    await t.run('alice', 'goal Attendance up owner <@maria>');
    await t.flush();
    expect(where(await t.run('sam', 'edit U-1 Bus routes drafted for 14 schools'))[0]).toMatch(/Only U-1's owner, who recorded it, or a lead can correct it/);
    const u = where(await t.run('maria', 'edit U-1 Bus routes drafted for 14 schools'));
    expect(u.find((l) => l.startsWith('#leadership'))).toMatch(/^#leadership: 📝 U-1 Maria: Bus routes drafted for 14 schools\n✏️ Edited by Maria/);
    const e = where(await t.run('sam', 'edit E-1 Contract unsigned'));
    expect(e.find((l) => l.startsWith('#leadership'))).toMatch(/^#leadership: 🚨 Blocker E-1 raised by Sam: Contract unsigned\n✏️ Edited by Sam/);
    const g = where(await t.run('maria', 'edit G-1 Attendance up in every school'));
    expect(g.find((l) => l.startsWith('#leadership'))).toMatch(/^#leadership: 🎯 G-1 new goal: Attendance up in every school — added by Alice\nOwner: @Maria\n✏️ Edited by Maria/);
    expect((await editsOf(t.database.db, 1, 'E-1')).map((x) => x.oldValue)).toEqual(['Contract unsignd']);
    await t.run('maria', 'drop U-1 duplicate');
    expect(where(await t.run('maria', 'edit U-1 again'))[0]).toMatch(/U-1 is withdrawn: it is kept as it was/);
  });

  it('refuses a record that is not there or an id that cannot be edited, saying what to type', async () => {
    t = await teamBot();
    expect(where(await t.run('alice', 'edit U-9 typo'))[0]).toMatch(/^reply alice: There is no U-9 in this team\./);
    expect(where(await t.run('alice', 'edit R-1 calmer'))[0]).toMatch(/`edit` corrects an update, commitment, blocker, decision or goal/);
    expect(where(await t.run('alice', 'edit C-1'))[0]).toMatch(/The new text is empty/);
  });
});

describe('reassign and withdraw', () => {
  it('reassign hands a commitment over and tells the new owner privately; a non-member cannot take it', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Call the bus vendor by Friday');
    t.person('jorge', 'UTC', 'Jorge');
    expect(where(await t.run('maria', 'reassign C-1 <@jorge>'))[0]).toMatch(/Jorge is not a member of Leadership/);
    expect(where(await t.run('sam', 'reassign C-1 <@sam>'))[0]).toMatch(/Only C-1's owner or a lead can hand it over/);
    expect(where(await t.run('maria', 'reassign C-1 sam'))[0]).toMatch(/needs the commitment and one new owner, mentioned with @/);
    const sent = where(await t.run('maria', 'reassign C-1 <@sam>'));
    expect(sent).toEqual([
      '#leadership: 🔁 C-1 handed over from Maria to @Sam by Maria: Call the bus vendor',
      'dm sam: Maria handed C-1 over to you in Leadership: Call the bus vendor. It is due Fri, Nov 27.',
    ]);
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ ownerId: 3 });
    expect((await commitmentHistory(t.database.db, 1)).map((e) => [e.kind, e.note])).toContainEqual(['reassigned', 'Maria → Sam']);
  });

  it('a withdrawn update and blocker stay in the history and the export, out of the recap, the lists and the resolve-time median', async () => {
    t = await teamBot();
    await t.run('maria', 'update Posted in the wrong team');
    await t.run('maria', 'update Bus routes drafted');
    await t.run('sam', 'blocker Raised twice');
    t.clock.advance(3_600_000);
    await t.run('sam', 'resolve E-1 duplicate');
    await t.run('sam', 'blocker Contract unsigned');
    expect(where(await t.run('sam', 'drop U-1'))[0]).toMatch(/Only who wrote U-1 or a lead can withdraw it/);
    expect(where(await t.run('maria', 'drop U-1 wrong team'))).toEqual(['#leadership: 🗑️ U-1 withdrawn by Maria: Posted in the wrong team — wrong team. It stays in the history, out of recaps and numbers.']);
    expect(where(await t.run('maria', 'drop U-1'))[0]).toMatch(/U-1 is already withdrawn/);
    expect(where(await t.run('sam', 'drop E-1 raised twice'))[0]).toBe('#leadership: 🗑️ Blocker E-1 withdrawn by Sam: Raised twice — raised twice. It stays in the history, out of recaps and numbers.');
    const recap = (await t.run('alice', 'recap'))[0]!.text;
    expect(recap).toMatch(/Updates\n {2}• U-2 Bus routes drafted/);
    expect(recap).not.toMatch(/U-1|Posted in the wrong team/);
    expect((await t.run('alice', 'report blockers'))[0]!.text).toMatch(/^Median time to resolve a blocker: none resolved/);
    expect((await t.run('alice', 'list updates'))[0]!.text).not.toMatch(/U-1/);
    expect((await listBlockers(t.database.db, 1)).map((b) => [b.seq, b.status])).toEqual([[2, 'open'], [1, 'dropped']]);
    const exported = (await t.run('alice', 'export')).find((s) => s.message.attachments)!;
    const csv = exported.message.attachments![0]!.content;
    expect(csv).toMatch(/update,U-1,withdrawn,Posted in the wrong team/);
    expect(csv).toMatch(/blocker,E-1,dropped,Raised twice,.*withdrawn: raised twice/);
  });
});

describe('assignments', () => {
  it('commit … @x by someone else asks x: the channel says who asked, x accepts privately and it is theirs', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Share the PD calendar with principals by Friday <@maria>');
    const lines = where(sent);
    expect(lines[0]).toMatch(/^#leadership: C-1 Alice asked @Maria to: Share the PD calendar with principals\ndue Fri, Nov 27 · waiting for Maria to accept/);
    expect(lines.join('\n')).not.toMatch(/committed/);
    expect(lines[1]).toBe('dm maria: Alice asked you to take on C-1 in Leadership:\nShare the PD calendar with principals — by Fri, Nov 27\nIt becomes your commitment when you accept it. Declining drops it; you say why, and only they are told.\n[Accept] [Decline]');
    const accept = buttonIn(sent, 'Accept');
    await t.bot.action(t.invocation('sam', { direct: true }), accept.actionId, accept.value);
    expect(where(await t.flush())[0]).toMatch(/^reply sam: C-1 was asked of someone else\./);
    await t.bot.action(t.invocation('maria', { direct: true }), accept.actionId, accept.value);
    const accepted = await t.flush();
    expect(where(accepted).sort()).toEqual([
      '#leadership: C-1 Alice asked @Maria to: Share the PD calendar with principals\ndue Fri, Nov 27 · accepted by Maria — in 4 days',
      '#leadership: 🤝 C-1 Maria accepted: Share the PD calendar with principals (asked by Alice)',
      'reply maria: You accepted C-1: it is your commitment now.',
    ]);
    // The ask's own post is edited, so it no longer says it waits.
    expect(accepted.find((s) => (s.destination as { replaces?: string }).replaces)?.text).toMatch(/accepted by Maria/);
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ status: 'open', assignment: 'accepted' });
    await t.bot.action(t.invocation('maria', { direct: true }), accept.actionId, accept.value);
    expect(where(await t.flush())[0]).toMatch(/C-1 is no longer waiting for your answer \(accepted\)/);
  });

  it('Decline asks why; declined, it is dropped and only the asker is told the reason', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Run the bus audit by Friday <@sam>');
    const decline = buttonIn(sent, 'Decline');
    expect(decline.opensForm).toBe(true);
    const form = await t.bot.action(t.invocation('sam', { direct: true }), decline.actionId, decline.value);
    expect(form).toMatchObject({ formId: 'assign.decline', title: 'Decline C-1', fields: [{ id: 'reason' }] });
    expect(await t.bot.submit(t.invocation('sam', { direct: true }), form!.formId, form!.state, { reason: '' })).toEqual({ ok: false, errors: { reason: 'Say why, so the person who asked knows what to do next.' } });
    expect(await t.bot.submit(t.invocation('sam', { direct: true }), form!.formId, form!.state, { reason: 'Facilities owns the buses' })).toEqual({ ok: true });
    expect(where(await t.flush()).sort()).toEqual([
      '#leadership: C-1 Alice asked @Sam to: Run the bus audit\ndue Fri, Nov 27 · declined by Sam — in 3 days',
      '#leadership: ✖️ C-1 Sam declined; dropped: Run the bus audit',
      'dm alice: Sam declined C-1 (Run the bus audit): Facilities owns the buses',
      'reply sam: You declined C-1. It is dropped; Alice is told why.',
    ]);
    expect(await findCommitment(t.database.db, 1, 1)).toMatchObject({ status: 'dropped', assignment: 'declined', closeNote: 'Facilities owns the buses' });
  });

  it('moving a date earlier is brought forward, not a slip; only a later date is', async () => {
    t = await teamBot();
    await t.run('maria', 'commit Budget memo by 2026-12-04');
    expect(where(await t.run('maria', 'move C-1 2026-12-02'))[0]).toMatch(/C-1 brought forward from Fri, Dec 4 to Wed, Dec 2: Budget memo \(not a slip\)/);
    expect((await findCommitment(t.database.db, 1, 1))?.slips).toBe(0);
    expect(where(await t.run('maria', 'move C-1 2026-12-09'))[0]).toMatch(/C-1 moved from Wed, Dec 2 to Wed, Dec 9: Budget memo \(slip 1\)/);
    expect((await findCommitment(t.database.db, 1, 1))?.slips).toBe(1);
  });
});

describe('a command typed as a record', () => {
  it('"update delete U-1", "commit done C-1", "blocker resolve E-1" record nothing and name the command meant', async () => {
    t = await teamBot();
    const cases: [string, string][] = [
      ['update delete U-1', 'drop U-1'],
      ['commit done C-1', 'done C-1'],
      ['blocker resolve E-1', 'resolve E-1'],
      ['update fix U-1 Bus routes drafted', 'edit U-1 Bus routes drafted'],
      ['commit move C-2 next Friday', 'move C-2 next Friday'],
    ];
    for (const [typed, hint] of cases) {
      const sent = where(await t.run('maria', typed));
      expect(sent, typed).toHaveLength(1);
      expect(sent[0], typed).toMatch(new RegExp(`^reply maria: ".*" reads as a command about [UCE]-\\d, so nothing new was recorded\\.\\nTry: ${hint}\\n`));
    }
    // A sentence that only starts with such a word is a record.
    expect(where(await t.run('maria', 'update Finished the C-3 draft'))[0]).toMatch(/^#leadership: 📝 U-1 Maria: Finished the C-3 draft/);
  });
});
