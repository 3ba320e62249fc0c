import type { Actor } from './access.service';
import type { AuditAction, LocalizedText } from './model';
import type { BenefitStore } from './ports';
import { scopedAnswer, type Audience, type ScopedResult } from './policy/visibility';
import { requireRole } from './rules';

/** One audit entry as a person reads it: names, not ids. Keys are never in the audit log. */
export interface AuditLine {
  at: string;
  action: AuditAction;
  actorName: string;
  benefit: LocalizedText | null;
  subjectName: string | null;
}

export class AuditService {
  constructor(private readonly store: BenefitStore) {}

  /** The most recent changes (they name people): in a personal chat only; for Global admins. */
  async recentIn(actor: Actor, audience: Audience, limit = 10): Promise<ScopedResult<AuditLine[]>> {
    return scopedAnswer(this.store, actor, audience, 'personal', () => this.recent(actor, limit));
  }

  /** The most recent changes, newest first (Global admin only). */
  async recent(actor: Actor, limit = 10): Promise<AuditLine[]> {
    const [users, benefits, audit] = await Promise.all([
      this.store.users(actor.tenantId),
      this.store.benefits(actor.tenantId),
      this.store.auditEntries(actor.tenantId),
    ]);
    requireRole(actor, { users: [...users] }, ['globalAdmin']);
    const userName = (id: string | null) =>
      id ? (users.find((u) => u.id === id)?.displayName ?? id) : null;
    return audit
      .slice(-limit)
      .reverse()
      .map((entry) => ({
        at: entry.at,
        action: entry.action,
        actorName: userName(entry.actorId) ?? '',
        benefit: benefits.find((b) => b.id === entry.benefitId)?.name ?? null,
        subjectName: userName(entry.subjectUserId),
      }));
  }
}
