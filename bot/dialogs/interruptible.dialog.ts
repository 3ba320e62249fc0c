import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { recognize } from '../recognizer';
import { turnTranslator } from '../turn';
import { parseCardAction } from '../verbs';

/**
 * A dialog that "cancel" / "キャンセル" (or its Cancel button) leaves with nothing changed, and in
 * which "help" explains the current step and keeps waiting.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  /** One sentence on what the dialog is waiting for now. */
  protected abstract helpText(dc: DialogContext): string;

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = innerDc.context;
    const t = turnTranslator(innerDc.context);
    const action =
      activity.value !== undefined && !activity.text ? parseCardAction(activity.value) : undefined;
    const intent = activity.text ? recognize(activity.text).name : undefined;
    if (action?.kind === 'flowCancel' || intent === 'cancel') {
      await innerDc.context.sendActivity(t.t('flow.cancelled'));
      return innerDc.cancelAllDialogs();
    }
    if (intent === 'help') {
      await innerDc.context.sendActivity(this.helpText(innerDc));
      return Dialog.EndOfTurn;
    }
    return super.onContinueDialog(innerDc);
  }
}
