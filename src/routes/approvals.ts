// GET /hooks/approvals (the pending queue) and POST /hooks/approvals/:approval_id (a person's Approve or Deny): CONTRACT §11.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../schemas/common.js';
import { ApprovalAnswerSchema, ApprovalListSchema, ApprovalParamsSchema, ApprovalRecordSchema } from '../schemas/approval.js';

export default async function approvalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { approvals, config } = app;

  app.get(
    '/hooks/approvals',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['approvals'],
        summary: 'The approvals waiting for an answer, oldest first',
        description:
          'With HOOK_APPROVAL_MODE=dashboard, a decision event judged ask (and every Claude Code or Codex PermissionRequest ' +
          'not denied) is held up to HOOK_APPROVAL_TIMEOUT_MS for an answer. This lists the pending ones across every ' +
          'instance sharing the store; `approvals` frames on /hooks/stream say when one opens or closes.',
        response: { 200: ApprovalListSchema, ...errorResponses(401, 403, 421, 429, 503) },
      },
    },
    async () => ({ mode: config.HOOK_APPROVAL_MODE, timeout_ms: config.HOOK_APPROVAL_TIMEOUT_MS, approvals: await approvals.list() }),
  );

  app.post(
    '/hooks/approvals/:approval_id',
    {
      // Approving lets a command run: a full-access token, never a read or ingest one.
      config: { scope: 'admin' },
      schema: {
        tags: ['approvals'],
        summary: 'Approve or deny a held request',
        description:
          "The first answer wins and becomes the agent's answer (allow or deny, with who and why in the reason); it is " +
          'stored and streamed as an ApprovalResolved event. 409 HOOKS_ERR_APPROVAL_CLOSED when it was answered, expired or ' +
          'cancelled already; 404 for an unknown id, or when approvals are off.',
        params: ApprovalParamsSchema,
        body: ApprovalAnswerSchema,
        response: { 200: ApprovalRecordSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 421, 429, 503) },
      },
    },
    async (request) => approvals.answer(request.params.approval_id, request.body),
  );
}
