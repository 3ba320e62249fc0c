import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import { BenefitError } from '../../errors';
import type { OrganisationData, TenantId, UserId } from '../../model';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../notifications/model';
import type { BenefitStore } from '../../ports';
import { ChangeListeners } from '../change-listeners';
import { runOnDraft } from '../draft';
import { organisationDataSchema } from '../schema';
import { inTransaction, reasonOf, rollback, storeFailed, withClient } from './connection';
import { isNewer, loadSnapshot, type Snapshot } from './load';
import { insertOrganisation, InvalidDraft, planWrite, type WritePlan } from './write';

/**
 * The BenefitStore on PostgreSQL: reads from this instance's copy of each organisation while the
 * database's version says it is current (see pg-store.ts for the round trips), units of work under
 * the organisation's row lock, the outbox's due query, and listeners of this instance's changes.
 */
export class PgBenefitStore implements BenefitStore {
  /** The last snapshot this instance saw of each organisation; reused while organisations.version says it is current. */
  private readonly cache = new Map<TenantId, Snapshot>();
  private readonly loading = new Map<TenantId, Promise<Snapshot | undefined>>();
  /** Per organisation, the end of this instance's queue of units of work. */
  private readonly queues = new Map<TenantId, Promise<void>>();
  /** Inside readView: the organisations this reader has found current once already. */
  private readonly views = new AsyncLocalStorage<Set<TenantId>>();
  private readonly listeners = new ChangeListeners();

  constructor(
    private readonly pool: Pool,
    private readonly track: <T>(work: Promise<T>) => Promise<T>,
  ) {}

  async tenantIds(): Promise<TenantId[]> {
    const { rows } = await this.track(
      this.pool.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM organisations ORDER BY tenant_id',
      ),
    );
    return rows.map((r) => r.tenant_id);
  }

  /** One query on the outbox's (status, next_attempt_at) index, however many organisations there are. */
  async tenantsWithNotificationsDue(now: Date): Promise<TenantId[]> {
    const { rows } = await this.track(
      this.pool.query<{ tenant_id: string }>({
        name: 'pg-outbox-due',
        text: "SELECT DISTINCT tenant_id FROM outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1) ORDER BY tenant_id",
        values: [now],
      }),
    );
    return rows.map((r) => r.tenant_id);
  }

  async organisation(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.organisation;
  }

  async users(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.users ?? [];
  }

  async user(tenantId: TenantId, userId: UserId) {
    return (await this.current(tenantId))?.data.users.find((u) => u.id === userId);
  }

  async benefits(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.benefits ?? [];
  }

  async assignments(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.assignments ?? [];
  }

  async auditEntries(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.audit ?? [];
  }

  async asks(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.asks ?? [];
  }

  async notificationSettings(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.notifications ?? DEFAULT_NOTIFICATION_SETTINGS;
  }

  async pendingNotifications(tenantId: TenantId) {
    return ((await this.current(tenantId))?.data.outbox ?? []).filter(
      (item) => item.status === 'pending',
    );
  }

  async failedNotifications(tenantId: TenantId) {
    return ((await this.current(tenantId))?.data.outbox ?? []).filter(
      (item) => item.status === 'failed' || item.status === 'undeliverable',
    );
  }

  async requests(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.requests ?? [];
  }

  /** Validates like the embedded store (a ZodError for bad data) and refuses an existing tenant with PgStoreError. */
  async createOrganisation(data: OrganisationData): Promise<void> {
    const valid = organisationDataSchema.parse(structuredClone(data));
    this.remember(
      await this.track(
        withClient(this.pool, (client) =>
          inTransaction(client, () => insertOrganisation(client, valid)),
        ),
      ),
    );
    this.listeners.changed(valid.organisation.tenantId);
  }

  /** Calls `listener` after each change this instance stored (other instances' changes are not heard of). */
  onChange(listener: (tenantId: TenantId) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * One READ COMMITTED transaction holding the organisation's row lock (SELECT … FOR UPDATE):
   * every instance's units of work on one organisation run one after the other, so checks such as
   * "a free seat is left" hold when the change is stored. Only what differs is written, in one
   * statement; the version is bumped so every instance's cache notices.
   */
  async unitOfWork<T>(
    tenantId: TenantId,
    work: (draft: OrganisationData) => T | Promise<T>,
  ): Promise<T> {
    // This instance's own units of work on one organisation queue here rather than at the row lock:
    // each then starts from the snapshot the one before it stored, not a reload of the organisation
    // (which it would need if it took the lock between the other's COMMIT and its cache update).
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    const run = previous.then(() => this.runUnitOfWork(tenantId, work));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(tenantId, settled);
    void settled.then(() => {
      if (this.queues.get(tenantId) === settled) this.queues.delete(tenantId);
    });
    return this.track(run);
  }

  private async runUnitOfWork<T>(
    tenantId: TenantId,
    work: (draft: OrganisationData) => T | Promise<T>,
  ): Promise<T> {
    let connected = false;
    try {
      return await withClient(this.pool, (client) => {
        connected = true;
        return this.inLockedTransaction(client, tenantId, work);
      });
    } catch (err) {
      throw connected ? err : storeFailed(err);
    }
  }

  private async inLockedTransaction<T>(
    client: PoolClient,
    tenantId: TenantId,
    work: (draft: OrganisationData) => T | Promise<T>,
  ): Promise<T> {
    let committed = false;
    try {
      let before: Snapshot | undefined;
      try {
        // A holder that hangs makes the others fail in time rather than queue for ever.
        await client.query("BEGIN; SET LOCAL lock_timeout = '10s'");
        const { rows } = await client.query<{ version: string }>({
          name: 'pg-store-lock',
          text: 'SELECT version::text AS version FROM organisations WHERE tenant_id = $1 FOR UPDATE',
          values: [tenantId],
        });
        const locked = rows[0]?.version;
        if (locked !== undefined) {
          before = this.cache.get(tenantId);
          // Under the lock nobody else can change it, so a load now is the state this change starts from.
          if (!before || before.version !== locked)
            before = this.remember(await loadSnapshot(client, tenantId, before));
        }
      } catch (err) {
        throw storeFailed(err);
      }
      if (!before) throw new BenefitError('ORG.UNKNOWN_TENANT');
      const { result, next } = await runOnDraft(before.data, work);
      let plan: WritePlan | undefined;
      try {
        plan = next && planWrite(before, next);
      } catch (err) {
        throw new BenefitError(
          'STORE.WRITE_FAILED',
          { reason: err instanceof InvalidDraft ? `invalid: ${err.message}` : reasonOf(err) },
          { cause: err },
        );
      }
      try {
        let after: Snapshot | undefined;
        if (plan) {
          const { rows } = await client.query<{ version: string; seqs: string[] }>(
            plan.sql,
            plan.values,
          );
          const written = rows[0];
          if (!written?.version)
            throw new Error(`organisation ${tenantId} vanished during the change`);
          after = plan.after(written.version, written.seqs);
        }
        await client.query('COMMIT');
        committed = true;
        if (after) {
          this.remember(after);
          this.listeners.changed(tenantId);
        }
      } catch (err) {
        // A failed COMMIT may still have committed: forget the cached copy so the next read asks.
        this.cache.delete(tenantId);
        throw storeFailed(err);
      }
      return result;
    } finally {
      if (!committed) await rollback(client);
    }
  }

  /** A turn asks about each organisation's version once; later reads in it take this instance's copy (as new or newer). */
  readView<T>(work: () => Promise<T>): Promise<T> {
    return this.views.run(new Set(), work);
  }

  /** The current snapshot of an organisation: the cached one if organisations.version still matches (or this reader's view has checked it). */
  private async current(tenantId: TenantId): Promise<Snapshot | undefined> {
    const view = this.views.getStore();
    const seen = view?.has(tenantId) ? this.cache.get(tenantId) : undefined;
    if (seen) return seen;
    const snapshot = await this.currentFromDatabase(tenantId);
    if (snapshot) view?.add(tenantId);
    return snapshot;
  }

  private async currentFromDatabase(tenantId: TenantId): Promise<Snapshot | undefined> {
    const { rows } = await this.track(
      this.pool.query<{ version: string }>({
        name: 'pg-store-version',
        text: 'SELECT version::text AS version FROM organisations WHERE tenant_id = $1',
        values: [tenantId],
      }),
    );
    const version = rows[0]?.version;
    if (version === undefined) {
      this.cache.delete(tenantId);
      return undefined;
    }
    const cached = this.cache.get(tenantId);
    if (cached && !isNewer(version, cached.version)) return cached;
    // Concurrent reads of a changed organisation share one load.
    const pending = this.loading.get(tenantId);
    if (pending) {
      const loaded = await pending;
      if (loaded && !isNewer(version, loaded.version)) return loaded;
    }
    const load = this.track(loadSnapshot(this.pool, tenantId, cached)).then((snapshot) =>
      this.remember(snapshot),
    );
    this.loading.set(tenantId, load);
    try {
      return await load;
    } finally {
      if (this.loading.get(tenantId) === load) this.loading.delete(tenantId);
    }
  }

  /** Keeps the newest snapshot of each organisation (a slower load never replaces a newer write). */
  private remember(snapshot: Snapshot | undefined): Snapshot | undefined {
    if (!snapshot) return undefined;
    const cached = this.cache.get(snapshot.tenantId);
    if (!cached || !isNewer(cached.version, snapshot.version))
      this.cache.set(snapshot.tenantId, snapshot);
    return snapshot;
  }
}
