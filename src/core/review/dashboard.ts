// `dashboard`: private links to the team's page. A link is a random token, given once to the
// person who asked and stored only as its sha256, bound to the team and that member; it works for
// LINK_DAYS, until revoked, and only while the member is still in the team.
import { createHash, randomBytes } from 'node:crypto';
import { livePageToken, insertPageToken, revokePageTokens } from '../../db/pagetokens.js';
import type { Db } from '../../db/client.js';
import { getTeam } from '../../db/teams.js';
import { getMember } from '../../db/members.js';
import { getWorkspace } from '../../db/workspaces.js';
import type { MemberRow } from '../../db/members.js';
import type { TeamRow } from '../../db/teams.js';
import { refuse } from '../context.js';
import { DAY, formatInstant } from '../language/dates.js';
import type { Handlers } from '../handlers.js';
import { leads } from '../team/membership.js';
import { actions, context, line, link, linkButton, message, say, section } from '../message.js';
import { isLead } from '../team/permissions.js';

export const LINK_DAYS = 7;

/** A token's stored form. Tokens carry 256 random bits, so an unsalted hash is enough. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a token may look like: 43 base64url characters. Anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The team and the member a live link opens the page as; null for anything else, alike. */
export async function openLink(db: Db, token: string, now: number): Promise<{ team: TeamRow; member: MemberRow } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await livePageToken(db, tokenHash(token), now);
  if (!row) return null;
  const team = await getTeam(db, row.teamId);
  const member = await getMember(db, row.memberId);
  // A workspace that uninstalled Baton shows nothing any more.
  const ws = team ? await getWorkspace(db, team.workspaceId) : undefined;
  return team && member && ws?.active ? { team, member } : null;
}

export const dashboardHandlers: Handlers = {
  async dashboard(ctx) {
    if (!ctx.publicUrl) {
      return refuse("The team's page is served by Baton's web server, which runs when Baton runs for Slack or Teams (`npm start` with either configured) — not in the console.");
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = ctx.now + LINK_DAYS * DAY;
    await insertPageToken(ctx.db, { hash: tokenHash(token), teamId: ctx.team.id, memberId: ctx.actor.id, createdAt: ctx.now, expiresAt });
    await ctx.audit('dashboard.link');
    const url = `${ctx.publicUrl.replace(/\/+$/, '')}/t/${token}`;
    ctx.reply(
      message([
        section(line(`Your link to ${ctx.team.name}'s page, for you alone: `, link(url, url))),
        actions(linkButton("Open the team's page", url)),
        context(`It works until ${formatInstant(expiresAt, ctx.actorTz)}, while you are in the team. To end it sooner: `, { text: `${ctx.prefix}dashboard revoke`, code: true }),
      ]),
    );
  },

  async 'dashboard.revoke'(ctx, cmd) {
    if (cmd.all && !isLead(ctx.actor.roles)) {
      const names = (await leads(ctx.db, ctx.team.id)).map((l) => l.name);
      return refuse(`Only a lead of ${ctx.team.name} can end everyone's links${names.length ? ` — ask ${names.join(' or ')}` : ''}. To end your own:`, 'dashboard revoke', 'dashboard');
    }
    const ended = await revokePageTokens(ctx.db, ctx.team.id, cmd.all ? null : ctx.actor.id, ctx.now);
    await ctx.audit(cmd.all ? 'dashboard.revoke-all' : 'dashboard.revoke', undefined, { ended });
    const whose = cmd.all ? `everyone's links to ${ctx.team.name}'s page` : "your links to the team's page";
    ctx.reply(say(ended === 0 ? `There were no open links to end (${whose}).` : `Ended ${ended} link${ended === 1 ? '' : 's'} — ${whose}. They now show "not found".`));
  },
};
