// The shape of a command handler. Each concept's module exports a table of them; bot.ts joins
// the tables, so a new capability plugs in by adding its own module.
import type { Command, CommandName } from './commands.js';
import type { Context, Refusal } from './context.js';

export type Handler<N extends CommandName> = (ctx: Context, command: Extract<Command, { name: N }>) => Refusal | void;

export type Handlers = { [N in CommandName]?: Handler<N> };
