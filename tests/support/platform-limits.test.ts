// The checks the hostile-payload tests run on everything the fakes received: they must catch
// what they are meant to catch.
import { describe, expect, it } from 'vitest';
import { slackMentionProblems, slackMessageProblems, slackViewProblems, teamsActivityProblems } from './platform-limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the platform checks used by the hostile-payload tests', () => {
  it('Block Kit: too many blocks, long texts, long buttons, bad modals', () => {
    expect(slackMessageProblems({ text: 'ok', blocks: [section('ok')] }, 'm')).toEqual([]);
    expect(slackMessageProblems({ text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'm')).toHaveLength(1);
    expect(slackMessageProblems({ text: 'x', blocks: [section('x'.repeat(3001))] }, 'm')).toHaveLength(1);
    expect(slackMessageProblems({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }, 'm')).toHaveLength(1);
    expect(slackMessageProblems({ text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'x'.repeat(76) }, action_id: 'a', value: 'v' }] }] }, 'm')).toHaveLength(1);
    expect(slackMessageProblems({ text: 'x', link_names: true }, 'm')).toHaveLength(1);
    expect(slackViewProblems({ type: 'modal', title: { type: 'plain_text', text: 'x'.repeat(25) }, private_metadata: 'x'.repeat(3001), blocks: [] }, 'v')).toHaveLength(2);
  });

  it('Slack mentions: broadcasts and people nobody named, only where Slack parses them', () => {
    const named = new Set(['U0ALICE01']);
    expect(slackMentionProblems({ text: 'hi <@U0ALICE01>', blocks: [section('&lt;!channel&gt;')] }, named, 'm')).toEqual([]);
    expect(slackMentionProblems({ text: 'hi <!here>' }, named, 'm')).toHaveLength(1);
    expect(slackMentionProblems({ blocks: [section('x <!subteam^S1|@a> <@U0EVIL001>')] }, named, 'm')).toHaveLength(2);
    expect(slackMentionProblems({ blocks: [{ type: 'input', element: { type: 'plain_text_input', initial_value: '<!channel>' } }] }, named, 'm')).toEqual([]);
  });

  it('Teams: a card too big, an <at> without its entity, a link that is not http(s)', () => {
    const card = (body: unknown[], entities: unknown[] = []) => ({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body, msteams: { entities } } }] });
    const at = { type: 'mention', text: '<at>Alice</at>', mentioned: { id: '29:alice', name: 'Alice' } };
    expect(teamsActivityProblems(card([{ type: 'TextBlock', text: 'hi <at>Alice</at>' }], [at]), 'c')).toEqual([]);
    expect(teamsActivityProblems(card([{ type: 'TextBlock', text: 'hi <at>Bob</at>' }], [at]), 'c')).toHaveLength(1);
    expect(teamsActivityProblems(card([{ type: 'TextBlock', text: 'x'.repeat(30_000) }]), 'c')).toHaveLength(1);
    expect(teamsActivityProblems(card([{ type: 'TextBlock', text: '[x](javascript:alert(1))' }]), 'c')).toHaveLength(1);
    expect(teamsActivityProblems(card([{ type: 'TextBlock', text: '\\[x\\](javascript:alert(1))' }]), 'c')).toEqual([]);
    expect(teamsActivityProblems(card([{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'x', selectAction: { type: 'Action.OpenUrl', url: 'javascript:alert(1)' } }] }]), 'c')).toHaveLength(1);
  });
});
