// Slack's text → the core's neutral text: people and channels stay ids, everything else is
// plain, inert text; entities are decoded last.
import { describe, expect, it } from 'vitest';
import { commandText, dedupe, isDirectChannel, mentionedUsers, messageText, workspaceKey } from '../../../src/adapters/slack/inbound.js';

describe('command text from Slack', () => {
  it('keeps people and channels as the core reads them', () => {
    expect(commandText('commit Budget by Friday <@U0MARIA01|maria>')).toBe('commit Budget by Friday <@U0MARIA01|maria>');
    expect(commandText('broadcast <#C0STAFF01|staff-announcements>')).toBe('broadcast <#C0STAFF01|staff-announcements>');
    expect(commandText('broadcast <#C0PRIV001|>')).toBe('broadcast <#C0PRIV001|>');
  });

  it('makes broadcast mentions and user groups inert text', () => {
    expect(commandText('update <!here> <!channel> <!everyone> <!subteam^S0123|@leads> <!subteam^S0456>')).toBe('update @here @channel @everyone @leads @group');
  });

  it('shows links as label and address; decodes what the person typed', () => {
    expect(commandText('update see <https://example.org/x?a=1&amp;b=2|the doc> and <https://example.org>')).toBe('update see the doc (https://example.org/x?a=1&b=2) and https://example.org');
    expect(commandText('update R&amp;D &lt;draft&gt; &amp;lt;')).toBe('update R&D <draft> &lt;');
    expect(commandText('update mail <mailto:a@b.org|a@b.org>')).toBe('update mail a@b.org');
  });
});

describe('message text from Slack', () => {
  it('names people, channels and links in plain text', () => {
    const names: Record<string, string> = { U0SAM0001: 'Sam' };
    expect(messageText('ask <@U0SAM0001> and <@U0UNKNOWN> in <#C0STAFF01|staff> <!here> &lt;b&gt;', (id) => names[id])).toBe('ask @Sam and @U0UNKNOWN in #staff @here <b>');
    expect(mentionedUsers('<@U0SAM0001> <@W0GRID001|pat> <#C1>')).toEqual(['U0SAM0001', 'W0GRID001']);
  });
});

describe('ids', () => {
  it('keys an org-wide install on the enterprise, anything else on the team', () => {
    expect(workspaceKey({ isEnterpriseInstall: true, enterpriseId: 'E1', teamId: 'T1' })).toBe('E1');
    expect(workspaceKey({ isEnterpriseInstall: false, enterpriseId: 'E1', teamId: 'T1' })).toBe('T1');
    expect(workspaceKey({ teamId: 'T1' })).toBe('T1');
    expect(workspaceKey({})).toBeNull();
  });

  it('namespaces delivery ids', () => {
    expect(dedupe.event('Ev1')).toBe('slack:event:Ev1');
    expect(dedupe.trigger('1.2.3')).toBe('slack:trigger:1.2.3');
    expect(dedupe.view('V1', 'h')).toBe('slack:view:V1:h');
  });

  it('knows a 1:1 conversation', () => {
    expect(isDirectChannel('D0123')).toBe(true);
    expect(isDirectChannel('C0123', 'directmessage')).toBe(true);
    expect(isDirectChannel('C0123', 'leadership')).toBe(false);
  });
});
