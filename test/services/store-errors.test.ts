import { DataFileLockedError } from '../../services/store/data-file-lock';
import { StoreError } from '../../services/store/errors';
import { DataFileError } from '../../services/store/lowdb-store';
import { PgStoreError } from '../../services/store/pg/pg-store';

describe('store errors', () => {
  it.each([
    ['a data file that cannot be used', new DataFileError('damaged')],
    ['a data file another process holds', new DataFileLockedError('/tmp/data.json', 42)],
    ['a database that cannot be used', new PgStoreError('newer schema')],
  ])('when %s, then the entry points catch it as one StoreError with its own name', (_, err) => {
    expect(err).toBeInstanceOf(StoreError);
    expect(err.name).not.toBe('StoreError');
    expect(err.message).toBeTruthy();
  });
});
