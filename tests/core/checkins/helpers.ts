// Driving check-ins through the core as a person and a clock would: time passing (each timer
// fires at its own time, as with Baton running), time jumping (Baton was down), buttons pressed.
import type { Button, Form } from '../../../src/core/message.js';
import type { Sent, TestBot } from '../../support/core.js';

/** Time passes until `iso` with Baton running: every timer due on the way fires at its time. */
export async function passTime(t: TestBot, iso: string): Promise<Sent[]> {
  const target = Date.parse(iso);
  for (let i = 0; i < 10_000; i++) {
    const next = await t.bot.nextJobAt();
    if (next === null || next > target) break;
    if (next > t.clock.now()) t.clock.set(next);
    await t.bot.runDueJobs();
    await t.dispatcher.drain();
  }
  t.clock.set(target);
  await t.bot.runDueJobs();
  return t.flush();
}

/** Baton was down until `iso`: it starts again and runs what is due, once. */
export async function restartAt(t: TestBot, iso: string): Promise<Sent[]> {
  t.clock.set(Date.parse(iso));
  await t.bot.runDueJobs();
  return t.flush();
}

/** Private messages among `sent`, by user id. */
export function dms(sent: Sent[], userId?: string): Sent[] {
  return sent.filter((s) => s.destination.to === 'dm' && (!userId || s.destination.userId === userId));
}

/** Check-in messages (not reminders), by their outbox keys. */
export function checkinDms(sent: Sent[], userId?: string): Sent[] {
  return dms(sent, userId).filter((s) => s.key.startsWith('checkin:send:'));
}

export function reminders(sent: Sent[], userId?: string): Sent[] {
  return dms(sent, userId).filter((s) => s.key.startsWith('checkin:remind:'));
}

export function channel(sent: Sent[]): Sent[] {
  return sent.filter((s) => s.destination.to === 'channel');
}

export function buttons(s: Sent): Button[] {
  return s.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** Presses a button of a message, privately (in the 1:1 with Baton), as `userId`. */
export async function press(t: TestBot, userId: string, s: Sent, actionId: string): Promise<Form | null> {
  const b = buttons(s).find((x) => x.actionId === actionId);
  if (!b) throw new Error(`no ${actionId} button in: ${s.text}`);
  return t.bot.action(t.invocation(userId, { direct: true }), b.actionId, b.value);
}

/** Submits a form as `userId` from the 1:1 with Baton. */
export function submit(t: TestBot, userId: string, form: Form, values: Record<string, string | undefined>) {
  return t.bot.submit(t.invocation(userId, { direct: true }), form.formId, form.state, values);
}

/** The person's check-in DM among everything sent so far; answers it. */
export async function answer(t: TestBot, userId: string, values: Record<string, string | undefined>) {
  const dm = checkinDms(t.sent, userId).at(-1);
  if (!dm) throw new Error(`${userId} has no check-in`);
  const form = await press(t, userId, dm, 'checkin.open');
  if (!form) throw new Error('no form opened');
  const outcome = await submit(t, userId, form, values);
  return { form, outcome, sent: await t.flush() };
}
