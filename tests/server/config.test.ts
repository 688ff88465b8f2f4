import { describe, expect, it } from 'vitest';
import { loadConfig, surfaces } from '../../src/config.js';

const problems = (env: Record<string, string>) => {
  const r = loadConfig(env);
  return r.ok ? [] : r.problems;
};

describe('configuration', () => {
  it('has the defaults of the spec, and runs the console with no platform configured', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ BATON_DB: './data/baton.db', PORT: 3000, HOST: '0.0.0.0', SLACK_API_URL: 'https://slack.com/api/', BATON_TIMEZONE: 'UTC', LOG_LEVEL: 'info', BATON_CHECKIN_GRACE: 6 * 3_600_000, SLACK_POST_RATE: 10 });
    expect(surfaces(r.config)).toEqual({ slack: null, teams: null, console: true });
  });

  it('names each missing or malformed variable, without echoing its value', () => {
    expect(problems({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT /)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-secret-value' })).toEqual(['SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)']);
    expect(problems({ SLACK_SIGNING_SECRET: 's3cret' })).toEqual(['SLACK_BOT_TOKEN is required to connect to Slack']);
    expect(problems({ SLACK_BOT_TOKEN: 'not-a-token', SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN must be a Slack token/)]);
    expect(problems({ SLACK_API_URL: 'not a url' })).toEqual([expect.stringMatching(/^SLACK_API_URL /)]);
    expect(problems({ MICROSOFT_APP_ID: 'id' })).toEqual(['MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID']);
    expect(problems({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toEqual(['MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is SingleTenant']);
    expect(problems({ MICROSOFT_APP_TYPE: 'Cloudy' })).toEqual([expect.stringMatching(/^MICROSOFT_APP_TYPE /)]);
    expect(problems({ BATON_TEAMS_DEV: '1', NODE_ENV: 'production' })).toEqual(['BATON_TEAMS_DEV serves Teams without authentication and is refused when NODE_ENV=production']);
    expect(problems({ BATON_TEAMS_DEV: 'yes' })).toEqual(['BATON_TEAMS_DEV must be 1 or 0']);
    expect(problems({ BATON_CHECKIN_GRACE: 'a while' })).toEqual(['BATON_CHECKIN_GRACE must be a duration like 6h or 90m']);
    expect(problems({ SLACK_POST_RATE: 'fast' })).toEqual(['SLACK_POST_RATE must be messages per second, like 10']);
    expect(problems({ SLACK_POST_RATE: '0' })).toEqual(['SLACK_POST_RATE must be messages per second, like 10']);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual([expect.stringMatching(/^LOG_LEVEL /)]);
    for (const p of problems({ SLACK_BOT_TOKEN: 'xoxb-secret-value' })) expect(p).not.toContain('secret-value');
  });

  it("BATON_PUBLIC_URL is an http(s) address, kept without a trailing slash; unset, links use the port listened on", () => {
    const url = (v: string) => {
      const r = loadConfig({ BATON_PUBLIC_URL: v });
      return r.ok ? r.config.BATON_PUBLIC_URL : r.problems;
    };
    expect(url('https://baton.district.org/')).toBe('https://baton.district.org');
    expect(url('http://10.0.0.5:3000')).toBe('http://10.0.0.5:3000');
    expect(url('')).toBeUndefined();
    expect(url('baton.district.org')).toEqual([expect.stringMatching(/^BATON_PUBLIC_URL must be an http\(s\) address/)]);
    expect(url('javascript:alert(1)')).toEqual([expect.stringMatching(/^BATON_PUBLIC_URL /)]);
  });

  it('BATON_TEAMS_DEV listens on 127.0.0.1 unless HOST is set, and runs only in development, in tests or with NODE_ENV unset', () => {
    const host = (env: Record<string, string>) => {
      const r = loadConfig(env);
      if (!r.ok) throw new Error(r.problems.join('; '));
      return r.config.HOST;
    };
    expect(host({ BATON_TEAMS_DEV: '1' })).toBe('127.0.0.1');
    expect(host({ BATON_TEAMS_DEV: '1', HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(host({ BATON_TEAMS_DEV: '1', HOST: '192.168.1.5' })).toBe('192.168.1.5');
    expect(host({})).toBe('0.0.0.0');
    for (const env of ['development', 'test']) expect(problems({ BATON_TEAMS_DEV: '1', NODE_ENV: env }), env).toEqual([]);
    for (const env of ['staging', 'prod', 'Production', 'preview']) {
      expect(problems({ BATON_TEAMS_DEV: '1', NODE_ENV: env }), env).toEqual([`BATON_TEAMS_DEV serves Teams without authentication and is refused when NODE_ENV=${env}`]);
    }
    expect(problems({ NODE_ENV: 'staging' })).toEqual([]);
  });

  it('turns on Slack over HTTP or Socket Mode, and Teams with or without authentication', () => {
    const on = (env: Record<string, string>) => {
      const r = loadConfig(env);
      if (!r.ok) throw new Error(r.problems.join('; '));
      return surfaces(r.config);
    };
    expect(on({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual({ slack: 'http', teams: null, console: false });
    expect(on({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ slack: 'socket', teams: null, console: false });
    expect(on({ BATON_TEAMS_DEV: '1' })).toEqual({ slack: null, teams: 'dev', console: false });
    expect(on({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p' })).toEqual({ slack: null, teams: 'auth', console: false });
    const url = loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9999/api' });
    expect(url.ok && url.config.SLACK_API_URL).toBe('http://127.0.0.1:9999/api/');
  });

  it('DATABASE_URL takes a PostgreSQL address (never echoed: it holds a password); BATON_PG_POOL is its pool per instance, 10 by default', () => {
    const r = loadConfig({ DATABASE_URL: 'postgres://baton:pw-secret@db.internal:5432/baton', BATON_PG_POOL: '4' });
    expect(r.ok && [r.config.DATABASE_URL, r.config.BATON_PG_POOL]).toEqual(['postgres://baton:pw-secret@db.internal:5432/baton', 4]);
    const d = loadConfig({});
    expect(d.ok && [d.config.DATABASE_URL, d.config.BATON_PG_POOL]).toEqual([undefined, 10]);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/baton' }).ok).toBe(true);
    expect(loadConfig({ DATABASE_URL: '' }).ok).toBe(true);
    const wrong = problems({ DATABASE_URL: 'mysql://baton:pw-secret@db/baton' });
    expect(wrong).toEqual(['DATABASE_URL must be a PostgreSQL address like postgres://baton:password@db.example.org:5432/baton']);
    expect(wrong.join(' ')).not.toContain('pw-secret');
    expect(problems({ DATABASE_URL: 'not a url' })).toEqual([expect.stringMatching(/^DATABASE_URL must be a PostgreSQL address/)]);
    for (const pool of ['0', 'ten', '1.5', '500']) expect(problems({ BATON_PG_POOL: pool })).toEqual(['BATON_PG_POOL must be a number of connections from 1 to 200, like 10']);
  });
});
