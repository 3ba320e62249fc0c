import { z } from 'zod';
import { CATEGORY_ORDER } from '../services/model';
import type { Intent } from './recognizer';

/** Every verb a card can send. A card carries a verb and ids, never a record. */
export const Verbs = {
  overview: 'benefits.overview',
  category: 'benefits.category',
  mine: 'benefits.mine',
  setLanguage: 'language.set',
} as const;

const action = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(Verbs.overview) }),
  z.object({ verb: z.literal(Verbs.category), category: z.enum(CATEGORY_ORDER) }),
  z.object({ verb: z.literal(Verbs.mine) }),
  z.object({ verb: z.literal(Verbs.setLanguage), language: z.enum(['en', 'ja']) }),
]);

/** The intent a card action stands for, or undefined for an unknown verb or a payload that fails its schema. */
export function intentOfAction(value: unknown): Intent | undefined {
  const parsed = action.safeParse(value);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  switch (a.verb) {
    case Verbs.overview:
      return { name: 'showBenefits' };
    case Verbs.category:
      return { name: 'showCategory', category: a.category };
    case Verbs.mine:
      return { name: 'myBenefits' };
    case Verbs.setLanguage:
      return { name: 'setLanguage', language: a.language };
  }
}
