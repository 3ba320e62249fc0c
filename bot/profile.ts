import type { TurnContext, UserState } from 'botbuilder';
import { translator, type Translator } from '../cards/i18n/translator';
import type { LanguageCode } from '../services/model';
import { chooseLanguage } from './locale';

/** What the bot remembers of a person across conversations: the language they chose. */
export interface Profile {
  language?: LanguageCode;
}

export const PROFILE_PROPERTY = 'profile';

/**
 * The person's language for a sentence outside the normal turn (an apology, a refusal): the one
 * they chose, else their client's. A profile that cannot be read falls back to the client's.
 */
export async function translatorOf(
  context: TurnContext,
  userState: UserState | undefined,
): Promise<Translator> {
  let preference: LanguageCode | undefined;
  if (userState) {
    try {
      preference = (await userState.createProperty<Profile>(PROFILE_PROPERTY).get(context, {}))
        .language;
    } catch {
      preference = undefined;
    }
  }
  return translator(chooseLanguage(preference, context.activity.locale));
}
