// Remote-approval test helpers: start a held request, wait for its approval to be listed, answer it.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { sleep } from '../helpers/ws.js';

export interface Listed {
  approval_id: string;
  event_id: string;
  hook_type: string;
  dialect: string;
  summary: string;
  status: string;
  created_at: string;
}

/** A HIGH-risk command the validator answers with ask. */
export const ASK_COMMAND = 'sudo systemctl restart nginx';

/** Waits until `GET /hooks/approvals` lists `n` approvals (bounded), and returns them. */
export async function pendingApprovals(app: FastifyInstance, n = 1, headers: Record<string, string> = {}): Promise<Listed[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await app.inject({ url: '/hooks/approvals', headers });
    expect(res.statusCode).toBe(200);
    const list = res.json().approvals as Listed[];
    if (list.length >= n) return list;
    if (Date.now() > deadline) throw new Error(`expected ${n} pending approval(s), saw ${list.length}`);
    await sleep(20);
  }
}

/** Posts an agent body without waiting for its (held) answer. */
export function postHeld(app: FastifyInstance, url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: body, headers });
}

export function answer(app: FastifyInstance, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/hooks/approvals/${id}`, payload: body, headers });
}
