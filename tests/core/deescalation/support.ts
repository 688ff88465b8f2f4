// Driving the de-escalation flow through the core's entry points as an adapter does: press the
// button in a private message, get the form, submit it.
import { expect } from 'vitest';
import type { FormOutcome } from '../../../src/core/bot.js';
import type { Button, Form } from '../../../src/core/message.js';
import type { Sent, TestBot } from '../../support/core.js';

const DAY = 86_400_000;
export const HOUR = 3_600_000;
export { DAY };

/** The buttons of a delivered message. */
export function buttonsOf(s: Sent): Button[] {
  return s.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** The last private message to `userId` that has a button with `actionId`, and that button. */
export function lastButton(t: TestBot, userId: string, actionId: string): Button {
  const found = [...t.sent].reverse().find((s) => s.destination.to === 'dm' && s.destination.userId === userId && buttonsOf(s).some((b) => b.actionId === actionId));
  if (!found) throw new Error(`no private message to ${userId} with ${actionId}; sent:\n${t.sent.map((s) => `${s.destination.to} ${'userId' in s.destination ? s.destination.userId : ''}: ${s.text}`).join('\n')}`);
  return buttonsOf(found).find((b) => b.actionId === actionId)!;
}

/** Presses a button as `userId` (in their 1:1 with Baton, where DMs land) and returns the form it opens. */
export async function press(t: TestBot, userId: string, button: Button): Promise<Form | null> {
  return t.bot.action(t.invocation(userId, { direct: true }), button.actionId, button.value);
}

export async function submit(t: TestBot, userId: string, form: Form, values: Record<string, string | undefined>): Promise<FormOutcome> {
  const r = await t.bot.submit(t.invocation(userId, { direct: true }), form.formId, form.state, values);
  return r;
}

/** Presses the latest button `actionId` sent to `userId` and submits its form with `values`. */
type Values = Record<string, string | undefined>;

export async function step(t: TestBot, userId: string, actionId: string, values: Values | ((form: Form) => Values)): Promise<FormOutcome> {
  const form = await press(t, userId, lastButton(t, userId, actionId));
  if (!form) {
    const answers = await t.flush();
    throw new Error(`${actionId} opened no form for ${userId}: ${answers.map((a) => a.text).join(' | ')}`);
  }
  const r = await submit(t, userId, form, typeof values === 'function' ? values(form) : values);
  await t.flush();
  return r;
}

/** The value of a select option by its label (e.g. the executor by name). */
export function optionValue(form: Form, fieldId: string, label: string): string {
  const f = form.fields.find((x) => x.id === fieldId);
  const o = f?.type === 'select' ? f.options.find((x) => x.label === label) : undefined;
  if (!o) throw new Error(`no option ${label} in ${fieldId}`);
  return o.value;
}

export const view = (who: string) => ({ issue: `${who}'s issue`, matters: `${who} cares about time`, liveWith: `${who} could live with a shorter day` });

/** The facilitator's answers: summary, options, the executor by name, a date. */
export function options(executor: string, ...texts: string[]): (form: Form) => Values {
  return (form) => ({ summary: 'Both want a calendar that works for teachers.', option1: texts[0], option2: texts[1], option3: texts[2], executor: optionValue(form, 'executor', executor), by: 'in 2 weeks' });
}

/** The channel line posts for a flow: the first one (keyed) and the edits (replacing it). */
export function linePosts(t: TestBot): Sent[] {
  return t.sent.filter((s) => s.destination.to === 'channel' && (s.key.startsWith('flow:line:') || (s.destination.to === 'channel' && s.destination.replaces?.startsWith('flow:line:'))));
}

export function expectOk(r: FormOutcome): void {
  expect(r).toEqual({ ok: true });
}
