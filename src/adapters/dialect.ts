// What an agent dialect is: a pure mapping from the agent's body to the one internal event, and from a decision to its answer.
import { hash } from 'node:crypto';
import type { TSchema } from '@sinclair/typebox';
import type { Decision, RiskLevel } from '../security/types.js';
import type { NormalizedEvent } from '../pipeline/normalize.js';
import type { DialectInfo } from './table.js';

/** The decision an agent is answered with (from the stored event, or a fail-closed one). */
export interface AgentDecision {
  /** The agent's own event name (or the internal one when the agent's cannot be read). */
  hook_type: string;
  decision: Decision;
  risk: RiskLevel;
  reason: string | null;
  /**
   * An allow a person gave (remote approvals): the agent gets its explicit allow, with the reason. Without it an
   * allow is the silence of a safe command, and the agent's own permission rules still apply.
   */
  explicit?: boolean;
}

export interface DialectContext {
  /** `X-Agent-Id`, when the body names no agent. */
  agentHeader?: string;
  /** The route's `?event=`: the event name for agents whose body carries none (what `forward --event` sends). */
  eventHint?: string;
  now: number;
}

/** A body mapped: the event to store, and what the validator reads. */
export interface DialectEvent {
  /**
   * `payload` is the agent's body as sent; `metadata` carries `agent` (DialectInfo.agent) and `agent_event` (the
   * agent's own event name); `hook_type` is the internal name (Claude Code's, CONTRACT §2) when the agent's event
   * has one, else the agent's own name.
   */
  event: NormalizedEvent;
  /**
   * The payload as the validator reads it, in Claude Code's shape (`tool_name` with Claude's tool names: `Bash`,
   * `Write`, `Edit`, `Read`, ...; `tool_input` with `command` / `file_path`; `cwd`), so every command and file-path
   * rule applies to every agent. Absent: the validator reads `event.payload` itself.
   */
  view?: Record<string, unknown>;
}

export interface Dialect extends DialectInfo {
  /** For the route and the OpenAPI document: the agent's body, its answer, and a line about the agent. */
  readonly bodySchema: TSchema;
  readonly answerSchema: TSchema;
  readonly summary: string;
  /** The agent's event name in a body (parsed), or undefined when none can be read. */
  eventName(body: unknown, ctx: Pick<DialectContext, 'eventHint'>): string | undefined;
  /** Throws nothing for any object the body schema accepts. */
  toEvent(body: Record<string, unknown>, ctx: DialectContext): DialectEvent;
  /** The agent's own answer for a decision on an event of this (agent's own) name. */
  answer(decision: AgentDecision): Record<string, unknown>;
}

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;

/**
 * The event name at `field` of a parsed body, when it is a plain name (what the body schema accepts); anything
 * else is unreadable, and an unreadable name is treated as a decision event.
 */
export function readEventName(body: unknown, field: string): string | undefined {
  const name = typeof body === 'object' && body !== null && Object.hasOwn(body, field) ? (body as Record<string, unknown>)[field] : undefined;
  return typeof name === 'string' && PLAIN_NAME.test(name) ? name : undefined;
}

/** Reads `"<field>": "<name>"` from the start of a body that could not be parsed (too large, malformed). */
export function sniffEventName(head: string | undefined, field: string | undefined): string | undefined {
  if (!head || !field) return undefined;
  const m = new RegExp(`"${field}"\\s*:\\s*"([A-Za-z0-9_.:-]{1,100})"`).exec(head);
  return m?.[1];
}

/**
 * A tool call's id for agents that send none (Gemini CLI, Copilot CLI): the same tool with the same input in the
 * same session, before and after it ran, so the aggregator can pair the two and time the call. Two identical calls
 * running at once are paired first in, first out.
 */
export function sameCallKey(session: unknown, tool: unknown, input: unknown): string | null {
  if (typeof tool !== 'string' || tool === '') return null;
  return `call-${hash('sha256', JSON.stringify([session ?? null, tool, input ?? null]) ?? '', 'hex').slice(0, 24)}`;
}

/** The sentence an agent that cannot hold a question (it would run the command, or hang) gets instead of `ask`. */
export function askAsDenyReason(title: string, reason: string | null): string {
  const why = reason ?? 'The command needs a closer look.';
  return `hookhive: a person must approve this before it runs (${title} cannot ask here). ${why}`;
}
