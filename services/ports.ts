import type { NotificationSettings, OutboxItem } from './notifications/model';
import type {
  Assignment,
  AuditEntry,
  BenefitAsk,
  Benefit,
  Organisation,
  OrganisationData,
  ServiceRequest,
  TenantId,
  User,
  UserId,
} from './model';

/**
 * What the domain reads of one organisation. Implementations return consistent snapshots;
 * callers treat every value as read-only.
 */
export interface OrganisationReader {
  organisation(tenantId: TenantId): Promise<Readonly<Organisation> | undefined>;
  users(tenantId: TenantId): Promise<readonly User[]>;
  user(tenantId: TenantId, userId: UserId): Promise<Readonly<User> | undefined>;
  benefits(tenantId: TenantId): Promise<readonly Benefit[]>;
  assignments(tenantId: TenantId): Promise<readonly Assignment[]>;
  /** The audit log, oldest first. */
  auditEntries(tenantId: TenantId): Promise<readonly AuditEntry[]>;
  /** Where notifications go, what the bot can reach, what was reminded (defaults for an unknown tenant). */
  notificationSettings(tenantId: TenantId): Promise<Readonly<NotificationSettings>>;
  /** Employees' requests for benefits. */
  asks(tenantId: TenantId): Promise<readonly BenefitAsk[]>;
  /** Notifications not yet delivered or given up on, oldest first. */
  pendingNotifications(tenantId: TenantId): Promise<readonly OutboxItem[]>;
  /** Notifications given up on (failed after their tries, or undeliverable: nobody to give them to), oldest first. */
  failedNotifications(tenantId: TenantId): Promise<readonly OutboxItem[]>;
  /** R6.4, R8: service requests, oldest first. */
  requests(tenantId: TenantId): Promise<readonly ServiceRequest[]>;
  /**
   * Runs `work` (one turn) as one reader: its reads may reuse what its first read of an
   * organisation found current instead of asking a shared database again, so a turn sees each
   * organisation as of that first read, plus the changes it makes itself. Units of work are not
   * affected: they always start from the organisation as stored. A store whose reads are all in
   * one process's memory just runs `work`.
   */
  readView<T>(work: () => Promise<T>): Promise<T>;
}

/** The system of record for benefits. One organisation's change never rewrites another's. */
export interface BenefitStore extends OrganisationReader {
  tenantIds(): Promise<TenantId[]>;
  /** Adds an organisation with everything it holds, in one write. Refuses a tenant that exists. */
  createOrganisation(data: OrganisationData): Promise<void>;
  /**
   * One unit of work on one organisation: `work` reads and changes a private draft, and the
   * change is stored whole or not at all. Units of work on one organisation never overlap.
   * Throws BenefitError STORE.WRITE_FAILED when the change cannot be stored (nothing changed).
   * `work` changes nothing but its draft: a store may run it again on a fresh draft (when it
   * changes a stored element in place instead of replacing it), and only the last run counts. What it stored is frozen there: keep no reference to the draft to change later.
   */
  unitOfWork<T>(tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T>;
  /**
   * Calls `listener` with the tenant after each change of an organisation stored through this store
   * (a unit of work's or a new organisation), for as long as the returned function is not called.
   * A store shared by several processes hears only its own process's changes: to find work that
   * another left, ask (tenantsWithNotificationsDue, or read again).
   */
  onChange(listener: (tenantId: TenantId) => void): () => void;
  /**
   * The organisations with a pending notification whose next attempt is at or before `now`
   * (possibly a few more, never fewer), sorted, so that the outbox sender does not walk every
   * organisation on every wake to find its work.
   */
  tenantsWithNotificationsDue(now: Date): Promise<TenantId[]>;
}

/** A stored document with its version tag, for optimistic concurrency. */
export interface VersionedDocument {
  doc: Record<string, unknown>;
  eTag: string;
}

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`The stored item "${key}" changed since it was read.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Small keyed documents: conversation and user state, one-time markers.
 * Writes honour eTags: '*' or none overwrites; any other value must match the stored one.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<Map<string, VersionedDocument>>;
  write(changes: Map<string, { doc: Record<string, unknown>; eTag?: string }>): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Records `key` if it was never recorded; true only for the first caller, across processes sharing the store. */
  claimOnce(key: string): Promise<boolean>;
}

export interface Stores {
  benefits: BenefitStore;
  state: KeyValueStore;
  /**
   * Resolves once every change either store has accepted so far is stored. A store that writes in
   * the background waits for its queues; one that stores each change before it resolves has none.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}
