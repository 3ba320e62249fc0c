import type { Actor } from './access.service';
import type { Clock } from './clock';
import { assignmentsCsv } from './import/export';
import type { BenefitStore } from './ports';
import { scopedAnswer, type Audience, type ScopedResult } from './policy/visibility';
import { requireRole } from './rules';
import { snapshot } from './org-index';

export interface ExportFile {
  name: string;
  content: Buffer;
  rows: number;
  /** When the file was made (the bot's clock). */
  asOf: string;
}

/** Files an admin takes away from chat: the assignments as CSV (Global admin only). */
export class ExportsService {
  constructor(private readonly deps: { store: BenefitStore; clock: Clock }) {}

  /** Checks the role before a file is offered, and again when it is made. */
  async checkCanExport(actor: Actor): Promise<void> {
    requireRole(actor, await snapshot(this.deps.store, actor), ['globalAdmin']);
  }

  /** The assignments file to offer: a file is sent in a personal chat only; for Global admins. */
  async assignmentsIn(actor: Actor, audience: Audience): Promise<ScopedResult<ExportFile>> {
    return scopedAnswer(this.deps.store, actor, audience, 'personal', () =>
      this.assignments(actor),
    );
  }

  async assignments(actor: Actor): Promise<ExportFile> {
    await this.checkCanExport(actor);
    const { csv, rows } = await assignmentsCsv(this.deps.store, actor.tenantId);
    const organisation = await this.deps.store.organisation(actor.tenantId);
    const slug = (organisation?.name ?? 'organisation')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    // A byte-order mark so that Excel opens names such as 田中 太郎 as UTF-8.
    const asOf = this.deps.clock.now().toISOString();
    return {
      name: `${slug}-assignments-${asOf.slice(0, 10)}.csv`,
      content: Buffer.from(`\uFEFF${csv}`, 'utf8'),
      rows,
      asOf,
    };
  }
}
