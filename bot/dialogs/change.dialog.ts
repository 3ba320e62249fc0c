import {
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChangeFlow, type Draft } from '../flows/change-flow';
import { turnActor, turnTranslator, turnAudience } from '../turn';
import { parseCardAction } from '../verbs';
import { InterruptibleDialog } from './interruptible.dialog';

export const CHANGE_DIALOG = 'change';
const LOOP = 'change.loop';

/** Assign, remove, reassign, activate: asks for what is missing, one question a turn, then shows the confirmation card. */
export class ChangeDialog extends InterruptibleDialog {
  constructor(private readonly flow: ChangeFlow) {
    super(CHANGE_DIALOG);
    this.addDialog(
      new WaterfallDialog(LOOP, [this.askStep.bind(this), this.answerStep.bind(this)]),
    );
    this.initialDialogId = LOOP;
  }

  protected helpText(dc: DialogContext): string {
    const draft = (dc.activeDialog?.state as { values?: { draft?: Draft } } | undefined)?.values
      ?.draft;
    return this.flow.helpFor(
      draft ?? { op: 'assign', benefit: {}, person: {}, from: {} },
      turnTranslator(dc.context),
    );
  }

  // Resolves what it can; asks the next question, or ends on the confirmation card.
  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const actor = turnActor(step.context);
    if (!actor) return step.endDialog();
    const result = await this.flow.step(
      actor,
      step.options as Draft,
      turnTranslator(step.context),
      turnAudience(step.context),
    );
    if (result.kind === 'done') {
      for (const reply of result.replies) await step.context.sendActivity(reply);
      return step.endDialog();
    }
    (step.values as { draft?: Draft }).draft = result.draft;
    await step.context.sendActivity(result.reply);
    return Dialog.EndOfTurn;
  }

  // Takes the answer (a button or typed words) and asks again with it.
  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = (step.values as { draft: Draft }).draft;
    const { activity } = step.context;
    const action = activity.value !== undefined ? parseCardAction(activity.value) : undefined;
    const answer =
      action?.kind === 'flowAnswer'
        ? {
            ...(action.id ? { id: action.id } : {}),
            ...(action.text ? { text: action.text } : {}),
            ...(action.contact ? { contact: action.contact } : {}),
            ...(action.newUser ? { newUser: action.newUser } : {}),
          }
        : { text: activity.text ?? '' };
    return step.replaceDialog(LOOP, this.flow.answer(draft, answer));
  }
}
