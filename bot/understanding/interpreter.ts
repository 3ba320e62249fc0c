import { isChangeIntent, recognize, type Intent, type MentionedPerson } from '../recognizer';
import { readByEntities, type Sender } from './by-entities';
import { spot, type Gazetteer } from './entities';

/** A message to read, with what the reader may know around it. */
export interface Message {
  text: string;
  /** Teams @mentions in it. */
  mentions?: readonly MentionedPerson[];
  /** The sender's organisation: its benefits and people (never another's). */
  organisation: Gazetteer;
  sender: Sender;
}

/**
 * One reading of a message: what is wanted and its slots (the intent), and how sure the reader is —
 * 1 for a sentence it knows, less for a reading from the entities and the words around them, 0 when
 * it did not understand. A reading below 1 never makes a change without the person's Confirm.
 */
export interface Reading {
  intent: Intent;
  confidence: number;
}

/**
 * Reads messages. The deterministic reader below is the product's; another (for example a language
 * model an organisation already pays for) can stand behind the same port and be judged by the same
 * corpus (test/nlu/, npm run nlu:report).
 */
export interface Interpreter {
  read(message: Message): Reading;
}

const SELF = /^(?:me|myself|i|私|わたし|自分|僕|ぼく|俺)$/i;

/**
 * A change the sender asks for themselves that they may not make is a request for it (R1: only a
 * Global admin assigns): an employee's "assign me VS Pro" asks for VS Pro.
 */
function asSender(intent: Intent, sender: Sender): Intent {
  if (
    intent.name === 'assign' &&
    !sender.mayAssign &&
    intent.person &&
    (SELF.test(intent.person.text.trim()) || intent.person.text === sender.displayName)
  )
    return { name: 'askBenefit', ...(intent.benefit ? { benefit: intent.benefit } : {}) };
  return intent;
}

/** Sentence patterns first (recognizer.ts); what they leave unread, from its entities (by-entities.ts). */
export const deterministicInterpreter: Interpreter = {
  read({ text, mentions = [], organisation, sender }: Message): Reading {
    const recognized = recognize(text, mentions);
    if (recognized.name !== 'none' && recognized.name !== 'unsure')
      return { intent: asSender(recognized, sender), confidence: 1 };
    const byEntities = readByEntities(spot(text, organisation), sender);
    if (byEntities)
      return {
        intent: asSender(byEntities, sender),
        confidence: isChangeIntent(byEntities) ? 0.7 : 0.8,
      };
    return { intent: recognized, confidence: recognized.name === 'unsure' ? 0.3 : 0 };
  },
};
