// @ts-check
// The header's service figures from GET /health/hooks (open, no token): health, p95 processing time, the store and its Redis/spool state.
import { byId } from './dom.js';
import { getJson } from './api.js';

const POLL_MS = 5000;

/** @param {Record<string, any>} store */
function describeStore(store) {
  if (!store || typeof store !== 'object') return '–';
  if (store.kind === 'memory') return 'memory (not durable)';
  const parts = ['redis ' + (store.redis === 'up' ? 'up' : 'DOWN')];
  const spool = store.spool;
  if (spool && typeof spool.depth === 'number' && (spool.depth > 0 || store.redis !== 'up')) {
    parts.push('spool ' + spool.depth + '/' + spool.capacity + (spool.full ? ' FULL' : ''));
  }
  return parts.join(' · ');
}

export function startHealth() {
  const health = byId('c-health'), p95 = byId('c-p95'), store = byId('c-store');
  async function poll() {
    try {
      const h = await getJson('health/hooks', 'Health');
      // Words, not only colour: the status is the text itself.
      health.textContent = String(h.status);
      health.dataset.status = String(h.status);
      p95.textContent = Number(h.p95_processing_time_ms).toFixed(1) + ' ms';
      store.textContent = describeStore(h.store);
      store.dataset.status = String(h.store?.status || '');
    } catch {
      health.textContent = 'unreachable';
      health.dataset.status = 'unhealthy';
    }
  }
  void poll();
  setInterval(() => void poll(), POLL_MS);
}
