import { randomUUID } from 'node:crypto';
import { PrivateConversationState, UserState, type BotState } from 'botbuilder';
import { AssignmentService } from '../services/assignment.service';
import { AsksService } from '../services/asks.service';
import { AuditService } from '../services/audit.service';
import { BenefitsService } from '../services/benefits.service';
import type { Clock } from '../services/clock';
import { ExportsService } from '../services/exports.service';
import {
  DirectoryUnavailableError,
  LocalDirectory,
  type Directory,
} from '../services/directory/directory';
import { FinderService } from '../services/finder.service';
import { isEntra, PeopleService } from '../services/people.service';
import { ConversationsService } from '../services/notifications/conversations.service';
import { NotificationsService } from '../services/notifications/notifications.service';
import { GoToMarketService } from '../services/go-to-market.service';
import { CancellationService } from '../services/cancellation.service';
import { KeysService } from '../services/keys.service';
import { RequestsService } from '../services/requests.service';
import { UsersService } from '../services/users.service';
import type { Stores } from '../services/ports';
import type { KeyCipher } from '../services/secrets/key-cipher';
import { BenefitsBot } from './benefits-bot';
import type { ChangeServices } from '../services/changes/registry';
import { NotesService } from '../services/changes/note';
import { ChangeFlow } from './flows/change-flow';
import { ChangeOutcomes } from './flows/outcomes';
import { RequestsFlow } from './flows/requests-flow';
import { Replies } from './replies';
import { StoreBackedStorage } from './state-storage';
import type { Logger } from './logger';

/**
 * The directory of organisations that use Microsoft Entra ID (a GraphDirectory), if the bot has
 * an app to sign in with; without one, those organisations are told the directory can't be reached.
 */
export interface ComposeOptions {
  entraDirectory?: Directory;
  logger?: Logger;
  /** Without a Microsoft app id: the Bot Framework Emulator's chats, which name no conversation type, count as personal. */
  localMode?: boolean;
}

/** The bot and its services over one set of stores: the same wiring for the server and for tests. */
export function composeBot(
  stores: Stores,
  clock: Clock,
  cipher: KeyCipher,
  options: ComposeOptions = {},
): { bot: BenefitsBot; conversationState: BotState; userState: UserState; people: PeopleService } {
  const storage = new StoreBackedStorage(stores.state);
  // Each person's open question is their own, also in a channel or group chat where several people talk to the bot.
  const conversationState = new PrivateConversationState(storage);
  const userState = new UserState(storage);
  const local = new LocalDirectory(stores.benefits);
  const entra = options.entraDirectory ?? notConfiguredDirectory;
  const people = new PeopleService({
    store: stores.benefits,
    directoryFor: (organisation) => (isEntra(organisation) ? entra : local),
  });
  const changeDeps = { store: stores.benefits, clock, newId: randomUUID, people };
  const finder = new FinderService(stores.benefits, people);
  const assignments = new AssignmentService(changeDeps);
  const requests = new RequestsFlow({
    requests: new RequestsService(changeDeps),
    cancellation: new CancellationService(changeDeps),
    finder,
  });
  const exports = new ExportsService({ store: stores.benefits, clock });
  const asks = new AsksService({ ...changeDeps, assignments });
  const goToMarket = new GoToMarketService(changeDeps);
  const users = new UsersService(changeDeps);
  const changeServices: ChangeServices = {
    ...changeDeps,
    assignments,
    users,
    goToMarket,
    notes: new NotesService(changeDeps),
  };
  const conversations = new ConversationsService({ store: stores.benefits, clock });
  const keys = new KeysService({ ...changeDeps, cipher });
  const bot = new BenefitsBot({
    asks,
    conversations,
    exports,
    requests,
    replies: new Replies({
      notifications: new NotificationsService(changeDeps),
      asks,
      requests,
      exports,
      benefits: new BenefitsService({ store: stores.benefits, clock }),
      finder,
      assignments,
      audit: new AuditService(stores.benefits),
    }),
    changes: new ChangeFlow({
      finder,
      assignments,
      goToMarket,
      users,
      keys,
      store: stores.benefits,
      clock,
      changeServices,
    }),
    outcomes: new ChangeOutcomes({ keys, conversations, changeServices }),
    store: stores.benefits,
    people,
    markers: stores.state,
    userState,
    conversationState,
    ...(options.logger ? { logger: options.logger } : {}),
    localMode: options.localMode === true,
  });
  return { bot, conversationState, userState, people };
}

/** No Graph app is configured: an Entra organisation's directory cannot be signed in to. */
const notConfiguredDirectory: Directory = {
  findPeople: () =>
    Promise.reject(
      new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', { reason: 'graph_not_configured' }),
    ),
  person: () =>
    Promise.reject(
      new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', { reason: 'graph_not_configured' }),
    ),
};
