// Commands that shape the team: setup, members, roles, the broadcast channel.
import { findTeamByChannel, insertTeam, updateTeam } from '../../db/teams.js';
import { findMember, listMembers, updateMember } from '../../db/members.js';
import { DEFAULT_AGREEMENTS } from './agreements.js';
import { type Context, refuse } from '../context.js';
import type { Handlers } from '../handlers.js';
import { TEAM_NAME_LIMIT } from '../language/limits.js';
import { flowOnMemberLeft } from '../deescalation/index.js';
import { admit, release } from './membership.js';
import { bold, channelRef, code, context, header, line, list, mention, message, say, section } from '../message.js';

function roleNames(roles: string[]): string {
  return roles.length ? roles.join(', ') : 'member';
}

/** A mentioned person, as resolved from the platform before the transaction. */
function person(ctx: Context, userId: string) {
  return ctx.people.get(userId) ?? { userId, name: userId };
}

export const teamHandlers: Handlers = {
  async setup(ctx, cmd) {
    if (ctx.inv.isDirect) {
      return refuse('A team lives in a channel. Run setup in the channel your team uses (invite Baton there first).', 'setup District Leadership', 'setup');
    }
    const existing = await findTeamByChannel(ctx.db, ctx.workspace.id, ctx.inv.channelId);
    if (existing) {
      return refuse(`This channel is already the team "${existing.name}".`, 'members', 'members');
    }
    const name = (cmd.teamName ?? ctx.inv.channelName ?? 'Leadership team').slice(0, TEAM_NAME_LIMIT);
    ctx.team = await insertTeam(ctx.db, {
      workspaceId: ctx.workspace.id,
      channelId: ctx.inv.channelId,
      name,
      createdAt: ctx.now,
      createdBy: ctx.inv.actor.userId,
      agreements: { ...DEFAULT_AGREEMENTS },
    });
    ctx.actor = (await admit(ctx.db, ctx.team.id, ctx.caller, ctx.now, { roles: ['lead'] }))!;
    const others = ctx.channelMembers.filter((p) => p.userId !== ctx.inv.actor.userId && !p.isBot);
    for (const p of others) await admit(ctx.db, ctx.team.id, p, ctx.now);
    await ctx.audit('team.setup', undefined, { name, members: others.length + 1 });
    ctx.post(
      message([
        header(`Baton is set up for ${name}`.slice(0, 150)),
        section(
          line('Lead: ', mention(ctx.actor), ` · ${others.length + 1} member${others.length ? 's' : ''}.`),
          line('Record what moves between meetings: ', code(`${ctx.prefix}update`), ', ', code(`${ctx.prefix}commit`), ', ', code(`${ctx.prefix}blocker`), ', ', code(`${ctx.prefix}decide`), '.'),
        ),
        context('Type ', code(`${ctx.prefix}help`), ' for everything Baton does. Weekly check-in: Mondays at 08:30, in each member\'s own time zone — ', code(`${ctx.prefix}checkin`), ' to see or change it.'),
      ]),
    );
  },

  async members(ctx) {
    const all = await listMembers(ctx.db, ctx.team.id);
    ctx.reply(
      message([
        header(`${ctx.team.name}: ${all.length} member${all.length === 1 ? '' : 's'}`.slice(0, 150)),
        list(all.map((m) => line(bold(m.name), ` — ${roleNames(m.roles)}${m.tz ? ` · ${m.tz}` : ''}`))),
      ]),
    );
  },

  async 'members.add'(ctx, cmd) {
    const added: string[] = [];
    for (const id of cmd.userIds) {
      const p = person(ctx, id);
      if (p.isBot) continue;
      const before = await findMember(ctx.db, ctx.team.id, p.userId);
      const m = (await admit(ctx.db, ctx.team.id, p, ctx.now, { readmit: true }))!;
      if (!before || before.status !== 'active') added.push(m.name);
    }
    if (added.length === 0) {
      ctx.reply(say('Everyone you mentioned is already a member.'));
      return;
    }
    await ctx.audit('members.add', undefined, { names: added });
    ctx.post(say(`${ctx.actor.name} added ${added.join(', ')} to the team.`));
  },

  async 'members.remove'(ctx, cmd) {
    const active = await listMembers(ctx.db, ctx.team.id);
    const gone: string[] = [];
    for (const id of cmd.userIds) {
      const m = await findMember(ctx.db, ctx.team.id, id);
      if (!m || m.status !== 'active') continue;
      const otherLeads = active.filter((x) => x.roles.includes('lead') && x.id !== m.id && !cmd.userIds.includes(x.userId));
      if (m.roles.includes('lead') && otherLeads.length === 0) {
        return refuse(`${m.name} is the team's only lead. Give someone else the lead role first.`, `role @someone lead`, 'role');
      }
      await release(ctx.db, m, 'removed', ctx.now);
      await flowOnMemberLeft(ctx, m);
      gone.push(m.name);
    }
    if (gone.length === 0) return refuse('None of the people you mentioned is a member.', 'members', 'members');
    await ctx.audit('members.remove', undefined, { names: gone });
    ctx.post(say(`${ctx.actor.name} removed ${gone.join(', ')} from the team. Their records stay.`));
  },

  async role(ctx, cmd) {
    const m = await findMember(ctx.db, ctx.team.id, cmd.userId);
    if (!m || m.status !== 'active') {
      return refuse(`${person(ctx, cmd.userId).name} is not a member of this team. Add them first.`, `members add @${person(ctx, cmd.userId).name}`, 'members');
    }
    const has = m.roles.includes(cmd.role);
    if (cmd.remove) {
      if (!has) return refuse(`${m.name} does not have the ${cmd.role} role.`, 'members', 'role');
      if (cmd.role === 'lead' && (await listMembers(ctx.db, ctx.team.id)).filter((x) => x.roles.includes('lead')).length === 1) {
        return refuse('Every team keeps at least one lead. Give someone else the lead role first.', `role @someone lead`, 'role');
      }
      await updateMember(ctx.db, m.id, { roles: m.roles.filter((r) => r !== cmd.role) });
      await ctx.audit('role.remove', undefined, { member: m.userId, role: cmd.role });
      ctx.post(say(`${m.name} no longer has the ${cmd.role} role.`));
      return;
    }
    if (has) {
      ctx.reply(say(`${m.name} already has the ${cmd.role} role.`));
      return;
    }
    // A team may have several leads, but one recap owner and one data owner: two owners of the
    // recap means each thinks the other has it. Giving it to someone moves it.
    const before = cmd.role === 'lead' ? [] : (await listMembers(ctx.db, ctx.team.id)).filter((x) => x.id !== m.id && x.roles.includes(cmd.role));
    for (const x of before) {
      await updateMember(ctx.db, x.id, { roles: x.roles.filter((r) => r !== cmd.role) });
      await ctx.audit('role.remove', undefined, { member: x.userId, role: cmd.role, movedTo: m.userId });
    }
    await updateMember(ctx.db, m.id, { roles: [...m.roles, cmd.role] });
    await ctx.audit('role.add', undefined, { member: m.userId, role: cmd.role });
    const what = { lead: 'facilitates and receives escalations', recap: 'owns the recap', data: 'owns the numbers' }[cmd.role];
    const from = before.map((x) => x.name).join(', ');
    ctx.post(say(
      mention(m),
      ` is now ${cmd.role === 'lead' ? 'a lead' : `the ${cmd.role} owner`}: ${what}.`,
      from ? ` It moves from ${from}, who no longer ${before.length === 1 ? 'has' : 'have'} the ${cmd.role} role.` : '',
    ));
    for (const x of before) {
      if (x.status !== 'active') continue;
      ctx.dm(x.userId, say(`${ctx.actor.name} gave the ${cmd.role} role in ${ctx.team.name} to ${m.name}, so you no longer have it.`));
    }
  },

  async broadcast(ctx, cmd) {
    if (cmd.channelId && cmd.channelId !== ctx.team.channelId) {
      const there = channelRef(cmd.channelId, cmd.channelName);
      // Baton speaks there in its own voice: not in another team's channel, and only for someone in it.
      const other = await findTeamByChannel(ctx.db, ctx.workspace.id, cmd.channelId);
      if (other) return refuse(`${there.text} is the channel of another team (${other.name}): a team's decisions are announced only in a channel no team uses.`, 'broadcast #staff-announcements', 'broadcast');
      if (ctx.inNamedChannel === null) return refuse(`Baton couldn't see who is in ${there.text}, so decisions are not announced there. Add Baton to that channel, then try again.`, `broadcast ${there.text}`, 'broadcast');
      if (!ctx.inNamedChannel) return refuse(`You aren't in ${there.text}: only someone in a channel can have Baton announce decisions there. Join it first.`, `broadcast ${there.text}`, 'broadcast');
    }
    const changed = (ctx.team.broadcastChannelId ?? null) !== cmd.channelId;
    await updateTeam(ctx.db, ctx.team.id, { broadcastChannelId: cmd.channelId });
    await ctx.audit(cmd.channelId ? 'broadcast.set' : 'broadcast.off', cmd.channelId ?? undefined);
    // The team hears where its decisions now go, not only the lead who said so (when that changed).
    if (cmd.channelId) {
      ctx.reply(message([section(line('Decisions will also be announced in ', channelRef(cmd.channelId, cmd.channelName), '.')), context('Make sure Baton is in that channel.')]));
      if (changed) ctx.post(say('📣 From now on, this team\'s decisions are also announced in ', channelRef(cmd.channelId, cmd.channelName), ` (set by ${ctx.caller.name}).`));
    } else {
      ctx.reply(say('Decisions are no longer announced outside this channel.'));
      if (changed) ctx.post(say(`📣 This team's decisions are no longer announced outside this channel (${ctx.caller.name} turned it off).`));
    }
  },
};
