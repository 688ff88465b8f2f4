// The environment, as one zod schema: nothing else reads process.env. A missing or malformed
// value stops start-up with a message that names it.
import { z } from 'zod';
import { isValidZone, readDuration } from './core/language/dates.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const flag = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '' || v === '0' || v.toLowerCase() === 'false') return false;
    if (v === '1' || v.toLowerCase() === 'true') return true;
    ctx.addIssue({ code: 'custom', message: 'must be 1 or 0' });
    return z.NEVER;
  });

export const configSchema = z
  .object({
    BATON_DB: z.string().trim().min(1).default('./data/baton.db'),
    /** PostgreSQL instead of BATON_DB, for several instances as one Baton (README, "Running several instances"). */
    DATABASE_URL: optional.pipe(
      z
        .string()
        .refine((u) => {
          try {
            return ['postgres:', 'postgresql:'].includes(new URL(u).protocol);
          } catch {
            return false;
          }
        }, 'must be a PostgreSQL address like postgres://baton:password@db.example.org:5432/baton')
        .optional(),
    ),
    /** Connections each instance opens to DATABASE_URL: instances × this must stay under the server's max_connections. */
    BATON_PG_POOL: z
      .string()
      .trim()
      .default('10')
      .transform((v, ctx) => {
        const n = Number(v === '' ? '10' : v);
        if (!Number.isInteger(n) || n < 1 || n > 200) {
          ctx.addIssue({ code: 'custom', message: 'must be a number of connections from 1 to 200, like 10' });
          return z.NEVER;
        }
        return n;
      }),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Unset: 0.0.0.0, or 127.0.0.1 with BATON_TEAMS_DEV (an unauthenticated endpoint stays on this machine). */
    HOST: optional,
    SLACK_BOT_TOKEN: optional.pipe(z.string().startsWith('xox', 'must be a Slack token (xoxb-…)').optional()),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.pipe(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional()),
    SLACK_API_URL: z
      .string()
      .trim()
      .default('https://slack.com/api/')
      .pipe(z.url({ message: 'must be a URL like https://slack.com/api/' }))
      .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    SLACK_POST_RATE: z
      .string()
      .trim()
      .default('10')
      .transform((v, ctx) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0 || n > 1000) {
          ctx.addIssue({ code: 'custom', message: 'must be messages per second, like 10' });
          return z.NEVER;
        }
        return n;
      }),
    MICROSOFT_APP_ID: optional,
    MICROSOFT_APP_PASSWORD: optional,
    MICROSOFT_APP_TENANT_ID: optional,
    MICROSOFT_APP_TYPE: optional.pipe(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).optional()),
    BATON_TEAMS_DEV: flag,
    BATON_TIMEZONE: z
      .string()
      .trim()
      .default('UTC')
      .refine(isValidZone, 'must be an IANA time zone like America/Chicago'),
    BATON_CHECKIN_GRACE: z
      .string()
      .trim()
      .default('6h')
      .transform((v, ctx) => {
        const ms = readDuration(v);
        if (ms === null) {
          ctx.addIssue({ code: 'custom', message: 'must be a duration like 6h or 90m' });
          return z.NEVER;
        }
        return ms;
      }),
    /** The address links to the team's page are built on; unset: http://localhost:<PORT>. */
    BATON_PUBLIC_URL: optional.pipe(
      z
        .url({ protocol: /^https?$/, message: 'must be an http(s) address like https://baton.example.org' })
        .transform((u) => u.replace(/\/+$/, ''))
        .optional(),
    ),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    NODE_ENV: optional,
  })
  .superRefine((c, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN) {
      need('SLACK_SIGNING_SECRET', 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)');
    }
    if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) need('SLACK_BOT_TOKEN', 'is required to connect to Slack');
    if (c.MICROSOFT_APP_ID && !c.MICROSOFT_APP_PASSWORD && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
      need('MICROSOFT_APP_PASSWORD', 'is required with MICROSOFT_APP_ID');
    }
    if (c.MICROSOFT_APP_TYPE === 'SingleTenant' && !c.MICROSOFT_APP_TENANT_ID) need('MICROSOFT_APP_TENANT_ID', 'is required when MICROSOFT_APP_TYPE is SingleTenant');
    if ((c.MICROSOFT_APP_PASSWORD || c.MICROSOFT_APP_TENANT_ID) && !c.MICROSOFT_APP_ID) need('MICROSOFT_APP_ID', 'is required to connect to Teams');
    // Unset is the usual local run; anything that names a deployment (production, staging, …) is refused.
    if (c.BATON_TEAMS_DEV && c.NODE_ENV !== undefined && c.NODE_ENV !== 'development' && c.NODE_ENV !== 'test') {
      need('BATON_TEAMS_DEV', `serves Teams without authentication and is refused when NODE_ENV=${c.NODE_ENV}`);
    }
    if (c.BATON_TEAMS_DEV && c.MICROSOFT_APP_ID) need('BATON_TEAMS_DEV', 'turns authentication off; remove it when MICROSOFT_APP_ID is set');
  })
  .transform((c) => ({ ...c, HOST: c.HOST ?? (c.BATON_TEAMS_DEV ? '127.0.0.1' : '0.0.0.0') }));

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  // Name the variable, never echo its value: it may be a secret.
  const problems = parsed.error.issues.map((i) => `${String(i.path[0] ?? 'configuration')} ${i.message.replace(/^Invalid input: /, '')}`);
  return { ok: false, problems };
}

/** Which surfaces this configuration turns on. */
export function surfaces(c: Config): { slack: 'http' | 'socket' | null; teams: 'auth' | 'dev' | null; console: boolean } {
  const slack = c.SLACK_BOT_TOKEN ? (c.SLACK_APP_TOKEN ? 'socket' : 'http') : null;
  const teams = c.MICROSOFT_APP_ID ? 'auth' : c.BATON_TEAMS_DEV ? 'dev' : null;
  return { slack, teams, console: !slack && !teams };
}
