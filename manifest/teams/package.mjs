// Builds the Teams app package: manifest.json with this bot's id filled in, and the two icons,
// zipped as Teams expects (files at the zip's root). The manifest is validated against
// Microsoft's published schema first, offline (the schema ships with @microsoft/app-manifest).
//   MICROSOFT_APP_ID=<bot app id> npm run teams:package    →  dist/teams/baton-teams.zip
// Options: --app-id <guid> (instead of MICROSOFT_APP_ID), --out <file>, --version <x.y.z>.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppManifestUtils } from '@microsoft/app-manifest';
import dotenv from 'dotenv';
import { zipSync } from 'fflate';

const here = dirname(fileURLToPath(import.meta.url));
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manifest with the app id and version set. */
export function buildManifest(appId, version) {
  const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
  const text = JSON.stringify(manifest, null, 2).replaceAll(PLACEHOLDER, appId.toLowerCase());
  const out = JSON.parse(text);
  if (version) out.version = version;
  return out;
}

/** The zip's bytes: manifest.json, color.png, outline.png. */
export async function buildPackage(appId, version) {
  if (!GUID.test(appId) || appId === PLACEHOLDER) throw new Error('MICROSOFT_APP_ID must be the bot\'s Microsoft App ID (a GUID), e.g. MICROSOFT_APP_ID=… npm run teams:package');
  const manifest = buildManifest(appId, version);
  const problems = await AppManifestUtils.validateAgainstSchema(manifest);
  if (problems.length) throw new Error(`manifest.json does not match the Teams schema:\n  ${problems.join('\n  ')}`);
  return zipSync({
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': readFileSync(join(here, manifest.icons.color)),
    'outline.png': readFileSync(join(here, manifest.icons.outline)),
  });
}

async function main() {
  dotenv.config({ quiet: true });
  const { values } = parseArgs({ options: { 'app-id': { type: 'string' }, out: { type: 'string' }, version: { type: 'string' } } });
  const appId = values['app-id'] ?? process.env.MICROSOFT_APP_ID ?? '';
  const out = resolve(values.out ?? join(here, '..', '..', 'dist', 'teams', 'baton-teams.zip'));
  const zip = await buildPackage(appId, values.version);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`Teams app package written to ${out}\nUpload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin center.\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`Could not build the Teams package: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
