import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { en } from '../../cards/i18n/en';
import { botHarness, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';

let bot: Awaited<ReturnType<typeof botHarness>>;
let uploads: { headers: Record<string, string | string[] | undefined>; body: Buffer }[];
let server: Server;
let uploadUrl: string;

beforeEach(async () => {
  bot = await botHarness();
  uploads = [];
  // Stands in for the OneDrive upload URL Teams hands the bot once the person accepts the file.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      uploads.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await bot.dispose();
});

const alex: Turn = { as: people.alex };

function consentInvoke(action: 'accept' | 'decline') {
  return {
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context: { export: 'assignments' },
      uploadInfo: {
        name: 'contoso-partners-assignments-2026-11-24.csv',
        uploadUrl,
        contentUrl: 'https://contoso-my.sharepoint.com/f.csv',
        uniqueId: 'u1',
        fileType: 'csv',
      },
    },
  };
}

describe('exporting the assignments as a CSV file', () => {
  test('a Global admin is offered the file; on accept it is uploaded where Teams says and shown as a file card', async () => {
    const offer = await bot.say({ ...alex, text: 'export assignments' });
    const consent = offer[0]?.attachments?.[0];
    expect(consent?.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
    expect(consent?.name).toBe('contoso-partners-assignments-2026-11-24.csv');

    const replies = await bot.send({
      ...bot.activityOf(alex, 'invoke'),
      ...consentInvoke('accept'),
    });
    expect(uploads).toHaveLength(1);
    const csv = uploads[0]?.body.toString('utf8') ?? '';
    expect(csv.startsWith('\uFEFFbenefit,user name,email,state')).toBe(true);
    expect(csv).toContain('Visual Studio Enterprise subscription,Lee Gu,lee.gu@contoso.com,active');
    expect(uploads[0]?.headers['content-range']).toBe(
      `bytes 0-${Buffer.byteLength(csv) - 1}/${Buffer.byteLength(csv)}`,
    );
    const fileCard = replies
      .flatMap((r) => r.attachments ?? [])
      .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info');
    expect(fileCard?.contentUrl).toBe('https://contoso-my.sharepoint.com/f.csv');
    expect(readable(replies)).toContain('The assignments of Contoso Partners: 1 row.');
  });

  test('declining sends nothing', async () => {
    const replies = await bot.send({
      ...bot.activityOf(alex, 'invoke'),
      ...consentInvoke('decline'),
    });
    expect(uploads).toHaveLength(0);
    expect(readable(replies)).toContain(en['export.declined']);
  });

  test('only a Global admin, only in a personal chat; a forged accept from someone else uploads nothing', async () => {
    expect(readable(await bot.say({ as: people.megan, text: 'export assignments' }))).toContain(
      'Only a Global admin',
    );
    const channel = await bot.say({
      ...alex,
      mention: true,
      text: 'export assignments',
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
    });
    expect(readable(channel)).toContain(en['scope.personalChatOnly']);
    await bot.send({ ...bot.activityOf({ as: people.ana }, 'invoke'), ...consentInvoke('accept') });
    expect(uploads).toHaveLength(0);
  });
});
