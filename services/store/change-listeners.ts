import type { TenantId } from '../model';

/** Who asked to hear of an organisation's stored changes (BenefitStore.onChange), for either store. */
export class ChangeListeners {
  private readonly listeners = new Set<(tenantId: TenantId) => void>();

  add(listener: (tenantId: TenantId) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener that `tenantId` changed; a listener's trouble is its own: the change is stored. */
  changed(tenantId: TenantId): void {
    for (const listener of this.listeners) {
      try {
        listener(tenantId);
      } catch {
        // The change is stored whatever a listener does with the news.
      }
    }
  }
}
