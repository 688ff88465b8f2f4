// The real Baton service (startServer) with Teams on, on a temporary SQLite file, and a fake
// connector service as every activity's serviceUrl. Tests post activities over HTTP exactly as
// Teams does and read what arrives at the fake.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ServerApp, startServer } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { FixedClock } from '../../../src/core/clock.js';
import { FakeConnector, type Posted } from '../../fakes/teams-connector.js';
import { TeamsActivities } from '../../fakes/teams-activities.js';
import { expectNoSecrets } from '../../support/secrets.js';
import { testApp, testDatabaseConfig } from '../../support/testdb.js';

export interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

export interface TeamsHarness {
  app: ServerApp;
  fake: FakeConnector;
  acts: TeamsActivities;
  logs: LogLine[];
  /** The clock Baton runs on, when the harness was started with one (`startTeams(env, { clock })`). */
  clock?: FixedClock;
  /** POSTs an activity to /api/messages; resolves with the HTTP answer. */
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Posts an activity, expects Teams to hear it taken (2xx), and delivers what it led to. */
  send(activity: object): Promise<{ status: number; body: any }>;
  /** Delivers what is due in the outbox now. */
  drain(): Promise<void>;
  /** One scheduler tick (the timers that are due), then delivers what they sent. */
  tick(): Promise<void>;
  /** Stops Baton and starts it again on the same database (what it kept in memory is gone). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function recordingLog(lines: LogLine[]) {
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A harness whose clock only moves when the test says (check-ins, reminders, time boxes). */
export type ClockedTeamsHarness = TeamsHarness & { clock: FixedClock };

export async function startTeams(env?: Record<string, string>): Promise<TeamsHarness>;
export async function startTeams(env: Record<string, string> | undefined, o: { clock: string }): Promise<ClockedTeamsHarness>;
export async function startTeams(env: Record<string, string> = { BATON_TEAMS_DEV: '1' }, o: { clock?: string } = {}): Promise<TeamsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-teams-'));
  const loaded = loadConfig({ ...(await testDatabaseConfig(join(dir, 'baton.db'))), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const fake = await new FakeConnector().start();
  const logs: LogLine[] = [];
  const clock = o.clock ? new FixedClock(Date.parse(o.clock)) : undefined;
  const start = () => startServer(loaded.config, { log: recordingLog(logs), ...(clock ? { clock } : {}) });
  let app = await start();
  const acts = new TeamsActivities(fake.url);
  const drain = async () => {
    await app.bot.inbox.idle();
    await app.dispatcher.drain();
  };
  const post: TeamsHarness['post'] = async (activity, headers = {}) => {
    const res = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // plain text
    }
    return { status: res.status, body };
  };
  return {
    get app() {
      return testApp(app);
    },
    fake,
    acts,
    logs,
    ...(clock ? { clock } : {}),
    post,
    async send(activity) {
      const r = await post(activity);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      await drain();
      return r;
    },
    // Commands accepted into the inbox are worked through, then what they sent is delivered.
    drain,
    async tick() {
      await app.ticker.tick();
      await drain();
    },
    async restart() {
      await app.stop();
      app = await start();
    },
    async close() {
      await app.stop();
      await fake.stop();
      // Every line Baton logged while this harness ran: no app password, no Authorization header.
      expectNoSecrets(JSON.stringify(logs), [env.MICROSOFT_APP_PASSWORD], 'the logs of this Teams test');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every piece of text a posted card shows (TextBlocks, TextRuns, facts), joined by newlines. */
export function cardText(p: Posted | undefined): string {
  if (!p) return '';
  const out: string[] = [];
  const walk = (x: any): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    if (x.type === 'TextBlock' && typeof x.text === 'string') out.push(x.text);
    if (x.type === 'RichTextBlock') out.push((x.inlines ?? []).map((r: any) => r.text).join(''));
    if (x.type === 'FactSet') for (const f of x.facts ?? []) out.push(`${f.title}: ${f.value}`);
    if (x.type === 'Input.Text' || x.type === 'Input.ChoiceSet') out.push(`[${x.label}]`);
    for (const [k, v] of Object.entries(x)) if (k !== 'inlines' && k !== 'facts' && typeof v === 'object') walk(v);
  };
  for (const a of p.activity?.attachments ?? []) walk(a.content?.body ?? []);
  if (typeof p.activity?.text === 'string') out.push(p.activity.text);
  return out.join('\n');
}

/** The Adaptive Card of a post. */
export function cardOf(p: Posted | undefined): any {
  return p?.activity?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every Action.Submit on a card (in ActionSets and at the root). */
export function submitsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (x: any): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    if (x.type === 'Action.Submit') out.push(x);
    for (const v of Object.values(x)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** The data of the card's button for `actionId`, as Teams sends it back when pressed. */
export function buttonData(post: Posted, actionId: string): any {
  const b = submitsOf(cardOf(post)).find((s) => s.data?.actionId === actionId);
  if (!b) throw new Error(`no ${actionId} button on ${cardText(post)}`);
  return b.data;
}

/** A card's inputs as Teams sends them back with a submit: each input's current value ('' when empty). */
export function inputsOf(card: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of card.body) if (typeof e.type === 'string' && e.type.startsWith('Input.')) out[e.id] = e.value ?? '';
  return out;
}

/** What Teams sends when a form card is submitted: the submit button's data and every input, with `answers` by field id. */
export function submission(card: any, answers: Record<string, string>): Record<string, unknown> {
  const data: Record<string, unknown> = { ...submitsOf(card)[0].data, ...inputsOf(card) };
  for (const [id, v] of Object.entries(answers)) {
    if (!(`f_${id}` in data)) throw new Error(`the form has no input ${id}: ${Object.keys(data).join(', ')}`);
    data[`f_${id}`] = v;
  }
  return data;
}
