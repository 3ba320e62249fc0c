import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('lowdb persists to a real file under jest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pbb-'));
  const db = new Low<{ n: number }>(new JSONFile(join(dir, 'x.json')), { n: 0 });
  await db.read();
  db.data.n = 2;
  await db.write();
  expect(JSON.parse(await readFile(join(dir, 'x.json'), 'utf8'))).toEqual({ n: 2 });
});
