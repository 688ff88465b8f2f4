import { afterEach, describe, expect, it } from 'vitest';
import { type TestBot, teamBot, where } from '../support/core.js';

let t: TestBot;
afterEach(() => t?.close());

describe('commitments', () => {
  it('records a commitment with an id and a date read in the owner\'s time zone, and tells the channel', async () => {
    t = await teamBot();
    const sent = await t.run('alice', 'commit Draft the budget memo by Friday');
    expect(where(sent)).toEqual([expect.stringMatching(/^#leadership: C-1 Alice committed to: Draft the budget memo\ndue Fri, Nov 27/)]);
  });
});
