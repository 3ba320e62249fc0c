import {
  DirectoryUnavailableError,
  LocalDirectory,
  directoryQuery,
  isDirectoryUnavailable,
} from '../../services/directory/directory';
import { demoStores } from '../support/temp-store';
import { CONTOSO_TENANT, FABRIKAM_TENANT, UNKNOWN_TENANT, people } from '../support/people';

let stores: Awaited<ReturnType<typeof demoStores>>;
let directory: LocalDirectory;

beforeAll(async () => {
  stores = await demoStores();
  directory = new LocalDirectory(stores.benefits);
});
afterAll(() => stores.dispose());

const names = async (tenantId: string, query: string) =>
  (await directory.findPeople(tenantId, query)).map((p) => p.displayName);

describe('LocalDirectory over the stored user list', () => {
  it('finds people by the start of their name, any word of it, or their email, sorted by name', async () => {
    expect(await names(CONTOSO_TENANT, 'lee')).toEqual(['Lee Gu', 'Lee Park']);
    expect(await names(CONTOSO_TENANT, 'bow')).toEqual(['Ana Bowman', 'Megan Bowen']);
    expect(await names(CONTOSO_TENANT, 'Megan Bowen')).toEqual(['Megan Bowen']);
    expect(await names(CONTOSO_TENANT, 'MEGAN@contoso.com')).toEqual(['Megan Bowen']);
    expect(await names(CONTOSO_TENANT, 'lee.p')).toEqual(['Lee Park']);
  });

  it('finds people by a Japanese name, its reading in kana, or a romanised alias, with or without an honorific', async () => {
    expect(await names(CONTOSO_TENANT, '田中')).toEqual(['田中 太郎']);
    expect(await names(CONTOSO_TENANT, 'Tanaka')).toEqual(['田中 太郎']);
    expect(await names(CONTOSO_TENANT, 'たなか')).toEqual(['田中 太郎']);
    expect(await names(CONTOSO_TENANT, '田中さん')).toEqual(['田中 太郎']);
  });

  it('finds nobody for a blank query, a name nobody has, or an unknown organisation', async () => {
    expect(await directory.findPeople(CONTOSO_TENANT, '  ')).toEqual([]);
    expect(await directory.findPeople(CONTOSO_TENANT, 'Zebedee')).toEqual([]);
    expect(await directory.findPeople(UNKNOWN_TENANT, 'megan')).toEqual([]);
  });

  it('keeps to the organisation asked about', async () => {
    expect(await names(FABRIKAM_TENANT, 'ana')).toEqual(['Ana Ruiz']);
    expect(await directory.person(FABRIKAM_TENANT, people.megan.userId)).toBeUndefined();
  });

  it('reads a person by object id: enabled, with directory roles only (partner-program roles are not the directory’s)', async () => {
    expect(await directory.person(CONTOSO_TENANT, people.alex.userId)).toEqual({
      id: people.alex.userId,
      displayName: 'Alex Wilber',
      email: 'alex@contoso.com',
      enabled: true,
      roles: ['globalAdmin'],
    });
    expect((await directory.person(CONTOSO_TENANT, people.adele.userId))?.roles).toEqual([
      'userAdmin',
    ]);
    expect((await directory.person(CONTOSO_TENANT, people.megan.userId))?.roles).toEqual([]); // an MPN partner admin
    expect(await directory.person(CONTOSO_TENANT, people.stranger.userId)).toBeUndefined();
  });

  it('returns at most maxResults people', async () => {
    const few = new LocalDirectory(stores.benefits, { maxResults: 1 });
    expect(await few.findPeople(CONTOSO_TENANT, 'lee')).toHaveLength(1);
  });
});

describe('directoryQuery', () => {
  it('cleans what people type into what a directory searches for', () => {
    expect(directoryQuery('  @Megan   Bowen  ')).toBe('Megan Bowen');
    expect(directoryQuery('「田中」さん')).toBe('田中');
    expect(directoryQuery('"Lee".')).toBe('Lee');
    expect(directoryQuery("O'Brien")).toBe("O'Brien");
    expect(directoryQuery('ｍｅｇａｎ')).toBe('megan');
    expect(directoryQuery('x'.repeat(300))).toBe('');
  });
});

describe('DirectoryUnavailableError', () => {
  it('is coded and says only its code, status and reason', () => {
    const err = new DirectoryUnavailableError('DIRECTORY.UNREACHABLE', { status: 503 });
    expect(isDirectoryUnavailable(err)).toBe(true);
    expect(err.message).toBe('DIRECTORY.UNREACHABLE (HTTP 503)');
    expect(
      new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', { reason: 'invalid_client' })
        .message,
    ).toBe('DIRECTORY.SIGN_IN_FAILED: invalid_client');
    expect(isDirectoryUnavailable(new Error('DIRECTORY.UNREACHABLE'))).toBe(false);
  });
});
