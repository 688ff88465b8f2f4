// The shapes of the core's handlers: commands, buttons, forms and timers. Each concept's module
// exports a table of them; bot.ts joins the tables, so a new capability plugs in by adding its own
// module — and no module of the core imports bot.ts, which imports them all.
import type { Command, CommandName } from './language/commands.js';
import type { Context, Refusal } from './context.js';
import type { Form } from './message.js';

/** What a handler gives back: a value, or (when it reads or writes records) a promise of one. */
export type Awaitable<T> = T | Promise<T>;

export type Handler<N extends CommandName> = (ctx: Context, command: Extract<Command, { name: N }>) => Awaitable<Refusal | void>;

export type Handlers = { [N in CommandName]?: Handler<N> };

/** An action behind a button: runs in a context like a command, may open a form. */
export type ActionHandler = (ctx: Context, value: string) => Awaitable<Refusal | Form | void>;

/** A form's answers: field errors to show, a refusal, or nothing when recorded. */
export type FormHandler = (ctx: Context, state: string, values: Record<string, string | undefined>) => Awaitable<Refusal | Record<string, string> | void>;

/** A due timer's work, in the context of the team its payload names (`teamId`). */
/** A timer's handler; `job` names the timer (its key and kind), for one that moves itself (team/calendar.ts). */
export type JobHandler = (ctx: Context, payload: Record<string, unknown>, job?: { key: string; kind: string; dueAt: number }) => Awaitable<void>;
