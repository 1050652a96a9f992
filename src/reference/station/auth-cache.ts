import type { ReferenceStation } from './station.js';

/** C11: the authorization cache. The station keeps token statuses it learned; ClearCache empties it. */
export function install(station: ReferenceStation): void {
  const cache = new Map<string, string>();
  station.handle('ClearCache', () => {
    cache.clear();
    return { status: 'Accepted' };
  });
}
