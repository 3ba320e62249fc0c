import { createHash } from 'node:crypto';
import type { Actor } from '../access.service';
import type { Organisation, OrganisationData, TenantId } from '../model';
import { openRefundWindow } from '../keys.service';
import type { ChangeDeps } from '../rules';
import type { NotificationEvent } from './model';
import { remind } from './outbox';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days before a Go-To-Market offer expires that the organisation is reminded. */
export const OFFER_EXPIRY_THRESHOLDS = [30, 7, 1] as const;
export const MEMBERSHIP_EXPIRY_THRESHOLDS = [30] as const;
/** R8: days before the refund window closes, while it is still open. */
export const REFUND_WINDOW_THRESHOLDS = [5] as const;
/** R6.3, R7.3: an activation still pending after this many days is worth a nudge. */
export const ACTIVATION_PENDING_DAYS = 5;
/** How often an Entra organisation's seat holders are checked for people who left. */
export const LEAVERS_CHECKED_EVERY_MS = DAY_MS;

/** What the reminders look at. */
export type ReminderData = Pick<
  OrganisationData,
  'organisation' | 'benefits' | 'assignments' | 'audit' | 'notifications'
>;

/** One reminder to send now, and every key it settles (the thresholds it stands for). */
export interface DueReminder {
  keys: string[];
  event: Extract<NotificationEvent, { type: 'reminder' }>;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * A countdown to `endsAt` with several thresholds: only the nearest threshold reached fires, and it
 * settles the farther ones too, so a reminder missed while the bot was down is sent once, not once
 * per threshold passed. Nothing once `endsAt` has passed.
 */
function countdown(
  keyPrefix: string,
  endsAt: string,
  thresholds: readonly number[],
  now: Date,
  sent: ReadonlySet<string>,
  event: (daysLeft: number) => DueReminder['event'],
): DueReminder | null {
  const remaining = Date.parse(endsAt) - now.getTime();
  if (!(remaining > 0)) return null;
  const reached = thresholds.filter((days) => remaining <= days * DAY_MS);
  if (reached.length === 0) return null;
  const nearest = Math.min(...reached);
  if (sent.has(`${keyPrefix}:${nearest}`)) return null;
  return {
    keys: reached.map((days) => `${keyPrefix}:${days}`),
    event: event(Math.ceil(remaining / DAY_MS)),
  };
}

/** The reminders due for one organisation at `now` that have not been sent. */
export function dueReminders(data: ReminderData, now: Date): DueReminder[] {
  const sent = new Set(data.notifications.remindersSent);
  const due: (DueReminder | null)[] = [];
  const pendingSince = now.getTime() - ACTIVATION_PENDING_DAYS * DAY_MS;

  for (const offer of data.benefits) {
    if (offer.kind !== 'offer') continue;
    if (offer.status === 'active' && offer.expiresAt) {
      // The expiry date is part of the key, so a renewed offer is reminded again.
      const expiresAt = offer.expiresAt;
      due.push(
        countdown(
          `offerExpiring:${offer.id}:${day(expiresAt)}`,
          expiresAt,
          OFFER_EXPIRY_THRESHOLDS,
          now,
          sent,
          (daysLeft) => ({
            type: 'reminder',
            reminder: 'offerExpiring',
            benefit: offer.name,
            date: expiresAt,
            daysLeft,
          }),
        ),
      );
    }
    if (offer.status === 'pending') {
      // requestActivation records no date on the offer itself; the audit log has it.
      const requestedAt =
        offer.activatedAt ??
        data.audit
          .filter((e) => e.action === 'offer.activationRequested' && e.benefitId === offer.id)
          .at(-1)?.at;
      const key = `activationPending:${offer.id}:${requestedAt}`;
      if (requestedAt && Date.parse(requestedAt) < pendingSince && !sent.has(key)) {
        due.push({
          keys: [key],
          event: {
            type: 'reminder',
            reminder: 'activationPending',
            benefit: offer.name,
            date: requestedAt,
            daysLeft: 0,
          },
        });
      }
    }
  }

  for (const assignment of data.assignments) {
    if (
      assignment.state !== 'pendingActivation' ||
      !(Date.parse(assignment.assignedAt) < pendingSince)
    )
      continue;
    const key = `activationPending:${assignment.id}`;
    if (sent.has(key)) continue;
    const benefit = data.benefits.find((b) => b.id === assignment.benefitId);
    // daysLeft is not a countdown here: the card says since when it has been pending.
    due.push({
      keys: [key],
      event: {
        type: 'reminder',
        reminder: 'activationPending',
        benefit: benefit?.name ?? null,
        date: assignment.assignedAt,
        daysLeft: 0,
      },
    });
  }

  const membershipEnds = data.organisation.package.expiresAt;
  due.push(
    countdown(
      `membershipExpiring:${day(membershipEnds)}`,
      membershipEnds,
      MEMBERSHIP_EXPIRY_THRESHOLDS,
      now,
      sent,
      (daysLeft) => ({
        type: 'reminder',
        reminder: 'membershipExpiring',
        benefit: null,
        date: membershipEnds,
        daysLeft,
      }),
    ),
  );

  const refund = openRefundWindow(data, now);
  if (refund) {
    due.push(
      countdown(
        `refundWindowClosing:${day(refund.purchasedAt)}`,
        refund.refundEndsAt,
        REFUND_WINDOW_THRESHOLDS,
        now,
        sent,
        (daysLeft) => ({
          type: 'reminder',
          reminder: 'refundWindowClosing',
          benefit: null,
          date: refund.refundEndsAt,
          daysLeft,
        }),
      ),
    );
  }

  return due.filter((d): d is DueReminder => d !== null);
}

/**
 * Reminders before things expire or while they wait too long, to the notification channel and the
 * Global admins, each once: its key is recorded in the same unit of work that enqueues it. No timer
 * of its own; the caller runs `run` on an interval, and a pass after downtime sends what was missed
 * once.
 */
export class ReminderScheduler {
  /** When each Entra organisation's seat holders were last checked in the directory, by this instance. */
  private readonly leaversChecked = new Map<TenantId, number>();

  constructor(private readonly deps: ChangeDeps) {}

  /** One pass over every organisation; the number of reminders enqueued. */
  async run(): Promise<number> {
    let enqueued = 0;
    const errors: unknown[] = [];
    for (const tenantId of await this.deps.store.tenantIds()) {
      // One organisation whose data cannot be written must not hold up the others' reminders.
      // One reader's view per organisation: a shared store is asked for its version once.
      const { store } = this.deps;
      const check = () => this.runFor(tenantId);
      await store.readView(check).then(
        (count) => (enqueued += count),
        (err: unknown) => errors.push(err),
      );
    }
    if (errors.length > 0) throw errors[0];
    return enqueued;
  }

  private async runFor(tenantId: TenantId): Promise<number> {
    const { store, clock } = this.deps;
    const organisation = await store.organisation(tenantId);
    if (!organisation || organisation.managedIn === 'pmc') return 0; // R9: such organisations do not use the bot
    const now = clock.now();
    const leavers =
      organisation.directory === 'entra' ? await this.reportLeavers(organisation, now) : 0;
    return leavers + (await this.remindFor(organisation, now));
  }

  /**
   * Once a day (and at start), an Entra organisation's seat holders are checked in the directory;
   * seats held by people who left are reported to the channel and the Global admins, once for each
   * new set of such seats. A directory that cannot be read is tried again on the next pass.
   */
  private async reportLeavers(organisation: Readonly<Organisation>, now: Date): Promise<number> {
    const { store, people } = this.deps;
    const tenantId = organisation.tenantId;
    const last = this.leaversChecked.get(tenantId);
    if (!people || (last !== undefined && now.getTime() - last < LEAVERS_CHECKED_EVERY_MS))
      return 0;
    const system: Actor = {
      tenantId,
      organisationName: organisation.name,
      userId: null,
      displayName: '',
      roles: [],
    };
    const left = await people.whoLeft(
      system,
      (await store.assignments(tenantId)).map((a) => a.userId),
    );
    this.leaversChecked.set(tenantId, now.getTime());
    if (left.size === 0) return 0;
    return store.unitOfWork(tenantId, (data) => {
      const seats = data.assignments
        .filter((a) => left.has(a.userId))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      if (seats.length === 0) return 0;
      const key = `peopleLeft:${createHash('sha256')
        .update(seats.map((a) => `${a.benefitId}/${a.userId}`).join(','))
        .digest('hex')
        .slice(0, 32)}`;
      if (data.notifications.remindersSent.includes(key)) return 0;
      const perBenefit = data.benefits.flatMap((b) => {
        const n = seats.filter((a) => a.benefitId === b.id).length;
        return n > 0 ? [{ benefit: b.name, n }] : [];
      });
      remind(this.deps, data, { type: 'peopleLeft', seats: perBenefit, total: seats.length });
      data.notifications.remindersSent.push(key);
      return 1;
    });
  }

  private async remindFor(organisation: Readonly<Organisation>, now: Date): Promise<number> {
    const { store } = this.deps;
    const { tenantId } = organisation;
    const [benefits, assignments, audit, notifications] = await Promise.all([
      store.benefits(tenantId),
      store.assignments(tenantId),
      store.auditEntries(tenantId),
      store.notificationSettings(tenantId),
    ]);
    // Most passes find nothing: only then is the organisation's data written.
    if (
      dueReminders(
        {
          organisation,
          benefits: [...benefits],
          assignments: [...assignments],
          audit: [...audit],
          notifications,
        },
        now,
      ).length === 0
    )
      return 0;
    return store.unitOfWork(tenantId, (data) => {
      const due = dueReminders(data, now);
      for (const reminder of due) {
        remind(this.deps, data, reminder.event);
        data.notifications.remindersSent.push(
          ...reminder.keys.filter((key) => !data.notifications.remindersSent.includes(key)),
        );
      }
      return due.length;
    });
  }
}
