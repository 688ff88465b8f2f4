// The console, through the built program: invisible direction and zero-width characters typed
// (or pasted) into a line are gone before Baton records or prints it, and from the export.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleDatabaseEnv, runConsole } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-invisible-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hidden = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;

const input = [':clock 2026-11-23 09:00', 'setup Leadership', 'update Budget sent for C-1\u202E2 \u2066Fri\u2069\u200B', 'commit Call שלום \u200Fעולם by Fri\u200Bday', 'export', ''].join('\n');
const run = await runConsole(input, await consoleDatabaseEnv(join(dir, 'baton.db')));

describe('the console', () => {
  it('prints what was typed without them, and RTL words still read', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Budget sent for C-12 Fri');
    expect(run.stdout).toMatch(/Call שלום עולם/);
    expect(run.stdout).toMatch(/due Fri, Nov 27/);
    // The prompt echo is the terminal's, not Baton's: only Baton's own lines are checked.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('│')).join('\n')).not.toMatch(hidden);
  });

  it('writes an export without them', () => {
    const files = readdirSync(join(dir, 'exports'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(dir, 'exports', f), 'utf8'), f).not.toMatch(hidden);
  });
});
