// The recap owner's draft through the core: after the meeting's end the `recap` role holder (else
// the lead) gets a private draft of that meeting — decided, committed, resolved, handled, carried
// forward, goals that moved — with Post (posted once, however often or wherever it is pressed)
// and Edit (the edit is what Post posts; an empty edit is refused). Sent once across restarts.
// And `recap` itself: since the last meeting (or the last recap), saying which, and asking
// before it posts one with nothing new.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meetingOn } from '../../../src/db/meetings.js';
import { type Sent, type TestBot, teamBot, testBot, where } from '../../support/core.js';
import { buttons, passTime, press, submit } from '../checkins/helpers.js';

let t: TestBot;
const extra: TestBot[] = [];
afterEach(() => {
  t?.close();
  for (const x of extra.splice(0)) x.close();
});

const drafts = (sent: Sent[]) => sent.filter((s) => s.key.startsWith('meeting:recap:'));
const recapPosts = (sent: Sent[]) => sent.filter((s) => s.destination.to === 'channel' && s.text.startsWith('Recap — '));

/** A team meeting Wednesdays 16:00–17:00 UTC, with records before it and in it. */
async function heldMeeting(opts: { recapOwner?: string } = {}): Promise<Sent[]> {
  t = await teamBot({ now: '2026-11-23T15:00:00Z' });
  if (opts.recapOwner) await t.run('alice', `role <@${opts.recapOwner}> recap`);
  await t.run('alice', 'goal Attendance measure schools reporting baseline 9 target 14');
  await t.run('alice', 'meeting schedule wednesday 16:00');
  await t.run('sam', 'blocker Waiting on the bus contract');
  await t.run('maria', 'agenda add PD calendar');
  await t.run('sam', 'agenda add Bus contract');
  await t.run('maria', 'commit Before the meeting by Friday');
  await passTime(t, '2026-11-25T16:05:00Z');
  await t.run('alice', 'decide Move the PD day to Friday');
  await t.run('maria', 'commit Draft the PD memo by Friday');
  await t.run('sam', 'resolve E-1 signed in the meeting');
  await t.run('alice', 'agenda done A-1 Maria drafts it');
  await t.run('alice', 'progress G-1 12 source dashboard');
  expect(drafts(await passTime(t, '2026-11-25T16:59:00Z'))).toEqual([]);
  return passTime(t, '2026-11-25T17:00:00Z');
}

describe("the recap owner's draft", () => {
  it('goes privately to the recap role holder at the end: what the meeting decided, committed, resolved and handled, what carries forward, the goals that moved', async () => {
    const sent = await heldMeeting({ recapOwner: 'maria' });
    const d = drafts(sent);
    expect(d).toHaveLength(1);
    expect(d[0]!.destination).toEqual({ to: 'dm', userId: 'maria' });
    expect(recapPosts(sent)).toEqual([]);
    expect(d[0]!.text).toMatch(/^Recap draft: Leadership, Wed, Nov 25\n📝 The meeting of Wed, Nov 25 has ended\. Here is a draft of its recap; nobody else sees it until you post it\. It comes to you as the recap owner\./);
    expect(d[0]!.text).toContain(
      [
        'Decided',
        '• D-1 Move the PD day to Friday',
        'Committed',
        '• C-2 Draft the PD memo — Maria · due Fri, Nov 27',
        'Resolved',
        '• E-1 Waiting on the bus contract — signed in the meeting',
        'Handled on the agenda',
        '• A-1 PD calendar — Maria drafts it',
        'Carried forward to the next meeting',
        '• A-2 Bus contract',
        'Goals that moved',
        '• G-1 schools reporting: 9 → 12 (+3) (target 14) · 1 data point, 1 unverified',
      ].join('\n'),
    );
    // Before the meeting is not the meeting's.
    expect(d[0]!.text).not.toContain('Before the meeting');
    expect(buttons(d[0]!).map((b) => b.label)).toEqual(['Post', 'Edit']);
    expect((await meetingOn(t.database.db, 1, '2026-11-25'))?.recapDraftSentAt).toBe(Date.parse('2026-11-25T17:00:00Z'));
  });

  it('goes to the lead when nobody holds the recap role, and says why', async () => {
    const d = drafts(await heldMeeting());
    expect(d.map((s) => s.destination)).toEqual([{ to: 'dm', userId: 'alice' }]);
    expect(d[0]!.text).toContain('The team has no recap owner, so it comes to you as lead.');
  });

  it('Post puts it in the channel once: pressed twice, by the lead too, or at the same moment on two devices', async () => {
    const d = drafts(await heldMeeting({ recapOwner: 'maria' }))[0]!;
    t.clock.set(Date.parse('2026-11-25T17:10:00Z'));
    await Promise.all([press(t, 'maria', d, 'recap.post'), press(t, 'maria', d, 'recap.post')]);
    const first = await t.flush();
    expect(recapPosts(first)).toHaveLength(1);
    expect(recapPosts(first)[0]!.text).toMatch(/^Recap — Leadership, meeting of Wed, Nov 25\nDecided\n• D-1 Move the PD day to Friday[\s\S]*Posted by Maria · the meeting of Nov 25, 16:00 to Nov 25, 17:00 \(UTC\)/);
    expect(where(first)).toContain('reply maria: ✅ The recap of the meeting of Wed, Nov 25 is posted in the team\'s channel.');
    expect(where(first)).toContain("reply maria: The recap of the meeting of Wed, Nov 25 was already posted by you (Nov 25, 11:10). It is in the team's channel.");
    await press(t, 'alice', d, 'recap.post');
    expect(where(await t.flush())).toEqual(["reply alice: The recap of the meeting of Wed, Nov 25 was already posted by Maria (Nov 25, 17:10). It is in the team's channel."]);
    // Someone who is neither the recap owner nor a lead cannot post it.
    await t.run('alice', 'role <@maria> remove recap');
    await press(t, 'sam', d, 'recap.post');
    expect(where(await t.flush())[0]).toMatch(/^reply sam: Only the recap owner or a lead of Leadership can post or edit the meeting's recap\./);
    expect(recapPosts(t.sent)).toHaveLength(1);
  });

  it('Edit opens the draft in a form; an empty edit is refused; Post posts the edited text', async () => {
    const d = drafts(await heldMeeting({ recapOwner: 'maria' }))[0]!;
    const form = (await press(t, 'maria', d, 'recap.edit'))!;
    expect(form.title).toBe('Edit the recap');
    expect(form.fields).toEqual([expect.objectContaining({ id: 'text', multiline: true, initial: expect.stringContaining('Decided\n• D-1 Move the PD day to Friday') })]);
    expect(await submit(t, 'maria', form, { text: '  \n   \n' })).toEqual({ ok: false, errors: { text: expect.stringMatching(/^A recap cannot be empty: write what the meeting decided/) } });
    expect(await t.flush()).toEqual([]);
    expect((await meetingOn(t.database.db, 1, '2026-11-25'))?.recapText).toContain('Draft the PD memo');

    const edited = 'Decided\n• D-1 The PD day moves to Friday; Maria tells the principals\nNext time\n• The bus contract first';
    expect(await submit(t, 'maria', form, { text: `${edited}   \n\n` })).toEqual({ ok: true });
    const saved = await t.flush();
    expect(saved.map((s) => s.destination.to)).toEqual(['reply']);
    expect(saved[0]!.text).toContain(`✏️ Saved. This is what Post puts in the team's channel:\n${edited}`);
    expect(buttons(saved[0]!).map((b) => b.label)).toEqual(['Post', 'Edit']);
    expect((await meetingOn(t.database.db, 1, '2026-11-25'))?.recapText).toBe(edited);

    // Post on the first draft message posts the edit too: the text is the meeting's, not the message's.
    await press(t, 'maria', d, 'recap.post');
    const posted = recapPosts(await t.flush());
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain(edited);
    expect(posted[0]!.text).not.toContain('Draft the PD memo');
    // The part titles are bold; what the owner wrote stays literal text.
    const section = posted[0]!.message.blocks.find((b) => b.type === 'section');
    expect(section).toMatchObject({ lines: [[{ text: 'Decided', bold: true }], [{ text: '• D-1 The PD day moves to Friday; Maria tells the principals' }], [{ text: 'Next time' }], [{ text: '• The bus contract first' }]] });
    // The posted recap is a record: in `list meetings` and the export.
    expect((await t.run('sam', 'list meetings'))[0]!.text).toMatch(/Nov 26, 01:00 — held · agenda posted · recap posted/);
    const files = (await t.run('alice', 'export')).flatMap((s) => s.message.attachments ?? []).map((f) => f.content);
    expect(files.join('\n')).toContain('recap,2026-11-25,posted,"Decided\n• D-1 The PD day moves to Friday; Maria tells the principals\nNext time\n• The bus contract first"');
    expect(files.join('\n')).toContain('## Meeting recaps (1)');
    // Once posted it is not edited.
    expect(await press(t, 'maria', d, 'recap.edit')).toBeNull();
    expect(where(await t.flush())[0]).toMatch(/^reply maria: The recap of the meeting of Wed, Nov 25 was already posted by you .* It is not edited after that\./);
  });

  it('a restart while the draft is due sends it once', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'role <@maria> recap');
    await t.run('alice', 'meeting schedule wednesday 16:00');
    const file = join(t.dir, 'baton.db');
    t.database.close();
    for (let i = 0; i < 2; i++) {
      const b = testBot({ file, now: '2026-11-25T18:00:00Z' });
      extra.push(b);
      await b.dispatcher.recover();
      await b.bot.runDueJobs();
      const sent = drafts(await b.flush());
      expect(sent.map((s) => s.destination)).toEqual(i === 0 ? [{ to: 'dm', userId: 'maria' }] : []);
      if (i === 0) expect(sent[0]!.text).toContain('Nothing was decided, committed or resolved in this meeting.');
      b.database.close();
    }
    extra.length = 0;
  });

  it('a meeting skipped or cancelled has no draft', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('alice', 'calendar off Nov 25 Thanksgiving break');
    const sent = await passTime(t, '2026-11-26T09:00:00Z');
    expect(drafts(sent)).toEqual([]);
    expect((await meetingOn(t.database.db, 1, '2026-11-25'))?.status).toBe('skipped');
  });
});

describe('`recap`', () => {
  it('covers the period since the last meeting, and says so', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await t.run('sam', 'update Before the meeting');
    await passTime(t, '2026-11-25T16:10:00Z');
    await t.run('alice', 'decide Move the PD day to Friday');
    await passTime(t, '2026-11-26T09:00:00Z');
    await t.run('sam', 'update After the meeting');
    const sent = await t.run('maria', 'recap');
    expect(sent.map((s) => s.destination.to)).toEqual(['channel']);
    // Maria reads it in Chicago time: 16:00 UTC is 10:00 there.
    expect(sent[0]!.text).toContain("Since Wednesday's meeting (Nov 25) · Nov 25, 10:00 to Nov 26, 03:00 (America/Chicago)");
    expect(sent[0]!.text).toMatch(/Updates\n {2}• U-2 After the meeting/);
    expect(sent[0]!.text).toMatch(/Decisions\n {2}• D-1 Move the PD day to Friday/);
    expect(sent[0]!.text).not.toContain('Before the meeting');
  });

  it('with no meeting set, covers the period since the last recap, and says so', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('sam', 'update First week');
    expect((await t.run('maria', 'recap'))[0]!.text).toContain('The last 7 days · Nov 16, 09:00 to Nov 23, 09:00 (America/Chicago)');
    t.clock.set(Date.parse('2026-11-27T15:00:00Z'));
    await t.run('sam', 'update Second week');
    const second = (await t.run('maria', 'recap'))[0]!;
    expect(second.destination.to).toBe('channel');
    expect(second.text).toContain('Since the last recap (Nov 23, 09:00) · Nov 23, 09:00 to Nov 27, 09:00 (America/Chicago)');
    expect(second.text).toMatch(/Updates\n {2}• U-2 Second week/);
    expect(second.text).not.toContain('First week');
  });

  it('with nothing new says so privately and asks; Post anyway posts it, once', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('sam', 'update Bus routes drafted');
    expect((await t.run('maria', 'recap')).map((s) => s.destination.to)).toEqual(['channel']);
    t.clock.advance(3_600_000);
    const asked = await t.run('sam', 'recap');
    expect(asked.map((s) => s.destination.to)).toEqual(['reply']);
    expect(asked[0]!.text).toMatch(/^Nothing new was recorded since the last recap \(Nov 24, 00:00\), so this is not posted yet\. Post it anyway\?\nRecap — Leadership/);
    expect(buttons(asked[0]!).map((b) => b.label)).toEqual(['Post anyway']);
    await press(t, 'sam', asked[0]!, 'recap.anyway');
    const posted = await t.flush();
    expect(posted.map((s) => s.destination.to)).toContain('channel');
    expect(posted.find((s) => s.destination.to === 'channel')!.text).toMatch(/^Recap — Leadership/);
    // Pressed again: that recap is posted now, so it asks again rather than post it twice.
    await press(t, 'sam', asked[0]!, 'recap.anyway');
    const again = await t.flush();
    expect(again.map((s) => s.destination.to)).toEqual(['reply']);
    expect(again[0]!.text).toMatch(/^Nothing new was recorded since the last recap/);
  });

  it('after a meeting with nothing recorded in it or since, asks too', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.run('alice', 'meeting schedule wednesday 16:00');
    await passTime(t, '2026-11-26T09:00:00Z');
    const asked = await t.run('maria', 'recap');
    expect(asked.map((s) => s.destination.to)).toEqual(['reply']);
    expect(asked[0]!.text).toMatch(/^Nothing was recorded in this period, so this is not posted yet\. Post it anyway\?\nRecap — Leadership\nSince Wednesday's meeting \(Nov 25\)/);
  });
});
