// A real PostgreSQL for tests: Debian's server binaries, a throwaway cluster in a temp dir on
// 127.0.0.1 and a free port, durable commits as in production (fsync on). Postgres refuses to run
// as root, so under root (CI, this machine) it runs as the `postgres` OS user; otherwise as us.
// Missing binaries: `apt-get install -y postgresql` (.ci/run does it), or set BATON_PG_BIN.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** The server's own `postgres` database: for admin statements, not for tests' tables. */
  url: string;
  port: number;
  /** A new, empty database on the server, and its URL: one per test keeps tests apart. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed server's bin directory. */
function binDir(): string {
  const fromEnv = process.env.BATON_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install -y postgresql, or set BATON_PG_BIN');
  return join(root, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a server binary as a user Postgres accepts. */
async function pgRun(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  await run(cmd, argv, { timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * `scratch`: for the suite's shared server, whose databases are thrown away with it. Commits are
 * not flushed (fsync, synchronous_commit and full_page_writes off): durability against an OS crash
 * is not what those tests look at, and a Baton killed with -9 loses nothing either way (the server
 * outlives it). Tests that stop or break Postgres itself start their own, durable server.
 */
export async function startPostgres(o: { scratch?: boolean; maxConnections?: number } = {}): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // --no-sync only skips flushing initdb's template files: the server itself runs with fsync on.
  await pgRun(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const durability = o.scratch ? '-c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '-c fsync=on -c synchronous_commit=on';
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} ${durability} -c max_connections=${o.maxConnections ?? 100}`;
    try {
      await pgRun(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
      break;
    } catch (err) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt >= 3) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${tail}`);
      }
    }
  }
  const stopNow = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that dies must not leave a server behind.
  process.once('exit', stopNow);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    url,
    port,
    async freshDatabase() {
      const name = `t${++databases}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.removeListener('exit', stopNow);
      try {
        await pgRun(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
