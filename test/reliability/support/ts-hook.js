/**
 * Lets a child process run the bot from its TypeScript sources (`node -r <this> index.ts`), the
 * way `npm start` runs dist/index.js, without a build step: each project .ts file is compiled by
 * @swc/core on require (type-stripping only, as jest's @swc/jest does). Compiled output is cached
 * by content hash in the OS temp folder, so the many restarts of the crash test stay fast.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a `node -r` preload is CommonJS by nature */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { transformSync, version } = require('@swc/core');

const cacheDir = join(tmpdir(), 'benefits-reliability-swc-cache');
mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha1')
    .update(version)
    .update('\0')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, {
      filename,
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    }).code;
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, cached);
  }
  module._compile(code, filename);
};
