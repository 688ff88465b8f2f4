// The local console: the same bot in a terminal. Reads commands from standard input (typed or
// piped), prints the bot's messages as text, and stops at end of input. Meta commands start
// with ":" — act as someone else, move the clock, say a message, react to it, press a button.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DateTime } from 'luxon';
import type { Baton } from '../../core/bot.js';
import type { MovableClock } from '../../core/clock.js';
import { isValidZone, readDuration } from '../../core/language/dates.js';
import type { Field, Form, Message } from '../../core/message.js';
import type { Delivery, Directory, Invocation, Person, SentRef, Transport } from '../../core/ports.js';
import { RECORD_KINDS, type RecordKind } from '../../core/records/shortcuts.js';
import { type RenderedButton, type Style, ansi, plain, renderLine, renderMessage } from './render.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Colour and prompts when a person is typing; echo of each line when input is piped. */
  interactive: boolean;
  clock: MovableClock;
  defaultTz: string;
  /** Where `export` files are written. */
  exportDir: string;
  /** Runs due jobs and delivers what waits (after each line and each clock move). */
  settle: () => Promise<void>;
}

const WORKSPACE = 'console';
const HELP = [
  'Console commands:',
  '  :as <name> [time zone]   act as another person (e.g. :as maria America/Chicago)',
  '  :tz <time zone>          set your time zone',
  '  :clock [+7d | +3h | +30m | 2026-12-01 09:00]   show or move the clock',
  '  :in #channel | :dm       talk in another channel, or privately to Baton',
  '  :say <text>              post a chat message (gets an id like m1)',
  '  :react <emoji> <m1>      react to a message (rotating_light flags a blocker, scales starts the flow)',
  '  :record commitment|blocker|decision <m1>   the message shortcut',
  '  :press <N>               press button N',
  '  :home                    your overview (Slack App Home)',
  '  :people                  who is here',
  '  :quit                    leave (end of input does the same)',
  'Anything else is a Baton command: try help.',
];

interface SaidMessage {
  id: string;
  channel: string;
  author: string;
  text: string;
}

export class ConsoleAdapter {
  private bot!: Baton;
  private readonly people = new Map<string, Person>();
  private readonly channelMembers = new Map<string, Set<string>>();
  private readonly said = new Map<string, SaidMessage>();
  private buttons: RenderedButton[] = [];
  private me: string;
  private channel = 'leadership';
  private direct = false;
  private saidCount = 0;
  private postCount = 0;
  private readonly style: Style;
  private nextLine: () => Promise<string | null> = async () => null;

  constructor(private readonly opts: ConsoleOptions) {
    this.style = opts.interactive ? ansi : plain;
    this.me = this.person('alice').userId;
  }

  attach(bot: Baton): void {
    this.bot = bot;
  }

  readonly directory: Directory = {
    person: async (_ws, userId) => this.person(userId),
    channelMembers: async (_ws, channelId) => [...(this.channelMembers.get(channelId) ?? [])].map((id) => this.person(id)),
  };

  readonly transport: Transport = {
    deliver: async (d: Delivery): Promise<SentRef | null> => this.print(d),
  };

  /** Reads and runs lines until the input ends. */
  async run(): Promise<void> {
    const rl = createInterface({ input: this.opts.input, terminal: false, crlfDelay: Infinity });
    const lines = rl[Symbol.asyncIterator]();
    this.nextLine = async () => {
      if (this.opts.interactive) this.write(this.style.dim(this.prompt()), false);
      const r = await lines.next();
      return r.done ? null : String(r.value);
    };
    this.write(`Baton console — you are ${this.me} in #${this.channel}. The clock reads ${this.clockText()}.`);
    this.write(this.style.dim('Type help for Baton commands, :help for console commands. Lines starting with # are comments.'));
    for (let raw = await this.nextLine(); raw !== null; raw = await this.nextLine()) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith('//')) continue;
      if (!this.opts.interactive) this.write(`\n${this.prompt()}${line}`);
      if (line === ':quit' || line === ':exit') break;
      try {
        await this.handle(line);
      } catch (err) {
        this.write(`Something went wrong: ${err instanceof Error ? err.message : String(err)}`);
      }
      await this.opts.settle();
    }
    rl.close();
    await this.opts.settle();
  }

  private prompt(): string {
    return `${this.me}@${this.direct ? 'dm' : `#${this.channel}`}> `;
  }

  private async handle(line: string): Promise<void> {
    if (!line.startsWith(':')) {
      this.join(this.me, this.channel);
      await this.bot.command(this.invocation(), this.toNeutral(line));
      return;
    }
    const [word, ...rest] = line.slice(1).split(/\s+/);
    const arg = rest.join(' ');
    switch (word?.toLowerCase()) {
      case 'help':
        this.write(HELP.join('\n'));
        return;
      case 'as': {
        const [name, tz] = rest;
        if (!name) return this.write('Usage: :as <name> [time zone]');
        if (tz && !isValidZone(tz)) return this.write(`"${tz}" is not a time zone. Try America/Chicago or Europe/London.`);
        const p = this.person(name, tz);
        this.me = p.userId;
        if (!this.direct) this.join(p.userId, this.channel);
        return this.write(this.style.dim(`You are now ${p.name}${p.tz ? ` (${p.tz})` : ''}.`));
      }
      case 'tz': {
        if (!arg || !isValidZone(arg)) return this.write('Usage: :tz <time zone>, e.g. :tz America/Chicago');
        this.people.set(this.me, { ...this.person(this.me), tz: arg });
        return this.write(this.style.dim(`${this.me}'s time zone is now ${arg}.`));
      }
      case 'clock':
        return this.moveClock(arg);
      case 'in': {
        const ch = arg.replace(/^#/, '').toLowerCase();
        if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(ch)) return this.write('Usage: :in #channel');
        this.channel = ch;
        this.direct = false;
        this.join(this.me, ch);
        return this.write(this.style.dim(`Now in #${ch}.`));
      }
      case 'dm':
        this.direct = true;
        return this.write(this.style.dim('Now talking privately with Baton. :in #channel to go back.'));
      case 'say': {
        if (!arg) return this.write('Usage: :say <text>');
        const id = `m${++this.saidCount}`;
        this.join(this.me, this.channel);
        this.said.set(id, { id, channel: this.channel, author: this.me, text: arg });
        return this.write(`${this.style.bold(this.person(this.me).name)} (${id}): ${arg}`);
      }
      case 'react': {
        const [emoji, id] = rest;
        const msg = id ? this.said.get(id) : undefined;
        if (!emoji || !msg) return this.write('Usage: :react <emoji> <message id>, e.g. :react rotating_light m1');
        this.join(this.me, msg.channel);
        await this.bot.reacted({ ...this.invocation(), channelId: msg.channel, isDirect: false }, emoji.replace(/^:|:$/g, ''), {
          messageId: msg.id,
          channelId: msg.channel,
          authorId: msg.author,
          text: msg.text,
          url: `console:${msg.channel}/${msg.id}`,
        });
        return;
      }
      case 'record': {
        const [kind, id] = rest;
        const msg = id ? this.said.get(id) : undefined;
        if (!kind || !RECORD_KINDS.includes(kind as RecordKind) || !msg) return this.write('Usage: :record commitment|blocker|decision <message id>');
        const inv = { ...this.invocation(), channelId: msg.channel, isDirect: false };
        const form = await this.bot.shortcut(inv, kind as RecordKind, { messageId: msg.id, channelId: msg.channel, authorId: msg.author, text: msg.text, url: `console:${msg.channel}/${msg.id}` });
        if (form) await this.fill(form, inv);
        return;
      }
      case 'press': {
        const b = this.buttons[Number(arg) - 1];
        if (!b) return this.write('Usage: :press <N>, with N a button number shown as [N].');
        const inv = this.invocation();
        const form = await this.bot.action(inv, b.actionId, b.value);
        if (form) await this.fill(form, inv);
        return;
      }
      case 'home': {
        const view = await this.bot.home(this.invocation());
        return this.show('Home', view);
      }
      case 'people': {
        const rows = [...this.people.values()].map((p) => `  ${p.name}${p.tz ? ` (${p.tz})` : ''}${p.userId === this.me ? ' ← you' : ''}`);
        return this.write(['People here:', ...rows].join('\n'));
      }
      default:
        return this.write(`Unknown console command ":${word}". Type :help.`);
    }
  }

  /** Asks each field of a form in turn, then submits; shows errors and asks again. */
  private async fill(form: Form, inv: Invocation): Promise<void> {
    this.write(this.style.bold(`📝 ${form.title}`));
    if (form.intro) this.write(renderLine(form.intro, this.style));
    if (form.blocks?.length) {
      const shown = renderMessage({ text: '', blocks: form.blocks }, this.style, (b) => {
        this.buttons.push(b);
        return this.buttons.length;
      });
      this.write(shown.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n'));
    }
    let fields: Field[] = form.fields;
    const values: Record<string, string | undefined> = {};
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const f of fields) {
        // "New date, if slipping" after "On track" is a question with no answer: not asked.
        if (f.type === 'text' && f.onlyWhen && values[f.onlyWhen.field] !== f.onlyWhen.value) {
          values[f.id] = undefined;
          continue;
        }
        const answer = await this.ask(f);
        if (answer === null) return this.write(this.style.dim('(form cancelled: end of input)'));
        values[f.id] = answer;
      }
      const outcome = await this.bot.submit(inv, form.formId, form.state, values);
      if (outcome.ok) return;
      for (const [id, error] of Object.entries(outcome.errors)) this.write(`  ⚠ ${form.fields.find((f) => f.id === id)?.label ?? 'Form'}: ${error}`);
      fields = form.fields.filter((f) => f.id in outcome.errors);
      if (fields.length === 0) return;
    }
    this.write(this.style.dim('(form not recorded)'));
  }

  private async ask(f: Field): Promise<string | undefined | null> {
    const suffix = f.optional ? (f.type === 'text' && f.initial ? ' (optional)' : ' (optional, empty to skip)') : '';
    if (f.type === 'select') {
      this.write(`  ${f.label}${suffix}: ${f.options.map((o, i) => `[${i + 1}] ${o.label}`).join('  ')}${f.initial ? this.style.dim(` (empty: ${f.options.find((o) => o.value === f.initial)?.label ?? f.initial})`) : ''}`);
    } else {
      // An optional field shown with an earlier answer (a round-2 option) can be cleared with "-".
      // A multi-line answer (a recap draft) is shown on one line: the prompt stays one line.
      const keeps = f.initial ? ` (empty keeps: ${f.initial.replace(/\s*\n\s*/g, ' / ').slice(0, 80)}${f.optional ? '; - clears it' : ''})` : '';
      this.write(`  ${f.label}${suffix}${f.hint ? ` — ${f.hint}` : ''}${keeps ? this.style.dim(keeps) : ''}`);
    }
    const raw = await this.nextLine();
    if (raw === null) return null;
    const answer = raw.trim();
    if (!this.opts.interactive) this.write(`  > ${answer}`);
    if (!answer) return f.initial ?? undefined;
    if (answer === '-' && f.type === 'text' && f.optional && f.initial) return undefined;
    if (f.type === 'select') {
      const n = Number(answer);
      const byNumber = Number.isInteger(n) ? f.options[n - 1] : undefined;
      const byText = f.options.find((o) => o.value.toLowerCase() === answer.toLowerCase() || o.label.toLowerCase() === answer.toLowerCase());
      return (byNumber ?? byText)?.value ?? answer;
    }
    return answer;
  }

  private async moveClock(arg: string): Promise<void> {
    const { clock } = this.opts;
    if (arg) {
      const rel = /^([+-])\s*(.+)$/.exec(arg);
      if (rel) {
        const ms = readDuration(rel[2]!);
        if (ms === null) return this.write('Usage: :clock +7d (or +3h, +30m, -1d)');
        await this.passTime(clock.now() + (rel[1] === '-' ? -ms : ms));
      } else {
        const at = DateTime.fromISO(arg.replace(' ', 'T'), { zone: this.zone() });
        if (!at.isValid) return this.write('Usage: :clock 2026-12-01 09:00 (in your time zone)');
        await this.passTime(at.toMillis());
      }
    }
    this.write(this.style.dim(`🕒 ${this.clockText()}`));
  }

  /**
   * Moves the clock to `target` as if Baton had been running all along: each timer due on the way
   * (a check-in, a reminder, a time box) fires at its own time, not all at once at the end.
   */
  private async passTime(target: number): Promise<void> {
    const { clock } = this.opts;
    for (let i = 0; i < 10_000; i++) {
      const next = await this.bot.nextJobAt();
      if (next === null || next > target) break;
      if (next > clock.now()) clock.set(next);
      await this.opts.settle();
    }
    clock.set(target);
  }

  private clockText(): string {
    return DateTime.fromMillis(this.opts.clock.now(), { zone: this.zone() }).toFormat('ccc, LLL d yyyy, HH:mm ZZZZ', { locale: 'en-US' });
  }

  private zone(): string {
    return this.person(this.me).tz ?? this.opts.defaultTz;
  }

  private invocation(): Invocation {
    const p = this.person(this.me);
    return {
      platform: 'console',
      workspaceId: WORKSPACE,
      workspaceName: 'Console',
      channelId: this.direct ? `dm-${this.me}` : this.channel,
      channelName: this.direct ? undefined : this.channel,
      isDirect: this.direct,
      actor: { ...p, tz: p.tz ?? this.opts.defaultTz },
      commandPrefix: '',
    };
  }

  /** People's names become ids; "@maria" becomes a mention of maria, "#staff" a channel. */
  private toNeutral(line: string): string {
    return line
      .replace(/(^|[\s(])@([A-Za-z][\w.-]{0,39})/g, (_a, pre: string, name: string) => {
        const p = this.person(name.replace(/[.-]+$/, ''));
        return `${pre}<@${p.userId}|${p.name}>`;
      })
      .replace(/(^|\s)#(?![Gg]-?\d)([a-z0-9][a-z0-9_-]{0,79})\b/g, (_a, pre: string, ch: string) => `${pre}<#${ch}|${ch}>`);
  }

  private person(name: string, tz?: string): Person {
    const id = name.toLowerCase();
    const known = this.people.get(id);
    if (known) {
      if (tz) {
        const updated = { ...known, tz };
        this.people.set(id, updated);
        return updated;
      }
      return known;
    }
    const p: Person = { userId: id, name, ...(tz ? { tz } : {}) };
    this.people.set(id, p);
    return p;
  }

  private join(userId: string, channel: string): void {
    let set = this.channelMembers.get(channel);
    if (!set) this.channelMembers.set(channel, (set = new Set()));
    set.add(userId);
  }

  private print(d: Delivery): SentRef {
    const dest = d.destination;
    const where =
      dest.to === 'channel'
        ? `#${dest.channelId}${dest.threadOf ? ` (thread of ${dest.threadOf})` : ''}${dest.replaces ? ' (updates its earlier post)' : ''}`
        : dest.to === 'dm'
          ? `private message to ${this.person(dest.userId).name}`
          : `only ${this.person(dest.userId).name} sees this`;
    this.show(where, d.message);
    const conversationId = dest.to === 'channel' ? dest.channelId : dest.to === 'dm' ? `dm-${dest.userId}` : `dm-${dest.userId}`;
    for (const a of d.message.attachments ?? []) {
      // An export holds the team's records: owner-only, like the database.
      mkdirSync(this.opts.exportDir, { recursive: true, mode: 0o700 });
      const file = join(this.opts.exportDir, a.filename.replace(/[^\w.-]/g, '_'));
      writeFileSync(file, a.content, { mode: 0o600 });
      chmodSync(file, 0o600);
      this.write(`  📎 written to ${file}`);
    }
    return { conversationId, messageId: `b${++this.postCount}` };
  }

  private show(where: string, m: Message): void {
    const lines = renderMessage(m, this.style, (b) => {
      this.buttons.push(b);
      return this.buttons.length;
    });
    this.write(`${this.style.dim(`┌ Baton → ${where}`)}\n${lines.map((l) => `│ ${l.replace(/\n/g, '\n│ ')}`).join('\n')}`);
  }

  private write(text: string, newline = true): void {
    this.opts.output.write(newline ? `${text}\n` : text);
  }
}
