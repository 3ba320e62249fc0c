/**
 * Builds the Teams app package, build/appPackage.zip, from manifest/:
 * manifest.json (with every ${{BOT_ID}} replaced by the bot's Microsoft App ID), ja-jp.json, color.png and
 * outline.png, all at the root of the zip, which is what Teams expects to be uploaded.
 *
 *   MicrosoftAppId=<guid> npm run package      (or put MicrosoftAppId=<guid> in .env at the project root)
 *
 * The environment wins over .env. Paths are resolved from the project root, not the current directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { strToU8, zipSync, type Zippable } from 'fflate';

/** The files of manifest/ that go into the package, at the root of the zip. */
export const PACKAGE_FILES = ['manifest.json', 'ja-jp.json', 'color.png', 'outline.png'] as const;

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const BOT_ID_PLACEHOLDER = '${{BOT_ID}}';
const ANY_PLACEHOLDER = /\$\{\{[^}]*\}\}/g;

/** A problem the person packaging the app can fix; the CLI prints only its message. */
export class AppPackageError extends Error {
  override name = 'AppPackageError';
}

/** Returns the trimmed bot id, or throws a one-sentence AppPackageError if it is empty or not GUID-shaped. */
export function checkBotId(raw: string | undefined): string {
  const id = (raw ?? '').trim();
  if (id === '') {
    throw new AppPackageError(
      "MicrosoftAppId is empty: set it, in the environment or in .env at the project root, to the bot's Microsoft App ID (a GUID) before packaging.",
    );
  }
  if (!GUID.test(id)) {
    throw new AppPackageError(
      `MicrosoftAppId "${id}" is not a GUID such as 00000000-0000-0000-0000-000000000000: set it to the bot's Microsoft App ID.`,
    );
  }
  return id;
}

/**
 * The bot id to package with: MicrosoftAppId from `env` if set and not blank, otherwise from `<rootDir>/.env`
 * if that file exists. Does not change `env`.
 */
export function readBotIdFromEnvironment(
  rootDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const fromEnv = env.MicrosoftAppId;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  const dotenvFile = path.join(rootDir, '.env');
  if (!existsSync(dotenvFile)) return fromEnv;
  return parseDotenv(readFileSync(dotenvFile)).MicrosoftAppId ?? fromEnv;
}

async function readManifestFile(manifestDir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(path.join(manifestDir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const hint = name.endsWith('.png')
        ? ' (regenerate the icons with scripts/make-icons.sh)'
        : '';
      throw new AppPackageError(`${path.join(manifestDir, name)} is missing${hint}.`);
    }
    throw err;
  }
}

/** Replaces ${{BOT_ID}} and refuses to go on if the JSON file still has a placeholder or is not valid JSON. */
function fillPlaceholders(name: string, text: string, botId: string): string {
  const filled = text.split(BOT_ID_PLACEHOLDER).join(botId);
  const left = [...new Set(filled.match(ANY_PLACEHOLDER) ?? [])];
  if (left.length > 0) {
    throw new AppPackageError(
      `manifest/${name} still has the placeholder${left.length > 1 ? 's' : ''} ${left.join(', ')} after filling in \${{BOT_ID}}: replace ${left.length > 1 ? 'them' : 'it'} with a real value.`,
    );
  }
  try {
    JSON.parse(filled);
  } catch (err) {
    throw new AppPackageError(`manifest/${name} is not valid JSON: ${(err as Error).message}.`);
  }
  return filled;
}

/** Checks that every file the manifest points at (icons, language files) is one the package carries. */
function checkReferencedFiles(manifestText: string): void {
  const manifest = JSON.parse(manifestText) as {
    icons?: { color?: string; outline?: string };
    localizationInfo?: { additionalLanguages?: { file?: string }[] };
  };
  const referenced = [
    manifest.icons?.color,
    manifest.icons?.outline,
    ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
  ];
  const packaged: readonly string[] = PACKAGE_FILES;
  for (const file of referenced) {
    if (file === undefined || !packaged.includes(file)) {
      throw new AppPackageError(
        `manifest/manifest.json refers to ${file === undefined ? 'a missing file name' : `"${file}"`}, which is not one of the packaged files (${PACKAGE_FILES.join(', ')}).`,
      );
    }
  }
}

/**
 * Writes the Teams app package to `outFile` (creating its folder) and returns `outFile`'s absolute path.
 * Throws an AppPackageError, without writing anything, if the bot id is not a GUID, a manifest file is
 * missing or a `${{...}}` placeholder other than BOT_ID is left.
 */
export async function buildAppPackage(opts: {
  botId: string;
  rootDir: string;
  outFile: string;
}): Promise<string> {
  const botId = checkBotId(opts.botId);
  const manifestDir = path.join(path.resolve(opts.rootDir), 'manifest');
  const outFile = path.resolve(opts.outFile);

  const files: Zippable = {};
  for (const name of PACKAGE_FILES) {
    const bytes = await readManifestFile(manifestDir, name);
    if (name.endsWith('.json')) {
      const text = fillPlaceholders(name, bytes.toString('utf8'), botId);
      if (name === 'manifest.json') checkReferencedFiles(text);
      files[name] = strToU8(text);
    } else {
      // PNGs are already compressed: store them as they are.
      files[name] = [new Uint8Array(bytes), { level: 0 }];
    }
  }

  const zip = zipSync(files, { level: 9 });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, zip);
  return outFile;
}

/** The project root: this file runs as dist/scripts/package-app.js, or as scripts/package-app.ts under ts tools. */
function projectRoot(): string {
  const up = path.basename(path.dirname(__dirname)) === 'dist' ? ['..', '..'] : ['..'];
  return path.resolve(__dirname, ...up);
}

async function main(): Promise<void> {
  const rootDir = projectRoot();
  const outFile = path.join(rootDir, 'build', 'appPackage.zip');
  try {
    const botId = checkBotId(readBotIdFromEnvironment(rootDir));
    const written = await buildAppPackage({ botId, rootDir, outFile });
    console.log(
      `Wrote ${path.relative(process.cwd(), written)} for bot ${botId}; upload it to Teams as a custom app.`,
    );
  } catch (err) {
    if (err instanceof AppPackageError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
