// The dependency rule, held by a test: the core knows no platform; each SDK lives in one folder.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

const files = sources(join(root, 'src')).map((f) => ({ file: relative(root, f), imports: imports(f) }));

describe('architecture', () => {
  it('the core imports no platform SDK, no database driver and no adapter', () => {
    for (const f of files.filter((x) => x.file.startsWith('src/core/'))) {
      for (const i of f.imports) {
        expect(i, `${f.file} imports ${i}`).not.toMatch(/^(@slack\/|botbuilder|botframework|drizzle-orm|better-sqlite3|node-cron)/);
        expect(i, `${f.file} imports ${i}`).not.toMatch(/\/adapters\/|\/scheduler\/|\.\.\/main|\.\.\/server/);
      }
    }
  });

  it('each SDK appears under exactly one folder', () => {
    const home: [RegExp, string][] = [
      [/^@slack\//, 'src/adapters/slack/'],
      [/^(botbuilder|botframework)/, 'src/adapters/teams/'],
      [/^(drizzle-orm|better-sqlite3)/, 'src/db/'],
      [/^node-cron/, 'src/scheduler/'],
      // The team's page draws its charts on the server, in the web adapter only.
      [/^vega(-lite)?$/, 'src/adapters/web/'],
    ];
    for (const f of files) {
      for (const i of f.imports) {
        for (const [sdk, folder] of home) {
          if (sdk.test(i)) expect(f.file.startsWith(folder), `${f.file} imports ${i}; it belongs under ${folder}`).toBe(true);
        }
      }
    }
  });

  it('no adapter reaches into another adapter or around the core into the database', () => {
    for (const f of files.filter((x) => x.file.startsWith('src/adapters/'))) {
      const own = f.file.split('/')[2];
      for (const i of f.imports) {
        const other = /\/adapters\/([^/]+)\//.exec(i)?.[1] ?? (/^\.\.\/(slack|teams|console|web)\//.exec(i)?.[1]);
        if (other) expect(other, `${f.file} imports ${i}`).toBe(own);
      }
    }
  });

  it('only config.ts reads process.env (entry points hand it over)', () => {
    for (const f of files) {
      if (['src/config.ts', 'src/main.ts', 'src/cli.ts'].includes(f.file)) continue;
      expect(readFileSync(join(root, f.file), 'utf8'), f.file).not.toMatch(/process\.env/);
    }
  });

  it('only the store port opens, commits or rolls back a transaction', () => {
    for (const f of files) {
      // The store port, and the stores behind it (SQLite there, PostgreSQL in pg/).
      if (f.file === 'src/db/store.ts' || f.file.startsWith('src/db/pg/')) continue;
      const text = readFileSync(join(root, f.file), 'utf8');
      expect(text, f.file).not.toMatch(/\.transaction\(|\b(BEGIN|COMMIT|ROLLBACK)\b/);
    }
  });
});
