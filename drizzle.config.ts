import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns changes in the schemas into new SQL files: src/db/schema.ts (SQLite,
// the default) into migrations/, and with BATON_SCHEMA=pg src/db/schema.pg.ts (PostgreSQL,
// DATABASE_URL) into migrations/pg/. Each store applies its own at start (src/db/client.ts,
// src/db/pg/store.ts). drizzle-kit takes one dialect per run, hence two runs of one config.
const postgres = process.env.BATON_SCHEMA === 'pg';

export default postgres
  ? defineConfig({ dialect: 'postgresql', schema: './src/db/schema.pg.ts', out: './migrations/pg' })
  : defineConfig({ dialect: 'sqlite', schema: './src/db/schema.ts', out: './migrations' });
