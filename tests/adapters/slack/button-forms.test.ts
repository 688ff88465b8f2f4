// A button whose action opens a form (as the check-in's "Answer" button will): the modal opens
// with the press's trigger_id, its errors come back in the acknowledgement, its answers reach the
// core's form handler. The core here is the real Baton with one extra action and form, wired to
// the Slack adapter as src/app.ts wires it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, connectSlack } from '../../../src/adapters/slack/app.js';
import { Baton } from '../../../src/core/bot.js';
import { FixedClock } from '../../../src/core/clock.js';
import { say } from '../../../src/core/message.js';
import type { Database_ } from '../../../src/db/client.js';
import { Dispatcher } from '../../../src/scheduler/outbox.js';
import { HttpServer } from '../../../src/server.js';
import { silentLog } from '../../support/core.js';
import { FakeSlack } from '../../fakes/slack-api.js';
import { SlackRequests } from '../../fakes/slack-requests.js';
import { ALICE, LEADERSHIP, MARIA, SECRET, TOKEN, textOf } from './harness.js';
import { openReadyTestDatabase } from '../../support/testdb.js';

let fake: FakeSlack;
let database: Database_;
let server: HttpServer;
let slack: SlackAdapter;
let dispatcher: Dispatcher;
let requests: SlackRequests;
let dir: string;

async function settle(): Promise<void> {
  await slack.idle();
  await dispatcher.drain();
}

beforeAll(async () => {
  fake = new FakeSlack(TOKEN);
  await fake.start();
  fake.user({ id: ALICE.id, name: 'alice', display_name: 'Alice', tz: 'UTC' });
  fake.user({ id: MARIA.id, name: 'maria', display_name: 'Maria', tz: 'America/Chicago' });
  fake.channel(LEADERSHIP.id, LEADERSHIP.name, [ALICE.id, MARIA.id]);
  dir = mkdtempSync(join(tmpdir(), 'baton-slack-forms-'));
  database = await openReadyTestDatabase(join(dir, 'baton.db'));
  const clock = new FixedClock(Date.parse('2026-11-23T15:00:00Z'));
  const transports = {};
  const directories = {};
  dispatcher = new Dispatcher({ store: database.store, clock, transports, log: silentLog });
  const bot = new Baton({
    store: database.store,
    clock,
    directories,
    defaultTz: 'UTC',
    log: silentLog,
    onOutbox: () => dispatcher.kick(),
    actions: {
      'demo.open': (ctx, value) => ({
        formId: 'demo',
        state: JSON.stringify({ teamId: ctx.team.id, value }),
        title: 'How was the week?',
        submitLabel: 'Send',
        fields: [{ type: 'text', id: 'note', label: 'One line', multiline: false }],
      }),
    },
    forms: {
      demo: (ctx, _state, values) => {
        if (values.note === 'bad') return { note: 'Write something else.' };
        ctx.reply(say(`Thanks, ${ctx.actor.name}: ${values.note ?? ''}`));
      },
    },
  });
  server = new HttpServer(async () => ({ ok: true }));
  slack = connectSlack({ bot, log: silentLog, botToken: TOKEN, signingSecret: SECRET, apiUrl: fake.url, route: (m, p, h) => server.route(m, p, h) });
  Object.assign(transports, { slack: slack.transport });
  Object.assign(directories, { slack: slack.directory });
  const port = await server.listen(0, '127.0.0.1');
  requests = new SlackRequests(`http://127.0.0.1:${port}/slack/events`, SECRET, { id: 'T0001', domain: 'fake-district' });
  await requests.command({ user: ALICE, channel: LEADERSHIP, text: 'setup Leadership', responseUrl: fake.responseUrl() });
  await settle();
});

afterAll(async () => {
  await slack?.stop();
  await server?.close();
  database?.close();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a button that opens a form', () => {
  it('opens the modal with the press, then records the answers after one correction', async () => {
    const trigger = `${Date.now()}.42.abc`;
    const press = await requests.buttonPress({ user: MARIA, channel: LEADERSHIP, messageTs: '1.1', actionId: 'b0:demo.open', value: 'week-48', responseUrl: fake.responseUrl(), triggerId: trigger });
    expect(press).toEqual({ status: 200, body: '' });
    await settle();
    const open = fake.to('views.open').at(-1)!;
    expect(open.args.trigger_id).toBe(trigger);
    expect(open.args.view.title.text).toBe('How was the week?');
    const meta = JSON.parse(open.args.view.private_metadata);
    expect(JSON.parse(meta.s)).toMatchObject({ value: 'week-48' });

    const view = { ...open.args.view, id: 'V9', hash: 'h9' };
    const bad = await requests.viewSubmission({ user: MARIA, view, values: { note: { note: { type: 'plain_text_input', value: 'bad' } } } });
    expect(JSON.parse(bad.body)).toEqual({ response_action: 'errors', errors: { note: 'Write something else.' } });
    const good = await requests.viewSubmission({ user: MARIA, view, values: { note: { note: { type: 'plain_text_input', value: 'A good week' } } } });
    expect(good).toEqual({ status: 200, body: '' });
    await settle();
    // No response_url after a modal: the private answer is an ephemeral where the button was.
    const eph = fake.to('chat.postEphemeral').at(-1)!;
    expect(eph.args).toMatchObject({ channel: LEADERSHIP.id, user: MARIA.id });
    expect(textOf(eph.args)).toContain('Thanks, Maria: A good week');
  });

  it('a button on App Home (no conversation, no response_url) answers in a DM', async () => {
    await requests.interaction({
      type: 'block_actions',
      user: { id: MARIA.id, username: 'maria', name: 'maria', team_id: 'T0001' },
      api_app_id: 'A0BATON01',
      token: 'legacy',
      container: { type: 'view', view_id: 'VHOME1' },
      trigger_id: `${Date.now()}.7.home`,
      team: { id: 'T0001', domain: 'fake-district' },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: 'VHOME1', type: 'home', blocks: [], private_metadata: '', callback_id: '', hash: 'hh' },
      actions: [{ action_id: 'b0:command', block_id: 'x', text: { type: 'plain_text', text: 'Mine' }, value: 'mine', type: 'button', action_ts: '1.2' }],
    });
    await settle();
    expect(textOf(fake.posts(MARIA.id).at(-1)!.args)).toContain('Yours');
  });
});
