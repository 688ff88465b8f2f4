// Operator commands: `npm run baton -- <command>`. For data care while Baton runs or is stopped.
import dotenv from 'dotenv';
import { loadConfig } from './config.js';
import { backupDatabase, checkDatabase, restoreDatabase } from './db/backup.js';

const USAGE = `Usage: npm run baton -- <command>

  backup <file>    copy the database (BATON_DB) into a new file, consistently, while Baton runs
  restore <file>   replace the database with a backup (stop Baton first); the old one is kept
  check [file]     run SQLite's integrity check on the database (or on a backup)`;

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  if (!config.ok) {
    process.stderr.write(`Baton can't read its configuration:\n${config.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  const db = config.config.BATON_DB;
  const [command, file] = argv;
  if (config.config.DATABASE_URL && ['backup', 'restore', 'check'].includes(command ?? '')) {
    // These copy and check BATON_DB's file; PostgreSQL has its own tools (README, "Running several instances").
    process.stderr.write('Baton runs on PostgreSQL (DATABASE_URL): back it up with pg_dump and restore it with pg_restore; these commands are for BATON_DB.\n');
    return 1;
  }
  if (db === ':memory:' && command !== 'check') {
    process.stderr.write('BATON_DB is :memory:, there is nothing on disk to back up or restore.\n');
    return 1;
  }
  switch (command) {
    case 'backup': {
      if (!file) break;
      const { pages } = await backupDatabase(db, file);
      const check = checkDatabase(file);
      process.stdout.write(`Backed up ${db} to ${file} (${pages} pages, integrity ${check.detail}).\n`);
      return check.ok ? 0 : 1;
    }
    case 'restore': {
      if (!file) break;
      const { kept } = await restoreDatabase(file, db);
      process.stdout.write(`Restored ${file} as ${db}.${kept ? ` The previous database is kept as ${kept}.` : ''} Start Baton again.\n`);
      return 0;
    }
    case 'check': {
      const target = file ?? db;
      const check = checkDatabase(target);
      process.stdout.write(`${target}: ${check.detail}\n`);
      return check.ok ? 0 : 1;
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
