import type { Storage, StoreItems } from 'botbuilder';
import type { KeyValueStore } from '../services/ports';

/**
 * botbuilder's Storage over the bot's own store, so conversation and user state survive a
 * restart and live wherever the benefits do. eTags behave as in MemoryStorage.
 */
export class StoreBackedStorage implements Storage {
  constructor(private readonly store: KeyValueStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    const found = await this.store.read(keys);
    const items: StoreItems = {};
    for (const [key, item] of found) items[key] = { ...item.doc, eTag: item.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const writes = new Map<string, { doc: Record<string, unknown>; eTag?: string }>();
    for (const [key, value] of Object.entries(changes) as [string, Record<string, unknown>][]) {
      const { eTag, ...doc } = value;
      writes.set(key, { doc, ...(typeof eTag === 'string' ? { eTag } : {}) });
    }
    await this.store.write(writes);
  }

  async delete(keys: string[]): Promise<void> {
    await this.store.delete(keys);
  }
}
