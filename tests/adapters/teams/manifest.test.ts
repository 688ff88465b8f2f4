// The Teams app manifest and package: valid against Microsoft's published schema (offline),
// icons of the sizes Teams requires, and the zip `npm run teams:package` builds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RECORD_COMMANDS } from '../../../src/adapters/teams/inbound.js';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = join(root, 'manifest', 'teams');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

function pngSize(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colorType: b[25]! };
}

describe('the Teams app manifest', () => {
  it('is valid against the Teams manifest schema it names (the copy shipped in @microsoft/app-manifest)', async () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
  });

  it('the validation is real: a broken manifest is reported', async () => {
    const broken = structuredClone(manifest);
    delete broken.bots[0].scopes;
    broken.accentColor = 'blue';
    const problems = await AppManifestUtils.validateAgainstSchema(broken);
    expect(problems.join('\n')).toMatch(/scopes/);
    expect(problems.join('\n')).toMatch(/accentColor/);
  });

  it('has command lists for channels, group chats and 1:1 chats, and the three message actions Baton handles', () => {
    const scopes = manifest.bots[0].commandLists.flatMap((l: { scopes: string[] }) => l.scopes);
    expect(scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of manifest.bots[0].commandLists) for (const c of list.commands) expect(c.description.length).toBeGreaterThan(10);
    const actions = manifest.composeExtensions[0].commands;
    expect(actions.map((c: { id: string }) => c.id).sort()).toEqual(Object.keys(RECORD_COMMANDS).sort());
    for (const a of actions) expect(a).toMatchObject({ type: 'action', context: ['message'], fetchTask: true });
    expect(manifest.bots[0].supportsFiles).toBe(true);
  });

  it('has a 192×192 color icon and a 32×32 white-on-transparent outline icon', () => {
    expect(pngSize(readFileSync(join(dir, manifest.icons.color)))).toMatchObject({ width: 192, height: 192 });
    const outline = pngSize(readFileSync(join(dir, manifest.icons.outline)));
    expect(outline).toMatchObject({ width: 32, height: 32, colorType: 6 });
  });
});

describe('npm run teams:package', () => {
  it('zips the manifest with the bot id filled in, and the icons, at the root of the package', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'baton-pkg-'));
    try {
      const out = join(tmp, 'baton.zip');
      const appId = '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f';
      execFileSync(process.execPath, [join(dir, 'package.mjs'), '--app-id', appId, '--out', out, '--version', '1.2.3'], { cwd: tmp, env: { PATH: process.env.PATH } });
      const files = unzipSync(readFileSync(out));
      expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const packed = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
      expect(packed.id).toBe(appId);
      expect(packed.bots[0].botId).toBe(appId);
      expect(packed.composeExtensions[0].botId).toBe(appId);
      expect(packed.version).toBe('1.2.3');
      expect(pngSize(files['color.png']!)).toMatchObject({ width: 192, height: 192 });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses to build without the bot id', () => {
    let error = '';
    try {
      execFileSync(process.execPath, [join(dir, 'package.mjs'), '--out', join(tmpdir(), 'never.zip')], { cwd: tmpdir(), env: { PATH: process.env.PATH }, stdio: 'pipe' });
    } catch (err) {
      error = String((err as { stderr?: Buffer }).stderr);
    }
    expect(error).toContain('MICROSOFT_APP_ID');
  });
});
