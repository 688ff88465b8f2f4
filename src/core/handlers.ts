// The shape of a command handler. Each concept's module exports a table of them; bot.ts joins
// the tables, so a new capability plugs in by adding its own module.
import type { Command, CommandName } from './commands.js';
import type { Context, Refusal } from './context.js';

/** What a handler gives back: a value, or (when it reads or writes records) a promise of one. */
export type Awaitable<T> = T | Promise<T>;

export type Handler<N extends CommandName> = (ctx: Context, command: Extract<Command, { name: N }>) => Awaitable<Refusal | void>;

export type Handlers = { [N in CommandName]?: Handler<N> };
