// The README's agent set-up: every snippet is valid JSON rendered from the dialect table, so it names only events the agent sends.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme, renderSnippets } from '../scripts/agent-snippets-render.js';
import { DIALECT_INFO, DIALECT_NAMES } from '../src/adapters/table.js';
import { CLAUDE_EVENTS } from '../src/schemas/hook-types.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The json block after `<!-- agent-snippet: NAME -->`, parsed. */
function snippet(name: string): { hooks: Record<string, unknown[]>; version?: number } {
  const m = new RegExp(`<!-- agent-snippet: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) throw new Error(`no snippet ${name} in README.md`);
  return JSON.parse(m[1]) as { hooks: Record<string, unknown[]> };
}

describe('README agent set-up', () => {
  it('is what the dialect table renders (run `npm run snippets` when this fails)', () => {
    expect(renderReadme(readme)).toBe(readme);
    expect(Object.keys(renderSnippets())).toHaveLength(DIALECT_NAMES.length);
  });

  it("Claude Code's HTTP snippet covers every event but SessionStart and Setup, each posting to /hooks/claude", () => {
    const { hooks } = snippet('claude-http');
    expect(Object.keys(hooks).sort()).toEqual(CLAUDE_EVENTS.filter((e) => e !== 'SessionStart' && e !== 'Setup').sort());
    for (const groups of Object.values(hooks)) expect(JSON.stringify(groups)).toContain('"url":"http://127.0.0.1:8000/hooks/claude"');
    const command = snippet('claude-command').hooks;
    expect(Object.keys(command)).toEqual(expect.arrayContaining(['SessionStart', 'Setup']));
  });

  it.each(DIALECT_NAMES.filter((n) => n !== 'claude'))('%s: every event the agent sends, each through forward --dialect', (name) => {
    const info = DIALECT_INFO[name];
    const { hooks } = snippet(name);
    expect(Object.keys(hooks)).toEqual([...(info.setupEvents ?? info.events)]);
    // The decision events of the format the snippet is written in are all there (Copilot's PascalCase names belong to another).
    const listed = info.decisionEvents.filter((d) => (info.setupEvents ?? info.events).includes(d));
    expect(listed.length).toBeGreaterThan(0);
    for (const d of listed) expect(hooks, d).toHaveProperty(d);
    for (const [event, groups] of Object.entries(hooks)) {
      const text = JSON.stringify(groups);
      expect(text).toContain(`hookhive forward --dialect ${name}`);
      if (!info.eventField) expect(text, 'an agent that sends no event name is told it').toContain(`--event ${event}`);
    }
  });
});
