// The response rate counts a week only once its answer window has closed (digest posted or its
// time passed); the week still being answered is shown apart, so an early look is not a low score.
import { afterEach, describe, expect, it } from 'vitest';
import { type TestBot, teamBot } from '../../support/core.js';
import { answer, passTime } from './helpers.js';

let t: TestBot;
afterEach(() => t?.close());

async function rate(): Promise<string> {
  const report = (await t.run('alice', 'report checkins weeks 2')).map((s) => s.text).join('\n');
  return report.split('\n').find((l) => l.startsWith('Check-in response rate'))!;
}

describe('the response rate with a week still open', () => {
  it('shows the open week apart until its digest time, then counts it', async () => {
    t = await teamBot({ now: '2026-11-23T15:00:00Z' });
    await t.bot.runDueJobs();
    await t.flush();
    await passTime(t, '2026-11-30T14:30:00Z'); // all three have their check-in
    await answer(t, 'alice', { moved: 'Budget draft out' });
    await answer(t, 'maria', { moved: 'Routes done' });
    // Before the digest time (22:30 UTC): nothing closed, two of three answered so far.
    expect(await rate()).toBe('Check-in response rate: no answer window closed yet · this week: 2 of 3 so far');
    await passTime(t, '2026-11-30T22:30:00Z'); // the digest is posted: the window closes
    expect(await rate()).toBe('Check-in response rate: 67% (2 of 3)');
    // The next week opens: the closed one keeps its figure, the new one is apart.
    await passTime(t, '2026-12-07T14:30:00Z');
    await answer(t, 'sam', {});
    expect(await rate()).toBe('Check-in response rate: 67% (2 of 3) · this week: 1 of 3 so far');
  });
});
