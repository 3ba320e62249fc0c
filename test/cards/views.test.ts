import { cancellationCard } from '../../cards/cancellation.card';
import { confirmCard, type ConfirmView } from '../../cards/confirm.card';
import { contactFormCard } from '../../cards/contact-form.card';
import { translator } from '../../cards/i18n/translator';
import { keysCard, keysRevealCard } from '../../cards/keys.card';
import { noticeCard } from '../../cards/notice.card';
import { questionCard, type QuestionView } from '../../cards/question.card';
import type { CardAttachment } from '../../cards/render';
import { requestFormCard } from '../../cards/request-form.card';
import type { BenefitRef, PersonRef } from '../../services/rules';
import { isJson, nodes, type Json } from '../support/card-json';

// Renderers take what is shown (a view) and the reader's translator: the same view reads in either language.

const vsPro: BenefitRef = {
  id: 'vs-pro',
  name: { en: 'Visual Studio Professional', ja: 'Visual Studio Professional (日本語)' },
  kind: 'seats',
  quantity: 3,
  links: [],
};
const offer: BenefitRef = {
  id: 'silver-core',
  name: { en: 'Silver Core offer', ja: 'シルバー コア特典' },
  kind: 'offer',
  quantity: 1,
  links: [],
};
const ana: PersonRef = { id: 'u-ana', displayName: 'Ana Bowman', email: 'ana@contoso.com' };
const lee: PersonRef = { id: 'u-lee', displayName: 'Lee Gu', email: 'lee@contoso.com' };

const texts = (card: CardAttachment): string[] =>
  nodes(card.content).flatMap((n) =>
    ['text', 'title', 'label', 'value'].flatMap((k) => (typeof n[k] === 'string' ? [n[k]] : [])),
  );
const actions = (card: CardAttachment, type: string): Json[] =>
  nodes(card.content).filter((n) => n.type === type);
const dataOf = (action: Json | undefined): Json => (isJson(action?.data) ? action.data : {});

describe.each(['en', 'ja'] as const)('cards rendered from a view (%s)', (lang) => {
  const t = translator(lang);

  it('when an assignment is confirmed, then the card names it in the reader language and carries ids only', () => {
    const view: ConfirmView = {
      kind: 'assignment',
      op: 'reassign',
      preview: { benefit: vsPro, user: ana, from: lee, freeAfter: 1, needsAlternativeEmail: false },
      shared: true,
      requestId: 'r-1',
    };
    const card = confirmCard(view, t);
    const name = t.text(vsPro.name);
    expect(texts(card)).toContain(
      t.t('confirm.reassign', { benefit: name, name: 'Ana Bowman', from: 'Lee Gu' }),
    );
    // Shared: people by name alone.
    expect(JSON.stringify(card.content)).not.toContain('ana@contoso.com');
    const [confirm, cancel] = actions(card, 'Action.Execute');
    expect(confirm?.title).toBe(t.t('confirm.button'));
    expect(dataOf(confirm)).toEqual({
      op: 'reassign',
      benefitId: 'vs-pro',
      userId: 'u-ana',
      requestId: 'r-1',
      fromUserId: 'u-lee',
    });
    expect(dataOf(cancel)).toEqual({ requestId: 'r-1' });
  });

  it('when an offer activation with a new contact is confirmed, then the contact language is named and the phone country sent', () => {
    const card = confirmCard(
      {
        kind: 'activateOffer',
        offer,
        contact: {
          userId: 'u-ana',
          name: 'Ana Bowman',
          email: 'ana@contoso.com',
          phone: '+81312345678',
          language: 'ja',
          languageName: { en: 'Japanese', ja: '日本語' },
          country: 'JP',
        },
        requestId: 'r-2',
      },
      t,
    );
    expect(texts(card)).toContain(
      t.t('confirm.activateOfferWithContact', { benefit: t.text(offer.name), name: 'Ana Bowman' }),
    );
    expect(texts(card)).toContain(lang === 'en' ? 'Japanese' : '日本語');
    expect(dataOf(actions(card, 'Action.Execute')[0])).toMatchObject({
      op: 'activateOffer',
      language: 'ja',
      country: 'JP',
    });
  });

  it('when a partner role is taken away in a private chat, then the person is shown with their email', () => {
    const card = confirmCard(
      {
        kind: 'setPartnerRole',
        user: ana,
        role: 'adminAgent',
        grant: false,
        shared: false,
        requestId: 'r-3',
      },
      t,
    );
    expect(texts(card)).toContain('Ana Bowman (ana@contoso.com)');
    expect(dataOf(actions(card, 'Action.Execute')[0])).toEqual({
      op: 'setPartnerRole',
      userId: 'u-ana',
      role: 'adminAgent',
      grant: 'false',
      requestId: 'r-3',
    });
  });

  it('when keys are to be chosen, then the reader language is chosen first and the refund warning is worded', () => {
    const card = keysRevealCard(
      {
        preview: {
          benefit: vsPro,
          languages: [
            { code: 'en', label: { en: 'English', ja: '英語' } },
            { code: 'ja', label: { en: 'Japanese', ja: '日本語' } },
          ],
          osTypes: [{ id: 'x64', label: { en: '64-bit', ja: '64 ビット' } }],
          instructions: { en: 'Install.', ja: 'インストールします。' },
          refundWarning: { purchasedAt: '2025-01-01', refundEndsAt: '2025-01-31' },
          alreadyRevealed: false,
          keyCount: 2,
        },
        typed: {},
        requestId: 'r-4',
      },
      t,
    );
    const language = nodes(card.content).find((n) => n.id === 'language');
    expect(language?.value).toBe(lang);
    expect(texts(card)).toContain(t.t('keys.title', { benefit: t.text(vsPro.name) }));
    expect(JSON.stringify(card.content)).toContain(
      JSON.stringify(
        t.t('keys.refundWarning', { date: t.date('2025-01-31'), benefit: t.text(vsPro.name) }),
      ).slice(1, -1),
    );
  });

  it('when revealed keys fill more than one page, then the card says which and pages with the reveal payload', () => {
    const keys = Array.from({ length: 450 }, (_, i) => `KEY-${String(i).padStart(5, '0')}`);
    const card = keysCard(
      {
        revealed: {
          benefit: vsPro,
          keys,
          instructions: { en: 'Install.', ja: 'インストールします。' },
          download: null,
          activated: true,
          alreadyActivated: false,
          alreadyDone: false,
        },
        reveal: { benefitId: 'vs-pro', requestId: 'r-5' },
      },
      t,
      1,
    );
    expect(texts(card)).toContain(t.t('keys.activated', { benefit: t.text(vsPro.name) }));
    const pages = nodes(card.content).filter(
      (n) => n.title === t.t('page.previous') || n.title === t.t('page.next'),
    );
    expect(pages.map((p) => dataOf(p).page)).toEqual([0, 2]);
    expect(dataOf(pages[0])).toMatchObject({ benefitId: 'vs-pro', requestId: 'r-5' });
  });

  it('when the contact form lists fewer people than there are, then it says how many and offers a search box', () => {
    const card = contactFormCard(
      {
        offer,
        organisation: { name: 'Contoso', partnerCenterEmail: 'pc@contoso.com' },
        problem: '',
        notFound: '',
        people: [ana],
        total: 20,
        matchesOf: null,
        search: true,
        languages: [{ code: 'en', name: { en: 'English', ja: '英語' } }],
        values: { userId: 'u-ana', email: 'ana@contoso.com', phone: '', language: 'en' },
      },
      t,
    );
    expect(texts(card)).toContain(t.t('contact.title'));
    expect(JSON.stringify(card.content)).toContain(
      t.t('contact.more', { total: 20, shown: 1, org: 'Contoso' }),
    );
    expect(texts(card)).toContain(t.t('contact.input.search'));
  });

  it('when the hours form is shown, then each benefit says its hours left and the phases are worded', () => {
    const card = requestFormCard(
      {
        benefits: [{ benefit: vsPro, quantity: 10, used: 2, reserved: 0, remaining: 8 }],
        phases: ['presales'],
        solutions: ['cloud'],
        values: { hours: '4' },
        myEmail: 'ana@contoso.com',
        problem: '',
        requestId: 'r-6',
      },
      t,
    );
    expect(texts(card)).toContain(`${t.text(vsPro.name)} (${t.count('request.remaining', 8)})`);
    expect(texts(card)).toContain(t.t('request.phase.presales'));
  });

  it('when a refund is no longer possible, then the cancellation card says why and offers no request', () => {
    const card = cancellationCard(
      {
        check: {
          eligible: false,
          failing: ['refundWindowClosed'],
          packageName: 'Silver',
          purchasedAt: '2025-01-01',
          refundEndsAt: '2025-01-31',
          activatedSoftware: [],
          openRequest: null,
        },
        requestId: 'r-7',
      },
      t,
    );
    expect(texts(card)).toContain(
      t.t('cancel.verdict.windowClosed', { date: t.date('2025-01-31') }),
    );
    expect(JSON.stringify(card.content)).not.toContain(t.t('cancel.confirm'));
  });

  it('when keys are asked for in a shared chat, then the notice says so and links to the personal chat', () => {
    const card = noticeCard(
      { personalChatOnly: 'keys', personalChatUrl: 'https://teams.microsoft.com/l/chat/0/0' },
      t,
    );
    expect(texts(card)).toContain(t.t('error.KEYS.PERSONAL_CHAT_ONLY'));
    expect(texts(card)).toContain(t.t('keys.openPersonalChat'));
  });
});

// A question repeats what was understood so far: the change, the person, the benefit.
describe('questions worded from what was understood', () => {
  const question = (lang: 'en' | 'ja', view: QuestionView): string =>
    texts(questionCard(view, translator(lang)))[0] ?? '';
  const benefitAsked = {
    kind: 'benefit',
    choices: [{ benefit: vsPro, free: 2 }],
    total: 1,
  } as const;

  it.each([
    ['en', 'remove', 'Which benefit should be removed from Ana Bowman?'],
    ['ja', 'remove', 'Ana Bowman さんからどの特典を外しますか？'],
    ['en', 'confirmActive', "Which of Ana Bowman's benefits is now active?"],
    ['ja', 'confirmActive', 'Ana Bowman さんのどの特典がアクティブになりましたか？'],
  ] as const)(
    'when %s asks which benefit to %s for a known person, then the question names them',
    (lang, op, text) => {
      expect(question(lang, { ...benefitAsked, op, person: 'Ana Bowman' })).toBe(text);
    },
  );

  it('when reassigning names both people but no benefit, then the question names both', () => {
    const view: QuestionView = {
      ...benefitAsked,
      op: 'reassign',
      from: 'Lee Gu',
      person: 'Ana Bowman',
    };
    expect(question('en', view)).toBe('Which benefit should move from Lee Gu to Ana Bowman?');
    expect(question('ja', view)).toBe('どの特典を Lee Gu さんから Ana Bowman さんに移しますか？');
  });

  it('when the benefit words fit several and the person is known, then the question names the person', () => {
    const view: QuestionView = {
      ...benefitAsked,
      op: 'assign',
      person: 'Ana Bowman',
      unclear: { kind: 'several', query: 'Visual Studio' },
    };
    expect(question('en', view)).toBe(
      '"Visual Studio" could be more than one benefit. Which benefit should Ana Bowman get?',
    );
    expect(question('ja', view)).toBe(
      '「Visual Studio」に当てはまる特典が複数あります。Ana Bowman さんにどの特典を割り当てますか？',
    );
  });

  it('when a name fits several people, then the question names the benefit they would get', () => {
    const view: QuestionView = {
      kind: 'person',
      slot: 'person',
      op: 'assign',
      benefit: vsPro.name,
      unclear: { kind: 'several', query: 'Lee' },
      organisation: 'Contoso',
      choices: [lee, ana],
      total: 2,
      holdersOnly: false,
      shared: false,
    };
    expect(question('en', view)).toBe(
      '"Lee" matches more than one person. Who should get Visual Studio Professional?',
    );
    expect(question('ja', view)).toBe(
      '「Lee」に当てはまる人が複数います。Visual Studio Professional (日本語) を誰に割り当てますか？',
    );
  });

  it('when a role is given to a name nobody has, then the question says so and names the role', () => {
    const view: QuestionView = {
      kind: 'roleHolder',
      role: 'mpnPartnerAdmin',
      grant: true,
      unclear: { kind: 'notFound', query: 'Zeb', suggested: false },
      organisation: 'Contoso',
      choices: [],
      total: 0,
      shared: false,
    };
    expect(question('en', view)).toMatch(
      /^I couldn't find "Zeb" in the user list of Contoso\. Who should be /,
    );
  });
});
