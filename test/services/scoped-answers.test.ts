import { randomUUID } from 'node:crypto';
import type { Actor } from '../../services/access.service';
import { AssignmentService } from '../../services/assignment.service';
import { AuditService } from '../../services/audit.service';
import { BenefitsService } from '../../services/benefits.service';
import { pinnedClock } from '../../services/clock';
import { LocalDirectory } from '../../services/directory/directory';
import { ExportsService } from '../../services/exports.service';
import { NotificationsService } from '../../services/notifications/notifications.service';
import { PeopleService } from '../../services/people.service';
import {
  PERSONAL_CHAT,
  scopeOf,
  SHARED_CONVERSATION,
  sightOf,
  type Audience,
  type ScopedResult,
} from '../../services/policy/visibility';
import { RequestsService } from '../../services/requests.service';
import { people } from '../support/people';
import { actorIn, expectCode } from '../support/service-test';
import { demoStores, NOW } from '../support/temp-store';

/**
 * Every answer that names people, holds a file or the audit log comes out of services/ already
 * scoped to who reads it, by the one rule in services/policy/visibility.ts: an admin in a personal
 * chat sees holders, an employee sees their own, and a shared conversation gets a pointer to a
 * personal chat (where what the question named is not even looked up).
 */

let stores: Awaited<ReturnType<typeof demoStores>>;
let s: ReturnType<typeof servicesOn>;
let alex: Actor;
let ana: Actor;

function servicesOn(store: (typeof stores)['benefits']) {
  const clock = pinnedClock(NOW);
  const directory = new PeopleService({ store, directoryFor: () => new LocalDirectory(store) });
  const deps = { store, clock, newId: randomUUID, people: directory };
  return {
    assignments: new AssignmentService(deps),
    audit: new AuditService(store),
    benefits: new BenefitsService({ store, clock }),
    exports: new ExportsService({ store, clock }),
    notifications: new NotificationsService(deps),
    requests: new RequestsService(deps),
  };
}

beforeAll(async () => {
  stores = await demoStores();
  s = servicesOn(stores.benefits);
  alex = await actorIn(stores.benefits, people.alex); // Global admin
  ana = await actorIn(stores.benefits, people.ana); // employee
});
afterAll(() => stores.dispose());

const VS = 'visual-studio-enterprise';
const CHANNEL: Audience = { ...SHARED_CONVERSATION, conversationId: '19:general@thread.tacv2' };

/** A lookup of what the question named that the test can tell was (not) made. */
function lookup<T>(answer: T) {
  const calls: number[] = [];
  const fn = async () => {
    calls.push(1);
    return answer;
  };
  return { fn, made: () => calls.length > 0 };
}

const scopeOfResult = (result: ScopedResult<unknown>) => result.scope;

describe('the one rule (services/policy/visibility.ts)', () => {
  test.each([
    [
      'an admin in a personal chat',
      'alex',
      PERSONAL_CHAT,
      ['organisation', 'organisation', 'organisation'],
    ],
    [
      'an admin in a shared chat',
      'alex',
      CHANNEL,
      ['personalChatOnly', 'organisation', 'personalChatOnly'],
    ],
    ['an employee in a personal chat', 'ana', PERSONAL_CHAT, ['own', 'own', 'organisation']],
    [
      'an employee in a shared chat',
      'ana',
      CHANNEL,
      ['personalChatOnly', 'personalChatOnly', 'personalChatOnly'],
    ],
  ] as const)(
    'when %s asks, then holders, counts and personal answers are scoped so',
    (_, who, audience, expected) => {
      const sight = sightOf(who === 'alex' ? alex : ana, audience);
      expect([
        scopeOf(sight, 'people'),
        scopeOf(sight, 'counts'),
        scopeOf(sight, 'personal'),
      ]).toEqual(expected);
    },
  );
});

describe('who holds a benefit (whoHas, the holders page)', () => {
  test('when an admin asks in a personal chat, then the holders of what was named are shown', async () => {
    const named = lookup([VS]);
    const result = await s.assignments.holdersIn(alex, PERSONAL_CHAT, named.fn);
    expect(result.scope).toBe('organisation');
    if (result.scope !== 'organisation') return;
    expect(result.value?.map((page) => page.benefit.id)).toEqual([VS]);
    expect(named.made()).toBe(true);
  });

  test('when an admin asks about a benefit nobody is called, then there is nothing to show and the caller says so', async () => {
    expect(await s.assignments.holdersIn(alex, PERSONAL_CHAT, async () => null)).toEqual({
      scope: 'organisation',
      value: null,
    });
  });

  test('when an admin asks in a shared chat, then it is kept for a personal chat and nothing is looked up', async () => {
    const named = lookup([VS]);
    expect(await s.assignments.holdersIn(alex, CHANNEL, named.fn)).toEqual({
      scope: 'personalChatOnly',
    });
    expect(named.made()).toBe(false);
  });

  test('when an employee asks in a personal chat, then they have their own benefits instead', async () => {
    const named = lookup([VS]);
    const result = await s.assignments.holdersIn(ana, PERSONAL_CHAT, named.fn);
    expect(result).toMatchObject({ scope: 'own', reason: 'employeeSeesOwn' });
    if (result.scope === 'own') expect(result.mine.displayName).toBe('Ana Bowman');
    expect(named.made()).toBe(false);
  });

  test('when an employee asks in a shared chat, then it is kept for a personal chat', async () => {
    expect(scopeOfResult(await s.assignments.holdersIn(ana, CHANNEL, async () => [VS]))).toBe(
      'personalChatOnly',
    );
  });
});

describe('what one person holds (doesHave)', () => {
  test('when an admin asks about Ana in a personal chat, then her holdings are shown with an Assign button', async () => {
    const result = await s.benefits.holdings(alex, PERSONAL_CHAT, async () => ({
      userId: people.ana.userId,
    }));
    expect(result).toMatchObject({
      scope: 'organisation',
      value: { person: { displayName: 'Ana Bowman' }, canAssign: true },
    });
  });

  test('when anyone asks in a shared chat, then it is kept for a personal chat and nobody is looked up', async () => {
    for (const who of [alex, ana]) {
      const named = lookup({ userId: people.ana.userId });
      expect(await s.benefits.holdings(who, CHANNEL, named.fn)).toEqual({
        scope: 'personalChatOnly',
      });
      expect(named.made()).toBe(false);
    }
  });

  test('when an employee asks about someone else, or someone not found, then they have their own', async () => {
    for (const asked of [{ userId: people.alex.userId }, { unknownPerson: true } as const]) {
      expect(await s.benefits.holdings(ana, PERSONAL_CHAT, async () => asked)).toMatchObject({
        scope: 'own',
        reason: 'employeeSeesOwn',
      });
    }
  });

  test('when an employee asks about themselves, then their holdings are shown without an Assign button', async () => {
    expect(
      await s.benefits.holdings(ana, PERSONAL_CHAT, async () => ({ userId: people.ana.userId })),
    ).toMatchObject({ scope: 'organisation', value: { canAssign: false } });
  });

  test('when an admin asks about someone not found, then there is nothing to show and the caller says so', async () => {
    expect(
      await s.benefits.holdings(alex, PERSONAL_CHAT, async () => ({ unknownPerson: true })),
    ).toEqual({ scope: 'organisation', value: null });
  });
});

describe('answers for a personal chat only (people who left, failed notifications, audit log, export, my requests)', () => {
  const answers = {
    peopleWhoLeft: (a: Actor, audience: Audience) =>
      s.assignments.seatsOfPeopleWhoLeftIn(a, audience),
    failedNotifications: (a: Actor, audience: Audience) => s.notifications.failedIn(a, audience),
    auditLog: (a: Actor, audience: Audience) => s.audit.recentIn(a, audience, 15),
    exportAssignments: (a: Actor, audience: Audience) => s.exports.assignmentsIn(a, audience),
    myRequests: (a: Actor, audience: Audience) => s.requests.myRequestsIn(a, audience),
  };

  test.each(Object.keys(answers) as (keyof typeof answers)[])(
    'when %s is asked in a shared chat, by an admin or an employee, then it is kept for a personal chat',
    async (name) => {
      for (const who of [alex, ana])
        expect(await answers[name](who, CHANNEL)).toEqual({ scope: 'personalChatOnly' });
    },
  );

  test.each(Object.keys(answers) as (keyof typeof answers)[])(
    'when the Global admin asks for %s in a personal chat, then it is answered',
    async (name) => {
      expect(scopeOfResult(await answers[name](alex, PERSONAL_CHAT))).toBe('organisation');
    },
  );

  test.each(['peopleWhoLeft', 'failedNotifications', 'auditLog', 'exportAssignments'] as const)(
    'when an employee asks for %s in a personal chat, then the role it needs is still refused',
    async (name) => {
      const refused =
        name === 'failedNotifications' ? 'ROLE.ADMIN_REQUIRED' : 'ROLE.GLOBAL_ADMIN_REQUIRED';
      await expectCode(answers[name](ana, PERSONAL_CHAT), refused);
    },
  );

  test('when an employee asks for their requests in a personal chat, then they are answered', async () => {
    expect(scopeOfResult(await answers.myRequests(ana, PERSONAL_CHAT))).toBe('organisation');
  });
});
