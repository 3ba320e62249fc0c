import { mkdtemp, mkdir, readFile, rm, writeFile, copyFile, readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import {
  AppPackageError,
  PACKAGE_FILES,
  buildAppPackage,
  checkBotId,
  readBotIdFromEnvironment,
} from '../../scripts/package-app';

const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const SCHEMA_ROOT = path.join(
  ROOT,
  'node_modules',
  '@microsoft',
  'app-manifest',
  'build',
  'json-schemas',
  'teams',
);
const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

interface Command {
  title: string;
  description?: string;
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  accentColor: string;
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
  bots: {
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists: { scopes: string[]; commands: Command[] }[];
  }[];
}
type Localization = Record<string, string>;

const manifestText = readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const jaText = readFileSync(path.join(MANIFEST_DIR, 'ja-jp.json'), 'utf8');
const ja = JSON.parse(jaText) as Localization;

function withBotId(text: string, botId: string): unknown {
  return JSON.parse(text.split('${{BOT_ID}}').join(botId));
}

/**
 * Compiles one of Microsoft's schemas. They declare draft-04 in `$schema` but use draft-06/07 keywords
 * (`const`, `if`), and none of the draft-04-only forms (boolean exclusiveMinimum, `id` as a schema id), so they
 * are compiled as draft-07, Ajv's default, with the `$schema` declaration taken off. `unicodeRegExp: false`
 * because the localization schema has a pattern (`...\b]\.description$`, a lone `]`) that is a valid
 * JavaScript regular expression only without the `u` flag Ajv adds by default.
 */
function compileSchema(file: string): ValidateFunction {
  const schemaPath = path.join(SCHEMA_ROOT, `v${manifest.manifestVersion}`, file);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function commandEntries(m: Manifest): { key: string; command: Command; scopes: string[] }[] {
  const bot = m.bots[0];
  if (!bot) return [];
  return bot.commandLists.flatMap((list, i) =>
    list.commands.map((command, j) => ({
      key: `bots[0].commandLists[${i}].commands[${j}]`,
      command,
      scopes: list.scopes,
    })),
  );
}

// ---- PNG reading: the header, and the pixels of 8-bit non-interlaced RGBA images (what make-icons.sh writes).

interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngHeader(png: Buffer): PngHeader {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colourType: png.readUInt8(25),
    interlace: png.readUInt8(28),
  };
}

/** Decodes an 8-bit RGBA, non-interlaced PNG into rows of [r, g, b, a] bytes. */
function rgbaPixels(png: Buffer): Uint8Array[] {
  const { width, height, bitDepth, colourType, interlace } = pngHeader(png);
  if (bitDepth !== 8 || colourType !== 6 || interlace !== 0)
    throw new Error('only 8-bit RGBA, non-interlaced PNGs are decoded here');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rows: Uint8Array[] = [];
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = raw[start];
    const line = new Uint8Array(raw.subarray(start + 1, start + 1 + stride));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? (line[x - 4] ?? 0) : 0;
      const b = previous[x] ?? 0;
      const c = x >= 4 ? (previous[x - 4] ?? 0) : 0;
      const value = line[x] ?? 0;
      switch (filter) {
        case 0:
          break;
        case 1:
          line[x] = value + a;
          break;
        case 2:
          line[x] = value + b;
          break;
        case 3:
          line[x] = value + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          line[x] = value + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`unknown PNG filter ${String(filter)} on row ${y}`);
      }
    }
    rows.push(line);
    previous = line;
  }
  return rows;
}

function pixel(rows: Uint8Array[], x: number, y: number): [number, number, number, number] {
  const row = rows[y];
  if (!row) throw new Error(`no row ${y}`);
  return [row[x * 4] ?? -1, row[x * 4 + 1] ?? -1, row[x * 4 + 2] ?? -1, row[x * 4 + 3] ?? -1];
}

// ---------------------------------------------------------------------------------------------------------------

describe('manifest.json', () => {
  test('declares a released schema version that @microsoft/app-manifest ships, with the matching $schema URL', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(
      existsSync(
        path.join(SCHEMA_ROOT, `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json'),
      ),
    ).toBe(true);
  });

  test('is valid against the official schema of its version once the bot id is filled in', () => {
    const validate = compileSchema('MicrosoftTeams.schema.json');
    validate(withBotId(manifestText, BOT_ID));
    expect(validate.errors ?? []).toEqual([]);
  });

  test('the schema check does catch mistakes: the unfilled placeholder and an over-long name are rejected', () => {
    const validate = compileSchema('MicrosoftTeams.schema.json');
    expect(validate(JSON.parse(manifestText))).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/id', '/bots/0/botId']),
    );

    const tooLong = withBotId(manifestText, BOT_ID) as { name: { short: string } };
    tooLong.name.short = 'x'.repeat(31);
    expect(validate(tooLong)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/name/short');
  });

  test('uses ${{BOT_ID}} for both the app id and the bot id, and no other placeholder', () => {
    expect(manifest.id).toBe('${{BOT_ID}}');
    expect(manifest.bots[0]?.botId).toBe('${{BOT_ID}}');
    expect([...new Set(manifestText.match(/\$\{\{[^}]*\}\}/g))]).toEqual(['${{BOT_ID}}']);
  });

  test('has one conversational bot for personal, team and group chats, with English and Japanese', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot?.scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect(bot?.supportsFiles).toBe(true); // the assignments export is a file sent in the personal chat
    expect(bot?.isNotificationOnly).toBe(false);
    expect(manifest.accentColor).toBe('#0F6CBD');
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([
      { languageTag: 'ja-jp', file: 'ja-jp.json' },
    ]);
  });

  test('offers "my benefits" only in the personal command list', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    const titles = (scope: string): string[] =>
      lists.filter((l) => l.scopes.includes(scope)).flatMap((l) => l.commands.map((c) => c.title));
    expect(titles('personal')).toEqual([
      'show benefits',
      'my benefits',
      'show software',
      'Visual Studio subscriptions',
      'help',
      '日本語で',
    ]);
    for (const scope of ['team', 'groupChat']) {
      expect(titles(scope)).toEqual([
        'show benefits',
        'show software',
        'Visual Studio subscriptions',
        'help',
        '日本語で',
      ]);
    }
  });

  test('keeps command titles within 32 characters and descriptions within 128, as Teams shows them', () => {
    const entries = commandEntries(manifest);
    expect(entries.length).toBeGreaterThan(0);
    const tooLong = entries
      .filter(
        ({ command }) =>
          command.title.length > 32 || !command.description || command.description.length > 128,
      )
      .map(({ key, command }) => `${key}: ${command.title}`);
    expect(tooLong).toEqual([]);
  });
});

describe('ja-jp.json', () => {
  test('is valid against the official localization schema of the same version', () => {
    const validate = compileSchema('MicrosoftTeams.Localization.schema.json');
    validate(ja);
    expect(validate.errors ?? []).toEqual([]);
    expect(ja.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`,
    );
  });

  test('the localization schema check does catch mistakes: an unknown key is rejected', () => {
    const validate = compileSchema('MicrosoftTeams.Localization.schema.json');
    expect(validate({ ...ja, 'bots[0].commandLists[0].commands[0].name': '特典' })).toBe(false);
  });

  test('gives every command of the English manifest a Japanese title, and has no key for a command that does not exist', () => {
    const entries = commandEntries(manifest);
    for (const { key } of entries) {
      expect({ key, title: ja[`${key}.title`] }).toEqual({
        key,
        title: expect.stringMatching(/\S/),
      });
      expect({ key, description: ja[`${key}.description`] }).toEqual({
        key,
        description: expect.stringMatching(/\S/),
      });
    }
    const known = new Set(entries.flatMap(({ key }) => [`${key}.title`, `${key}.description`]));
    const commandKeys = Object.keys(ja).filter((k) => k.startsWith('bots['));
    expect(commandKeys.filter((k) => !known.has(k))).toEqual([]);
  });

  test('translates the commands with the Partner Center Japanese terms', () => {
    const entries = commandEntries(manifest);
    const byEnglish = new Map<string, string | undefined>();
    for (const { key, command } of entries) byEnglish.set(command.title, ja[`${key}.title`]);
    expect(Object.fromEntries(byEnglish)).toEqual({
      'show benefits': '特典を表示',
      'my benefits': '私の特典',
      'show software': 'ソフトウェアを表示',
      'Visual Studio subscriptions': 'Visual Studio サブスクリプション',
      help: 'ヘルプ',
      日本語で: 'English please',
    });
    const englishPlease = entries.find((e) => e.command.title === '日本語で');
    expect(ja[`${englishPlease?.key ?? ''}.description`]).toBe('今後は英語で返信します');
    // The same 32-character limit as the English titles, so the Japanese ones also show in full.
    for (const { key } of entries)
      expect((ja[`${key}.title`] ?? '').length).toBeLessThanOrEqual(32);
  });

  test('names and describes the app in Japanese with the Partner Center terms', () => {
    expect(ja['name.short']).toBe('パートナー特典');
    expect(ja['name.full']).toMatch(/特典/);
    for (const term of [
      '特典',
      'ソフトウェア',
      'クラウド サービス',
      'Visual Studio サブスクリプション',
      '技術特典',
      '市場投入',
    ]) {
      expect({ term, found: ja['description.full']?.includes(term) }).toEqual({
        term,
        found: true,
      });
    }
  });
});

describe('icons', () => {
  test('color.png is a 192x192 full-colour PNG in the accent colour', async () => {
    const png = await readFile(path.join(MANIFEST_DIR, manifest.icons.color));
    const header = pngHeader(png);
    expect([header.width, header.height]).toEqual([192, 192]);
    expect([2, 6]).toContain(header.colourType); // truecolour, with or without alpha
    const rows = rgbaPixels(png);
    // The background, left of the glyph, is opaque #0F6CBD; the middle of the gift is white.
    expect(pixel(rows, 20, 96)).toEqual([0x0f, 0x6c, 0xbd, 255]);
    expect(pixel(rows, 70, 130)).toEqual([255, 255, 255, 255]);
  });

  test('outline.png is a 32x32 PNG with an alpha channel, only white on full transparency', async () => {
    const png = await readFile(path.join(MANIFEST_DIR, manifest.icons.outline));
    const header = pngHeader(png);
    expect([header.width, header.height]).toEqual([32, 32]);
    expect(header.colourType).toBe(6); // RGBA
    const rows = rgbaPixels(png);
    let transparent = 0;
    let opaque = 0;
    const notWhite: string[] = [];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixel(rows, x, y);
        if (a === 0) transparent++;
        else if (r !== 255 || g !== 255 || b !== 255) notWhite.push(`${x},${y}`);
        if (a === 255) opaque++;
      }
    }
    expect(notWhite).toEqual([]);
    expect(pixel(rows, 0, 0)[3]).toBe(0); // the background is transparent
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.2); // there is a glyph
  });
});

describe('buildAppPackage', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'pb-app-package-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test('writes a zip with the manifest, the Japanese strings and both icons at its root, for the given bot', async () => {
    const outFile = path.join(work, 'out', 'appPackage.zip');
    const written = await buildAppPackage({ botId: BOT_ID, rootDir: ROOT, outFile });
    expect(written).toBe(outFile);

    const entries = unzipSync(new Uint8Array(await readFile(outFile)));
    expect(Object.keys(entries).sort()).toEqual([
      'color.png',
      'ja-jp.json',
      'manifest.json',
      'outline.png',
    ]);
    expect([...PACKAGE_FILES].sort()).toEqual(Object.keys(entries).sort());

    const packaged = strFromU8(entries['manifest.json'] ?? new Uint8Array());
    expect(packaged).not.toContain('${{');
    const parsed = JSON.parse(packaged) as Manifest;
    expect(parsed.id).toBe(BOT_ID);
    expect(parsed.bots[0]?.botId).toBe(BOT_ID);

    const validate = compileSchema('MicrosoftTeams.schema.json');
    validate(parsed);
    expect(validate.errors ?? []).toEqual([]);

    expect(JSON.parse(strFromU8(entries['ja-jp.json'] ?? new Uint8Array()))).toEqual(ja);
    for (const icon of ['color.png', 'outline.png']) {
      expect(
        Buffer.from(entries[icon] ?? []).equals(await readFile(path.join(MANIFEST_DIR, icon))),
      ).toBe(true);
    }
  });

  test.each([
    ['an empty id', '', /^MicrosoftAppId is empty: /],
    ['a blank id', '   ', /^MicrosoftAppId is empty: /],
    [
      'a name instead of a GUID',
      'partner-benefits-bot',
      /^MicrosoftAppId "partner-benefits-bot" is not a GUID/,
    ],
    ['a GUID with a character too few', BOT_ID.slice(1), /is not a GUID/],
    ['a GUID in braces', `{${BOT_ID}}`, /is not a GUID/],
  ])('refuses %s with one clear sentence and writes nothing', async (_what, botId, message) => {
    const outFile = path.join(work, 'appPackage.zip');
    const attempt = buildAppPackage({ botId, rootDir: ROOT, outFile });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(AppPackageError);
    expect(existsSync(outFile)).toBe(false);
  });

  test('refuses a manifest that still has another ${{...}} placeholder', async () => {
    const root = path.join(work, 'project');
    await mkdir(path.join(root, 'manifest'), { recursive: true });
    for (const name of await readdir(MANIFEST_DIR)) {
      if (name.includes('.'))
        await copyFile(path.join(MANIFEST_DIR, name), path.join(root, 'manifest', name));
    }
    const withExtra = manifestText.replace(
      'https://partner-benefits.example/',
      '${{APP_BASE_URL}}',
    );
    expect(withExtra).not.toBe(manifestText);
    await writeFile(path.join(root, 'manifest', 'manifest.json'), withExtra);

    const outFile = path.join(work, 'appPackage.zip');
    await expect(buildAppPackage({ botId: BOT_ID, rootDir: root, outFile })).rejects.toThrow(
      /manifest\/manifest\.json still has the placeholder \$\{\{APP_BASE_URL\}\}/,
    );
    expect(existsSync(outFile)).toBe(false);
  });

  test('says which icon is missing', async () => {
    const root = path.join(work, 'project');
    await mkdir(path.join(root, 'manifest'), { recursive: true });
    for (const name of ['manifest.json', 'ja-jp.json', 'color.png']) {
      await copyFile(path.join(MANIFEST_DIR, name), path.join(root, 'manifest', name));
    }
    await expect(
      buildAppPackage({ botId: BOT_ID, rootDir: root, outFile: path.join(work, 'x.zip') }),
    ).rejects.toThrow(/outline\.png is missing/);
  });
});

describe('bot id from the environment', () => {
  test('checkBotId trims and accepts a GUID in either case', () => {
    expect(checkBotId(` ${BOT_ID.toUpperCase()} `)).toBe(BOT_ID.toUpperCase());
    expect(() => checkBotId(undefined)).toThrow(/MicrosoftAppId is empty/);
  });

  test('takes MicrosoftAppId from the environment first, then from .env at the project root', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'pb-env-'));
    try {
      expect(readBotIdFromEnvironment(root, {})).toBeUndefined();
      await writeFile(path.join(root, '.env'), `# bot\nMicrosoftAppId=${BOT_ID}\nOTHER=1\n`);
      expect(readBotIdFromEnvironment(root, {})).toBe(BOT_ID);
      expect(readBotIdFromEnvironment(root, { MicrosoftAppId: '' })).toBe(BOT_ID);
      const other = '00000000-1111-2222-3333-444444444444';
      expect(readBotIdFromEnvironment(root, { MicrosoftAppId: other })).toBe(other);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
