// manifest/slack.json creates the app as it is: valid against Slack's own schema, and in step
// with what the adapter listens to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BOT_EVENTS, SHORTCUT_CALLBACK_IDS } from '../../../src/adapters/slack/app.js';
import { FORM_CALLBACK_ID } from '../../../src/adapters/slack/forms.js';

const root = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifest', 'slack.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'slack-app-manifest.v1.schema.json'), 'utf8'));

describe('manifest/slack.json', () => {
  it("is valid against Slack's app manifest schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The same check refuses a broken manifest (it is not vacuous).
    const broken = structuredClone(manifest);
    broken.features.shortcuts[0].name = 'Record this message as a commitment';
    broken.settings.unknown_setting = true;
    expect(validate(broken)).toBe(false);
  });

  it('registers /baton with a usage hint and should_escape, so mentions arrive as ids', () => {
    const [baton] = manifest.features.slash_commands;
    expect(baton).toMatchObject({ command: '/baton', should_escape: true });
    expect(baton.usage_hint.length).toBeGreaterThan(0);
  });

  it('has the three message shortcuts the adapter handles', () => {
    expect(manifest.features.shortcuts.map((s: { type: string; callback_id: string }) => [s.type, s.callback_id])).toEqual(SHORTCUT_CALLBACK_IDS.map((id) => ['message', id]));
    expect(manifest.features.shortcuts.map((s: { name: string }) => s.name)).toEqual(['Record as commitment', 'Record as blocker', 'Record as decision']);
    expect(FORM_CALLBACK_ID.length).toBeLessThanOrEqual(255);
  });

  it('subscribes to exactly the events the adapter listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
  });

  it('asks for the least scopes, each for a reason', () => {
    const why: Record<string, string> = {
      commands: '/baton and the message shortcuts',
      'chat:write': 'posts, ephemerals, DMs to a user id, edits',
      'users:read': 'names and time zones (users.info)',
      'channels:read': 'members of a public channel; member_joined_channel',
      'groups:read': 'members of a private channel; member_joined_channel',
      'reactions:read': 'reaction_added',
      'channels:history': 'the reacted message in a public channel; finding a sent message after a crash',
      'groups:history': 'the same in a private channel',
      'im:history': "finding a DM sent just before a crash in Baton's own DM with a person",
      'im:write': "finding Baton's DM with a person after a crash when its id was never learnt (conversations.open)",
      'files:write': 'the export, as files in the DM',
    };
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(why).sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('sends commands, events and interactivity to /slack/events; Socket Mode is an option, off', () => {
    expect(manifest.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true, request_url: expect.stringMatching(/\/slack\/events$/) });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
