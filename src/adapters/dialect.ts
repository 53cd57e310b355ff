// What an agent dialect is: a pure mapping from the agent's body to the one internal event, and from a decision to its answer.
import type { TSchema } from '@sinclair/typebox';
import type { Decision, RiskLevel } from '../security/types.js';
import type { NormalizedEvent } from '../pipeline/normalize.js';

/** The decision an agent is answered with (from the stored event, or a fail-closed one). */
export interface AgentDecision {
  hook_type: string;
  decision: Decision;
  risk: RiskLevel;
  reason: string | null;
}

export interface DialectContext {
  /** `X-Agent-Id`, when the body names no agent. */
  agentHeader?: string;
  now: number;
}

export interface Dialect {
  /** The dialect's name: its route is `/hooks/<name>`, `metadata.agent` says it. */
  readonly name: string;
  /** For the route and the OpenAPI document: the agent's body, its answer, and a line about the agent. */
  readonly bodySchema: TSchema;
  readonly answerSchema: TSchema;
  readonly summary: string;
  /** The agent's event name in a body (parsed), or undefined when it has none that can be read. */
  eventName(body: unknown): string | undefined;
  /** Whether the agent waits for a decision on this event (an unreadable name counts as one: CONTRACT §3a). */
  isDecisionEvent(name: string | undefined): boolean;
  toEvent(body: Record<string, unknown>, ctx: DialectContext): NormalizedEvent;
  /** The agent's own answer for a decision on an event of this name. */
  answer(decision: AgentDecision): Record<string, unknown>;
}

/** Reads `"<field>": "<name>"` from the start of a body that could not be parsed (too large, malformed). */
export function sniffEventName(head: string | undefined, field: string): string | undefined {
  if (!head) return undefined;
  const m = new RegExp(`"${field}"\\s*:\\s*"([A-Za-z0-9_.:-]{1,100})"`).exec(head);
  return m?.[1];
}
