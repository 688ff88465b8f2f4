// Goals the team agreed on; items are tagged with #G-n.
import { insertGoal, listGoals } from '../db/goals.js';
import { nextSeq } from '../db/teams.js';
import type { Handlers } from './handlers.js';
import { goalLine, ref } from './lines.js';
import { bold, code, context, header, list, message, say } from './message.js';

export const goalHandlers: Handlers = {
  async goal(ctx, cmd) {
    const seq = await nextSeq(ctx.db, ctx.team.id, 'G');
    await insertGoal(ctx.db, { teamId: ctx.team.id, seq, text: cmd.text, createdBy: ctx.actor.id, ...ctx.provenance });
    const id = ref('goal', seq);
    await ctx.audit('goal.create', id);
    ctx.announce(say('🎯 ', bold(id), ' new goal: ', cmd.text, ` — added by ${ctx.actor.name}`), { ref: id, summary: `${id} ${cmd.text}` });
  },

  async goals(ctx) {
    const all = await listGoals(ctx.db, ctx.team.id);
    ctx.reply(
      message([
        header(`${ctx.team.name}: goals`.slice(0, 150)),
        list(all.map(goalLine), { empty: 'No goals yet.' }),
        context('Tag an item with its goal: ', code(`${ctx.prefix}update Attendance dashboard live #G-1`)),
      ]),
    );
  },
};
