import { randomUUID } from 'node:crypto';
import { AssignmentService } from '../../services/assignment.service';
import { NotesService } from '../../services/changes/note';
import {
  CHANGE_OPS,
  CHANGES,
  runChange,
  type ChangeOp,
  type ChangePayload,
  type ChangeServices,
} from '../../services/changes/registry';
import { pinnedClock } from '../../services/clock';
import { LocalDirectory } from '../../services/directory/directory';
import { isBenefitError, type BenefitErrorCode } from '../../services/errors';
import { GoToMarketService } from '../../services/go-to-market.service';
import type { AdminRole } from '../../services/model';
import { PeopleService } from '../../services/people.service';
import { UsersService } from '../../services/users.service';
import { people, type Person } from '../support/people';
import { actorIn } from '../support/service-test';
import { demoStores, NOW } from '../support/temp-store';
import { storedDigest } from '../support/test-backend';

/**
 * The authorization matrix of every change in the registry (services/changes/registry.ts): the cells
 * come from the registry's list, so a change added there is in the matrix at once (and needs a
 * payload below to compile). What each may do is R1 restated here, not read from the registry: the
 * registry's declared roles must agree with it, and the services must enforce it on a forged Confirm.
 */
type Rule = 'globalAdmin' | 'marketing' | 'userAdmin';
const R1: Record<Rule, { allowed: readonly AdminRole[]; refusal: BenefitErrorCode }> = {
  globalAdmin: { allowed: ['globalAdmin'], refusal: 'ROLE.GLOBAL_ADMIN_REQUIRED' },
  marketing: {
    allowed: ['globalAdmin', 'mpnPartnerAdmin'],
    refusal: 'ROLE.MARKETING_ROLE_REQUIRED',
  },
  userAdmin: { allowed: ['globalAdmin', 'userAdmin'], refusal: 'ROLE.USER_ADMIN_REQUIRED' },
};

const LEE_GU = '00000000-0000-0000-0000-0000000000102';
/** R1 for each change, and a Confirm payload that would work for someone allowed. */
const CELLS: { [K in ChangeOp]: { rule: Rule; payload: Extract<ChangePayload, { op: K }> } } = {
  assign: {
    rule: 'globalAdmin',
    payload: {
      op: 'assign',
      requestId: 'r',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    },
  },
  remove: {
    rule: 'globalAdmin',
    payload: {
      op: 'remove',
      requestId: 'r',
      benefitId: 'visual-studio-enterprise',
      userId: LEE_GU,
    },
  },
  reassign: {
    rule: 'globalAdmin',
    payload: {
      op: 'reassign',
      requestId: 'r',
      benefitId: 'visual-studio-enterprise',
      fromUserId: LEE_GU,
      userId: people.ana.userId,
    },
  },
  confirmActive: {
    rule: 'globalAdmin',
    payload: {
      op: 'confirmActive',
      requestId: 'r',
      benefitId: 'product-support-incidents',
      userId: people.ana.userId,
    },
  },
  reclaim: {
    rule: 'globalAdmin',
    payload: {
      op: 'reclaim',
      requestId: 'r',
      seats: JSON.stringify([['visual-studio-enterprise', LEE_GU]]),
    },
  },
  setPartnerRole: {
    rule: 'globalAdmin',
    payload: {
      op: 'setPartnerRole',
      requestId: 'r',
      userId: people.ana.userId,
      role: 'adminAgent',
      grant: 'true',
    },
  },
  addUser: {
    rule: 'userAdmin',
    payload: {
      op: 'addUser',
      requestId: 'r',
      newUserName: 'Nina Patel',
      newUserEmail: 'nina.patel@contoso.com',
    },
  },
  setMarketingContact: {
    rule: 'marketing',
    payload: {
      op: 'setMarketingContact',
      requestId: 'r',
      userId: people.megan.userId,
      email: 'megan.marketing@contoso.com',
      phone: '+14255550100',
      language: 'en',
    },
  },
  activateOffer: {
    rule: 'marketing',
    payload: {
      op: 'activateOffer',
      requestId: 'r',
      benefitId: 'silver-core',
      userId: people.megan.userId,
      email: 'megan.marketing@contoso.com',
      phone: '+14255550100',
      language: 'en',
    },
  },
  confirmOfferActive: {
    rule: 'marketing',
    payload: { op: 'confirmOfferActive', requestId: 'r', benefitId: 'silver-core' },
  },
  setNote: {
    rule: 'globalAdmin',
    payload: {
      op: 'setNote',
      requestId: 'r',
      benefitId: 'visual-studio-enterprise',
      userId: LEE_GU,
      note: 'for the migration project',
    },
  },
};

const SUBJECTS: [string, Person][] = [
  ['Global admin', people.alex],
  ['User admin', people.adele],
  ['MPN partner admin', people.megan],
  ['Admin agent', people.isaiah],
  ['employee', people.ana],
  ['someone Contoso does not know', people.stranger],
];

test.each(CHANGE_OPS)('%s: the registry declares the roles R1 gives it', (op) => {
  expect([...CHANGES[op].roles].sort()).toEqual([...R1[CELLS[op].rule].allowed].sort());
});

const cells = CHANGE_OPS.flatMap((op) =>
  SUBJECTS.map(([label, person]) => [op, label, person] as const),
);

test.each(cells)(
  '%s by the %s: allowed or refused as R1 says; a refusal changes nothing',
  async (op, _label, person) => {
    const stores = await demoStores(NOW);
    try {
      const store = stores.benefits;
      const deps = {
        store,
        clock: pinnedClock(NOW),
        newId: randomUUID,
        people: new PeopleService({ store, directoryFor: () => new LocalDirectory(store) }),
      };
      const services: ChangeServices = {
        ...deps,
        assignments: new AssignmentService(deps),
        users: new UsersService(deps),
        goToMarket: new GoToMarketService(deps),
        notes: new NotesService(deps),
      };
      const actor = await actorIn(store, person);
      const { rule, payload } = CELLS[op];
      const allowed = actor.roles.some((role) => R1[rule].allowed.includes(role));
      const before = await storedDigest(stores.dataFile);
      const outcome = await runChange(services, actor, payload).then(
        () => null,
        (err: unknown) => (isBenefitError(err) ? err.code : String(err)),
      );
      if (allowed) {
        expect(String(outcome)).not.toMatch(/^ROLE\./);
      } else {
        expect(outcome).toBe(R1[rule].refusal);
        expect(await storedDigest(stores.dataFile)).toBe(before);
      }
    } finally {
      await stores.dispose();
    }
  },
);
