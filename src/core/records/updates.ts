// Informal updates: progress notes so nobody has to wait for the meeting.
import { insertUpdate } from '../../db/updates.js';
import { nextSeq } from '../../db/teams.js';
import { goalOrRefusal } from './commitments.js';
import type { Handlers } from '../handlers.js';
import { ref } from './lines.js';
import { bold, say } from '../message.js';

export const updateHandlers: Handlers = {
  async update(ctx, cmd) {
    const goalErr = await goalOrRefusal(ctx, cmd.goal);
    if (goalErr) return goalErr;
    const seq = await nextSeq(ctx.db, ctx.team.id, 'U');
    await insertUpdate(ctx.db, { teamId: ctx.team.id, seq, text: cmd.text, goalSeq: cmd.goal ?? null, createdBy: ctx.actor.id, ...ctx.provenance });
    const id = ref('update', seq);
    await ctx.audit('update.create', id);
    ctx.announceRecord(say('📝 ', bold(id), ' ', bold(ctx.actor.name), ': ', cmd.text, cmd.goal ? ` #G-${cmd.goal}` : null), { ref: id, summary: `${id} ${cmd.text}` });
  },
};
