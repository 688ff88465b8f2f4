import { defineConfig } from 'drizzle-kit';

// The PostgreSQL schema (DATABASE_URL): `npm run db:generate` turns changes in src/db/schema.pg.ts
// into a new SQL file in migrations/pg/, beside SQLite's in migrations/ (which stay where existing
// databases expect them). The Postgres store applies them at start (src/db/pg/store.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.pg.ts',
  out: './migrations/pg',
});
