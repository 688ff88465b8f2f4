// "Record as commitment / decision" on a message that names its own date: the dialog's "By when"
// starts with that date, so recording "I will send the budget by Thursday" is one click.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, alice, maria } from '../../fakes/teams-activities.js';
import { type TeamsHarness, startTeams } from './harness.js';

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeams();
  h.fake.seat(CHANNEL.id, [alice, maria]);
  await h.send(h.acts.channelMessage(alice, 'setup District Leadership'));
});
afterEach(async () => {
  await h.close();
});

const field = (opened: { body: any }, id: string) => opened.body.task.value.card.content.body.find((e: any) => e.id === id);

describe('"Record as …" prefills the date the message names', () => {
  it('"I will send the budget by Thursday" → By when: Thursday', async () => {
    const message = { id: '1700000000901', author: maria, html: '<p>I will send the budget by Thursday.</p>' };
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', message));
    expect(field(opened, 'f_text').value).toBe('I will send the budget by Thursday.');
    expect(field(opened, 'f_due').value).toBe('Thursday');
  });

  it('a decision "… before Dec 15" → By when: Dec 15', async () => {
    const message = { id: '1700000000902', author: maria, html: '<p>We move the PD day, Sam books the rooms before Dec 15, thanks all</p>' };
    const opened = await h.send(h.acts.fetchTask(alice, 'record-decision', message));
    expect(field(opened, 'f_due').value).toBe('Dec 15');
  });

  it('a message without a date leaves By when empty', async () => {
    const message = { id: '1700000000903', author: maria, html: '<p>Stand by for the bus contract, by the way</p>' };
    const opened = await h.send(h.acts.fetchTask(alice, 'record-commitment', message));
    expect(field(opened, 'f_due').value ?? '').toBe('');
  });
});
