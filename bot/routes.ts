import type { Intent } from './recognizer';

/**
 * Every way into the bot, in one place. A typed message (or a card button standing for one) is an
 * intent; each intent has one route, and says whether it replaces a question the bot has open. Card
 * buttons that answer a question, and Universal Action verbs (Confirm, Cancel, Reveal, Approve…),
 * are routed in benefits-bot.ts by the kinds verbs.ts parses them into (see EXECUTE_ROUTES there).
 *
 * - `change`: a change of the registry (services/changes/): the change dialog asks for what is
 *   missing, one question a turn, and ends on a confirmation card; nothing changes before Confirm.
 * - `answer`: an answer or a form (replies.ts), read-only.
 * - `cancel`: closes the open question, or voids the Confirm cards still live.
 */
export type Route = 'change' | 'answer' | 'cancel';

export interface IntentRoute {
  route: Route;
  /**
   * Whether this request, typed while the bot waits for an answer, replaces the open question ("show
   * benefits" does). One that does not is given to the question as its answer: a bare "Professional"
   * answers "Enterprise or Professional?", "help" explains the question, "cancel" closes it.
   */
  replacesQuestion: boolean;
}

const change: IntentRoute = { route: 'change', replacesQuestion: true };
const answer: IntentRoute = { route: 'answer', replacesQuestion: true };
const answerOrAnswersQuestion: IntentRoute = { route: 'answer', replacesQuestion: false };

export const INTENT_ROUTES: { readonly [N in Intent['name']]: IntentRoute } = {
  // Changes (services/changes/registry.ts).
  assign: change,
  remove: change,
  reassign: change,
  confirmActive: change,
  activate: change,
  setMarketingContact: change,
  getKeys: change,
  setNote: change,
  setPartnerRole: change,
  addUser: change,
  // Answers that replace an open question.
  showBenefits: answer,
  myBenefits: answer,
  setLanguage: answer,
  whoHas: answer,
  auditLog: answer,
  requestHours: answer,
  myRequests: answer,
  cancelMembership: answer,
  exportAssignments: answer,
  askBenefit: answer,
  notifyHere: answer,
  stopNotifications: answer,
  failedNotifications: answer,
  retryNotifications: answer,
  peopleWhoLeft: answer,
  doesHave: answer,
  howMany: answer,
  showBenefit: answer,
  // Words an open question takes as its answer; with none open, answered.
  showCategory: answerOrAnswersQuestion,
  holders: answerOrAnswersQuestion,
  benefitDetails: answerOrAnswersQuestion,
  help: answerOrAnswersQuestion,
  greeting: answerOrAnswersQuestion,
  unsure: answerOrAnswersQuestion,
  none: answerOrAnswersQuestion,
  cancel: { route: 'cancel', replacesQuestion: false },
};

export const routeOf = (intent: Intent): IntentRoute => INTENT_ROUTES[intent.name];
