import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../services/access.service';
import { addDays, pinnedClock } from '../../services/clock';
import { KeysService, type RevealInput } from '../../services/keys.service';
import type { AuditEntry, Benefit, ProcessedRequest } from '../../services/model';
import { KeyCipher } from '../../services/secrets/key-cipher';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { people, type Person } from '../support/people';
import { demoStores, NOW, TEST_CIPHER } from '../support/temp-store';
import { storedTexts } from '../support/test-backend';
import { PERSONAL_CHAT, SHARED_CONVERSATION } from '../../services/policy/visibility';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: KeysService;

const WINDOWS = 'windows-11-enterprise';
const OFFICE = 'office-ltsc-2024';
const M365 = 'microsoft-365-e5';
const PERSONAL = PERSONAL_CHAT;
const KEY_FORMAT = /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/;

/** The demo keys in clear text, as they are before sealing: what must never be found at rest. */
const clearKeys = demoOrganisations(NOW).flatMap((org) =>
  org.benefits.flatMap((b) =>
    b.kind === 'softwareKeys' || b.kind === 'licenseKeys' ? b.keys : [],
  ),
);

function keysService(cipher: KeyCipher = TEST_CIPHER, now: Date = NOW): KeysService {
  return new KeysService({
    store: stores.benefits,
    clock: pinnedClock(now),
    newId: randomUUID,
    cipher,
  });
}

beforeEach(async () => {
  stores = await demoStores();
  service = keysService();
});
afterEach(() => stores.dispose());

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

function windowsJaArm(overrides: Partial<RevealInput> = {}): RevealInput {
  return {
    requestId: randomUUID(),
    benefitId: WINDOWS,
    audience: { ...PERSONAL_CHAT, conversationId: 'a:personal-alex' },
    language: 'ja',
    os: 'arm64',
    acceptRefundLoss: true,
    ...overrides,
  };
}

/** What the store holds for Contoso, read the way the store itself sees it. */
async function stored(): Promise<{
  benefits: Benefit[];
  audit: AuditEntry[];
  processedRequests: ProcessedRequest[];
}> {
  let copy: { benefits: Benefit[]; audit: AuditEntry[]; processedRequests: ProcessedRequest[] } = {
    benefits: [],
    audit: [],
    processedRequests: [],
  };
  await stores.benefits.unitOfWork(people.alex.tenantId, (data) => {
    copy = structuredClone({
      benefits: data.benefits,
      audit: data.audit,
      processedRequests: data.processedRequests,
    });
  });
  return copy;
}

const revealedAt = async (benefitId: string) =>
  (await stores.benefits.benefits(people.alex.tenantId))
    .map((b) =>
      b.kind === 'softwareKeys' || b.kind === 'licenseKeys'
        ? [b.id, b.keysRevealedAt]
        : [b.id, null],
    )
    .find(([id]) => id === benefitId)?.[1];

describe('who may get keys, and where (R1.3, personal chat only)', () => {
  test.each([people.megan, people.adele, people.isaiah, people.ana])(
    'when $displayName (not a Global admin) asks, then it is refused and the Global admins are named',
    async (person) => {
      const someone = await actor(person);
      for (const attempt of [
        service.previewReveal(someone, WINDOWS, PERSONAL),
        service.reveal(someone, windowsJaArm()),
      ]) {
        const err = await rejection(attempt);
        expect(err.code).toBe('ROLE.GLOBAL_ADMIN_REQUIRED');
        expect(err.details.admins).toEqual(['Alex Wilber']);
      }
      expect((await stored()).audit).toEqual([]);
    },
  );

  test('when a Global admin asks in a channel or group chat, then no key is shown and nothing changes, even from a forged card', async () => {
    const alex = await actor(people.alex);
    await expectCode(
      service.previewReveal(alex, WINDOWS, SHARED_CONVERSATION),
      'KEYS.PERSONAL_CHAT_ONLY',
    );
    await expectCode(
      service.reveal(
        alex,
        windowsJaArm({
          audience: { ...SHARED_CONVERSATION, conversationId: '19:channel@thread.tacv2' },
        }),
      ),
      'KEYS.PERSONAL_CHAT_ONLY',
    );
    const forged = {
      ...windowsJaArm(),
      audience: { ...PERSONAL_CHAT, readers: 'groupChat' },
    } as unknown as RevealInput;
    await expectCode(service.reveal(alex, forged), 'KEYS.PERSONAL_CHAT_ONLY');
    expect(await revealedAt(WINDOWS)).toBeNull();
    expect((await stored()).audit).toEqual([]);
  });

  test('when the benefit has no keys, or none are stored, then it is refused by name', async () => {
    const alex = await actor(people.alex);
    await expectCode(
      service.previewReveal(alex, 'visual-studio-enterprise', PERSONAL),
      'KEYS.NOT_A_KEY_BENEFIT',
    );
    await expectCode(
      service.reveal(alex, {
        requestId: 'vs',
        benefitId: 'azure-monthly-credit',
        audience: { ...PERSONAL_CHAT, conversationId: 'c' },
      }),
      'KEYS.NOT_A_KEY_BENEFIT',
    );
    await expectCode(service.previewReveal(alex, 'no-such-benefit', PERSONAL), 'BENEFIT.NOT_FOUND');
    await stores.benefits.unitOfWork(people.alex.tenantId, (data) => {
      const d365 = data.benefits.find((b) => b.id === 'dynamics-365-sales-enterprise');
      if (d365?.kind === 'licenseKeys') d365.keys = [];
    });
    const err = await rejection(
      service.previewReveal(alex, 'dynamics-365-sales-enterprise', PERSONAL),
    );
    expect(err.code).toBe('KEYS.NONE_STORED');
    expect(err.details.benefit).toEqual({
      en: 'Dynamics 365 Sales Enterprise',
      ja: 'Dynamics 365 Sales Enterprise',
    });
  });
});

describe('software keys (R3.1, R3.2, R3.3)', () => {
  test("the preview offers the product's languages and OS types, labelled, with the special instructions and the number of keys", async () => {
    const preview = await service.previewReveal(await actor(people.alex), WINDOWS, PERSONAL);
    expect(preview).toMatchObject({
      benefit: { id: WINDOWS, kind: 'softwareKeys', name: { en: 'Windows 11 Enterprise' } },
      languages: [
        { code: 'en', label: { en: 'English', ja: 'English' } },
        { code: 'ja', label: { en: '日本語', ja: '日本語' } },
      ],
      osTypes: [
        { id: 'x64', label: { en: '64-bit (x64)', ja: '64 ビット (x64)' } },
        { id: 'arm64', label: { en: 'ARM64', ja: 'ARM64' } },
      ],
      instructions: { en: expect.stringContaining('Activate each key within 30 days') },
      alreadyRevealed: false,
      keyCount: 5,
    });
  });

  test.each([
    [{ language: undefined }, 'KEYS.LANGUAGE_REQUIRED'],
    [{ language: ' ' }, 'KEYS.LANGUAGE_REQUIRED'],
    [{ os: undefined }, 'KEYS.OS_REQUIRED'],
    [{ language: 'fr' }, 'KEYS.UNKNOWN_CHOICE'],
    [{ os: 'x86' }, 'KEYS.UNKNOWN_CHOICE'],
  ] as const)(
    'when the choice is %o, then it is refused with %s and nothing changes',
    async (overrides, code) => {
      await expectCode(service.reveal(await actor(people.alex), windowsJaArm(overrides)), code);
      expect(await revealedAt(WINDOWS)).toBeNull();
      expect((await stored()).audit).toEqual([]);
    },
  );

  test('a refused OS choice names the ones the product offers, in both languages', async () => {
    const err = await rejection(
      service.reveal(await actor(people.alex), windowsJaArm({ os: 'x86' })),
    );
    expect(err.details).toMatchObject({
      choice: 'x86',
      choices: { en: '64-bit (x64), ARM64', ja: '64 ビット (x64)、ARM64' },
    });
  });

  test('when Alex gets the Windows 11 keys for 日本語 / ARM64, then the keys come with the instructions and the matching download link', async () => {
    const result = await service.reveal(await actor(people.alex), windowsJaArm());
    expect(result.keys).toHaveLength(5);
    for (const key of result.keys) expect(key).toMatch(KEY_FORMAT);
    expect(result.keys).toEqual(clearKeys.filter((k) => k.startsWith('W11EN')));
    expect(result.instructions.ja).toContain('ライセンス認証');
    expect(result.download).toEqual({
      url: 'https://download.partner-benefits.example/windows-11-enterprise/ja-jp/arm64',
      language: { code: 'ja', label: { en: '日本語', ja: '日本語' } },
      os: { id: 'arm64', label: { en: 'ARM64', ja: 'ARM64' } },
    });
  });
});

describe('the refund guard (R8) and activation (R3.3)', () => {
  test('inside the refund window with nothing activated, the preview warns when the refund right ends', async () => {
    const preview = await service.previewReveal(await actor(people.alex), WINDOWS, PERSONAL);
    expect(preview.refundWarning).toEqual({
      purchasedAt: addDays(NOW, -12).toISOString(),
      refundEndsAt: addDays(NOW, 18).toISOString(),
    });
  });

  test('when the first software reveal is not confirmed, then it is refused with the refund end date and changes nothing', async () => {
    const err = await rejection(
      service.reveal(
        await actor(people.alex),
        windowsJaArm({ requestId: 'first', acceptRefundLoss: undefined }),
      ),
    );
    expect(err.code).toBe('KEYS.REFUND_CONFIRMATION_REQUIRED');
    expect(err.details).toEqual({
      benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
      date: '2026-12-12',
    });
    expect(await revealedAt(WINDOWS)).toBeNull();
    expect(await stored()).toMatchObject({ audit: [], processedRequests: [] });
  });

  test('when it is confirmed, then 5 keys are shown, the benefit is activated, and the next software reveal has no refund warning', async () => {
    const alex = await actor(people.alex);
    const first = await service.reveal(alex, windowsJaArm({ requestId: 'first' }));
    expect(first).toMatchObject({ activated: true, alreadyActivated: false, alreadyDone: false });
    expect(first.keys.filter((k) => KEY_FORMAT.test(k))).toHaveLength(5);
    expect(await revealedAt(WINDOWS)).toBe(NOW.toISOString());

    expect((await service.previewReveal(alex, WINDOWS, PERSONAL)).alreadyRevealed).toBe(true);
    const office = await service.previewReveal(alex, OFFICE, PERSONAL);
    expect(office.refundWarning).toBeNull();
    const officeKeys = await service.reveal(alex, {
      requestId: 'office',
      benefitId: OFFICE,
      audience: { ...PERSONAL_CHAT, conversationId: 'c' },
      language: 'en',
      os: 'x86',
    });
    expect(officeKeys).toMatchObject({
      activated: true,
      download: { url: 'https://download.partner-benefits.example/office-ltsc-2024/en-us/x86' },
    });
  });

  test('when the keys are revealed again, then they are shown again, audited again, and the activation date stays the first', async () => {
    const alex = await actor(people.alex);
    await service.reveal(alex, windowsJaArm({ requestId: 'first' }));
    const later = keysService(TEST_CIPHER, addDays(NOW, 2));
    const again = await later.reveal(
      alex,
      windowsJaArm({ requestId: 'second', language: 'en', os: 'x64', acceptRefundLoss: undefined }),
    );
    expect(again).toMatchObject({ activated: false, alreadyActivated: true, alreadyDone: false });
    expect(again.keys).toHaveLength(5);
    expect(await revealedAt(WINDOWS)).toBe(NOW.toISOString());
    expect((await stored()).audit.map((e) => e.after)).toEqual([
      {
        conversationId: 'a:personal-alex',
        language: 'ja',
        os: 'arm64',
        keyCount: 5,
        activated: true,
      },
      {
        conversationId: 'a:personal-alex',
        language: 'en',
        os: 'x64',
        keyCount: 5,
        activated: false,
      },
    ]);
  });

  test('outside the refund window there is no warning and no confirmation is needed', async () => {
    const late = keysService(TEST_CIPHER, addDays(NOW, 19));
    const alex = await actor(people.alex);
    expect((await late.previewReveal(alex, WINDOWS, PERSONAL)).refundWarning).toBeNull();
    await expect(
      late.reveal(alex, windowsJaArm({ acceptRefundLoss: undefined })),
    ).resolves.toMatchObject({ activated: true });
  });
});

describe('licence keys (R4.2)', () => {
  test('when Alex gets the Microsoft 365 E5 key, then it comes with its activation instructions, no language or OS, and no refund warning', async () => {
    const alex = await actor(people.alex);
    const preview = await service.previewReveal(alex, M365, PERSONAL);
    expect(preview).toMatchObject({
      benefit: { kind: 'licenseKeys' },
      languages: [],
      osTypes: [],
      refundWarning: null,
      keyCount: 1,
      alreadyRevealed: false,
    });
    const result = await service.reveal(alex, {
      requestId: 'm365',
      benefitId: M365,
      audience: { ...PERSONAL_CHAT, conversationId: 'a:personal-alex' },
    });
    expect(result).toMatchObject({
      download: null,
      activated: true,
      instructions: { en: expect.stringContaining('Microsoft 365 admin center') },
    });
    expect(result.keys).toEqual(clearKeys.filter((k) => k.startsWith('M365E')));
    expect(await revealedAt(M365)).toBe(NOW.toISOString());
    expect((await stored()).audit[0]?.after).toEqual({
      conversationId: 'a:personal-alex',
      language: null,
      os: null,
      keyCount: 1,
      activated: true,
    });
  });

  test('a licence reveal is not a software activation: the software refund warning stays', async () => {
    const alex = await actor(people.alex);
    await service.reveal(alex, {
      requestId: 'm365',
      benefitId: M365,
      audience: { ...PERSONAL_CHAT, conversationId: 'c' },
    });
    expect((await service.previewReveal(alex, WINDOWS, PERSONAL)).refundWarning).not.toBeNull();
  });
});

describe('keys stay secret at rest', () => {
  test('after a reveal, nothing the store holds at rest (files or tables) and no audit entry holds a revealed key in clear text', async () => {
    const alex = await actor(people.alex);
    const revealed = [
      ...(await service.reveal(alex, windowsJaArm())).keys,
      ...(
        await service.reveal(alex, {
          requestId: 'm365',
          benefitId: M365,
          audience: { ...PERSONAL_CHAT, conversationId: 'c' },
        })
      ).keys,
    ];
    expect(revealed).toHaveLength(6);
    const contents = await storedTexts(stores);
    // The reveal did reach what is read here (so a missing key is not a place we failed to read).
    expect(contents.some(({ text }) => text.includes('keys.revealed'))).toBe(true);
    expect(
      contents.some(({ text }) => /"keysRevealedAt": ?"2026-11-24T09:00:00.000Z"/.test(text)),
    ).toBe(true);
    for (const { where, text } of contents) {
      for (const key of [...revealed, ...clearKeys]) {
        expect({
          where,
          holdsKey: text.includes(key) || text.includes(key.replaceAll('-', '')),
        }).toEqual({ where, holdsKey: false });
      }
    }
    const audit = JSON.stringify((await stored()).audit);
    expect(audit).toContain('keys.revealed');
    for (const key of revealed) expect(audit).not.toContain(key);
  });

  test('a KeyCipher with another secret cannot read the keys: the reveal is refused without key material and changes nothing', async () => {
    const other = keysService(KeyCipher.fromSecret('1a'.repeat(32)));
    const err = await rejection(other.reveal(await actor(people.alex), windowsJaArm()));
    expect(err.code).toBe('KEYS.UNREADABLE');
    expect(err.details).toEqual({
      benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
    });
    const everything = `${err.message} ${err.stack ?? ''} ${JSON.stringify(err)} ${JSON.stringify(err.details)} ${String(err.cause)}`;
    const sealed = (await stores.benefits.benefits(people.alex.tenantId)).flatMap((b) =>
      b.kind === 'softwareKeys' ? b.keys : [],
    );
    for (const secret of [...clearKeys, ...sealed]) expect(everything).not.toContain(secret);
    expect(await revealedAt(WINDOWS)).toBeNull();
    expect((await stored()).audit).toEqual([]);
  });
});

describe('retries', () => {
  test('when the same reveal is delivered twice, then the keys are shown both times and each showing is audited (activated once)', async () => {
    const alex = await actor(people.alex);
    const input = windowsJaArm({ requestId: 'same-reveal' });
    const first = await service.reveal(alex, input);
    const retried = await service.reveal(alex, input);
    expect(retried).toMatchObject({ alreadyDone: true, activated: false, alreadyActivated: true });
    expect(retried.keys).toEqual(first.keys);
    const { audit, processedRequests } = await stored();
    expect(audit.filter((e) => e.action === 'keys.revealed')).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actorId: people.alex.userId,
      benefitId: WINDOWS,
      subjectUserId: null,
      at: NOW.toISOString(),
      after: { activated: true },
    });
    expect(audit[1]).toMatchObject({
      actorId: people.alex.userId,
      benefitId: WINDOWS,
      after: { activated: false, repeated: true },
    });
    expect(processedRequests).toEqual([
      {
        id: 'same-reveal',
        at: NOW.toISOString(),
        actorId: people.alex.userId,
        action: 'keys.revealed',
        subject: expect.any(String),
      },
    ]);
  });

  test("when a processed reveal's request id comes with another product, language or OS, then nothing is shown, activated or audited", async () => {
    const alex = await actor(people.alex);
    await service.reveal(alex, windowsJaArm({ requestId: 'bound' }));
    const before = await stored();
    for (const other of [{ benefitId: 'office-ltsc-2024' }, { language: 'en' }, { os: 'x64' }]) {
      await expectCode(
        service.reveal(alex, windowsJaArm({ requestId: 'bound', ...other })),
        'REQUEST.ID_REUSED',
      );
    }
    expect(await stored()).toEqual(before);
  });

  test('a reveal without a request id is refused', async () => {
    await expectCode(
      service.reveal(await actor(people.alex), windowsJaArm({ requestId: '' })),
      'REQUEST.ID_REQUIRED',
    );
  });
});
