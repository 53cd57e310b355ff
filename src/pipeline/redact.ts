// Redact: replace well-known secrets in every string of a hook body with [REDACTED:<kind>], copy-on-write.

export interface RedactResult {
  value: unknown;
  count: number;
  kinds: string[];
}

export interface Redactor {
  redact(value: unknown): RedactResult;
  /**
   * False when `json` (JSON.stringify of a value) certainly holds nothing to redact: the cheap pre-checks run once
   * over the whole text instead of string by string. True means: walk the value.
   */
  mayContain(json: string): boolean;
}

/** Strings shorter than this hold no secret worth the scan (and no literal is shorter). */
const MIN_LENGTH = 8;

/** How a secret is written in place of itself. */
export const redactionMarker = (kind: string) => `[REDACTED:${kind}]`;

type Check = (inner: string, bare: boolean, s: string, offset: number) => boolean;

interface Rule {
  kind: string | ((pre: string) => string);
  /** A cheap test the string must pass for the rule to run at all. */
  hint: RegExp;
  /** Either no group (the match is the secret) or, with `prefixed`, two: text kept before the secret, then the secret. */
  re: RegExp;
  prefixed?: true;
  check?: Check;
}

// Every pattern starts at a literal (or at a boundary the lookbehind pins down) and is followed only by
// character classes that its successor cannot match, or by a bounded run: no start can backtrack
// further than its own token, so a 10 MB string costs one linear pass per rule.
const KEYWORD_HINT = /pass|secret|token|api.?key/i;
const KEYWORD = String.raw`(?:passw(?:or)?d|passphrase|secret(?:[_-]?key)?|token|api[_-]?key)`;
const QUOTED = String.raw`"(?:[^"\\\n]|\\.){1,256}"|'[^'\n]{1,256}'`;
const VALUE = String.raw`(${QUOTED}|[^\s'"\x60&\\]+)`;
const OPTION_VALUE = String.raw`(${QUOTED}|[^\s'"\x60&\\-][^\s'"\x60&\\]*)`; // an option's value never starts with '-'

const keywordKind = (pre: string): string => {
  const p = pre.toLowerCase();
  return p.includes('pass') ? 'password' : p.includes('token') ? 'token' : p.includes('api') ? 'api-key' : 'secret';
};

/** The shapes code gives a variable (`password=get_pw()`, `token=self.token`, `f(secret=s,`), not a secret. */
const CALL_OR_ARGUMENT = /^[A-Za-z_$][\w$.]*[([,)]/;
const MEMBER_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+[;,)]*$/;
const notCode: Check = (v, bare) => !bare || !(CALL_OR_ARGUMENT.test(v) || MEMBER_PATH.test(v));

/** After `--token` or `token:` a bare word may be prose ("--password flag"); credentials mix character classes. */
const looksLikeCredential = (v: string): boolean =>
  v.length >= 16 || /[^A-Za-z]/.test(v) || (/[A-Z]/.test(v.slice(1)) && /[a-z]/.test(v));
const bareCredential: Check = (v, bare) => !bare || (notCode(v, bare, '', 0) && looksLikeCredential(v));
const mixedClasses: Check = (v) => /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v);

/** `key: value` counts only as a YAML/header line: nothing but indentation, `- ` or a quote before the key name. */
const atLineStart: Check = (v, bare, s, offset) => {
  let i = offset - 1;
  while (i >= 0 && isNameChar(s.charCodeAt(i))) i--;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\t' || s[i] === '-')) i--;
  const c = s[i];
  return (i < 0 || c === '\n' || c === '\r' || c === '"' || c === "'") && bareCredential(v, bare, s, offset);
};
const isNameChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;

const RULES: readonly Rule[] = [
  { kind: 'anthropic-key', hint: /sk-/, re: /(?<![\w-])sk-ant-[\w-]{20,}/g },
  { kind: 'openai-key', hint: /sk-/, re: /(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[\w-]{20,}/g, check: mixedClasses },
  {
    kind: 'github-token',
    hint: /gh[pousr]_|github_pat_/,
    re: /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})/g,
  },
  { kind: 'gitlab-token', hint: /gl(?:pat|dt|rt|ptt)-/, re: /(?<![\w-])gl(?:pat|dt|rt|ptt)-[\w-]{20,}/g },
  { kind: 'npm-token', hint: /npm_/, re: /(?<!\w)npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  {
    kind: 'slack-webhook',
    hint: /hooks\.slack\.com\//, // the pre-check passes it through its scheme's "://"
    re: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)([\w/-]{16,})/g,
    prefixed: true,
  },
  // Real Slack tokens carry numeric ids; "xoxb-your-token" in docs does not.
  {
    kind: 'slack-token',
    hint: /xox[abposr]-|xapp-/,
    re: /(?<![\w-])(?:xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g,
    check: (v) => /\d/.test(v),
  },
  { kind: 'stripe-key', hint: /[sr]k_(?:live|test)_/, re: /(?<!\w)[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'google-api-key', hint: /AIza/, re: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g },
  { kind: 'aws-access-key', hint: /AKIA|ASIA/, re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: 'jwt', hint: /eyJ/, re: /(?<![\w-])eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g },
  { kind: 'bearer', hint: /authoriz/i, re: /((?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:bearer|token)\s+)([\w.~+/=-]+)/gi, prefixed: true },
  { kind: 'basic-auth', hint: /authoriz/i, re: /((?:proxy-)?authorization["']?\s*[:=]\s*["']?basic\s+)([A-Za-z0-9+/=]+)/gi, prefixed: true },
  // A header value on its own, e.g. the "Bearer …" string of a headers object.
  {
    kind: 'bearer',
    hint: /^\s*(?:bearer|token)\s/i,
    re: /^(\s*(?:bearer|token)\s+)([\w.~+/=-]{8,})/gi,
    check: looksLikeCredential,
    prefixed: true,
  },
  { kind: 'basic-auth', hint: /^\s*basic\s/i, re: /^(\s*basic\s+)([A-Za-z0-9+/=]{8,})/gi, check: looksLikeCredential, prefixed: true },
  // The password ends at the last '@' before the host (an unencoded '@' in a password is common).
  { kind: 'url-password', hint: /:\/\//, re: /(:\/\/[^\s/:@'"\x60[\]]*:)([^\s/'"\x60]+)(?=@)/g, prefixed: true },
  { kind: 'aws-secret', hint: /secret/i, re: new RegExp(String.raw`(aws_?secret_?access_?key["']?\s*[:=]\s*)${VALUE}`, 'gi'), prefixed: true },
  { kind: keywordKind, hint: KEYWORD_HINT, re: new RegExp(String.raw`(${KEYWORD}\s*=\s*)${VALUE}`, 'gi'), check: notCode, prefixed: true },
  // "password": "…" in JSON or a dict, also JSON escaped inside a string (curl -d "{\"token\":\"…\"}").
  {
    kind: keywordKind,
    hint: KEYWORD_HINT,
    re: new RegExp(String.raw`(${KEYWORD}\\?["']\s*:\s*\\?["'])([^"'\\\n]{1,256})(?=\\?["'])`, 'gi'),
    prefixed: true,
  },
  {
    kind: keywordKind,
    hint: KEYWORD_HINT,
    // Starts at the '-' itself (irregexp skips straight to it), the lookbehind then asks for a word start.
    re: new RegExp(String.raw`(-(?<=(?:^|\s)-)-?(?:[A-Za-z0-9]+-)*${KEYWORD}\s+)${OPTION_VALUE}`, 'gi'),
    check: bareCredential,
    prefixed: true,
  },
  { kind: keywordKind, hint: KEYWORD_HINT, re: new RegExp(String.raw`(${KEYWORD}:[ \t]*)${VALUE}`, 'gi'), check: atLineStart, prefixed: true },
];

// The pre-check: three scans, cheapest first, that almost every ordinary string fails. Each starts with a single
// character or a short literal, which irregexp skips to quickly; one alternation of every hint is
// several times slower per character.
const PRE_WORDS = /pass|secret|token|api.?key|authoriz|bearer|basic/i;
const PRE_PREFIXES = /[_-](?<=(?:[sr]k|gh[pousr]|_pat|gl(?:pat|dt|rt|ptt)|npm|xox[abposr]|xapp)[_-])/;
const PRE_MARKS = /A(?:Iza|KIA|SIA)|eyJ|:\/\/|-----BEGIN/;

const PLACEHOLDERS = new Set(
  ('password passwd pass secret token changeme change_me placeholder redacted hidden masked none null nil undefined ' +
    'true false yes no string str number int bool boolean any required optional empty example test dummy foo bar n/a').split(' '),
);
const MASK = /^[*xX•.#_-]+$/;

/** Empty, `$VAR`/`${VAR}`/`%VAR%`, `<token>`, `{{ … }}`, `***`, `xxx`, an earlier [REDACTED:…] or a stock word. */
function isPlaceholder(v: string): boolean {
  if (v.length < 3 || '$%<{[\x60'.includes(v[0]) || MASK.test(v)) return true;
  const w = v.replace(/[,;)]+$/, '').toLowerCase();
  return PLACEHOLDERS.has(w) || w.startsWith('your');
}

/** Base64, whitespace, `\` (of an escaped newline) and the `Proc-Type:`-style headers of a key body. */
function isKeyBodyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || ' \t\r\n+/=\\:,-'.includes(String.fromCharCode(c));
}

/** `literals`: exact strings always redacted (e.g. the service's own bearer tokens), kind 'hookhive-token'. */
export interface RedactorOptions {
  /** Exact strings always redacted (the service's own tokens), kind 'hookhive-token'. */
  literals?: readonly string[];
  /** The well-known secret patterns (HOOK_REDACT_SECRETS); false leaves only the literals. Default true. */
  patterns?: boolean;
}

export function createRedactor(opts: RedactorOptions = {}): Redactor {
  const usePatterns = opts.patterns ?? true;
  // Longest first, so a literal that contains another is replaced whole. Short ones would shred ordinary text.
  const literals = [...new Set(opts.literals ?? [])].filter((l) => l.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  let count = 0;
  let kinds = new Set<string>();

  const note = (kind: string, n = 1) => {
    count += n;
    kinds.add(kind);
  };

  /** PEM blocks by indexOf: a lazy regex would rescan to the end of the string for every unmatched BEGIN. */
  function redactPem(s: string): string {
    let out = '';
    let last = 0;
    let from = 0;
    const missing = new Set<string>();
    for (;;) {
      const begin = s.indexOf('-----BEGIN', from);
      if (begin < 0) break;
      const close = s.indexOf('-----', begin + 10);
      if (close < 0) break;
      const label = s.slice(begin + 10, close);
      from = begin + 10;
      if (close - begin > 80 || !label.includes('PRIVATE KEY')) continue;
      const endLine = `-----END${label}-----`;
      const end = missing.has(label) ? -1 : s.indexOf(endLine, close + 5);
      let stop = end + endLine.length;
      if (end < 0) {
        // No END (the text was cut short): the key is the base64 that follows the header.
        missing.add(label);
        stop = close + 5;
        while (stop < s.length && isKeyBodyChar(s.charCodeAt(stop)) && !s.startsWith('-----', stop)) stop++;
      }
      out += s.slice(last, begin) + redactionMarker('private-key');
      note('private-key');
      last = from = stop;
    }
    return last === 0 ? s : out + s.slice(last);
  }

  function replacement(rule: Rule, match: string, pre: string, secret: string, offset: number, whole: string): string {
    const q = secret[0];
    const quoted = secret.length >= 2 && (q === '"' || q === "'") && secret[secret.length - 1] === q;
    const inner = quoted ? secret.slice(1, -1) : secret;
    if (isPlaceholder(inner) || (rule.check && !rule.check(inner, !quoted, whole, offset))) return match;
    const kind = typeof rule.kind === 'string' ? rule.kind : rule.kind(pre);
    note(kind);
    return quoted ? `${pre}${q}${redactionMarker(kind)}${q}` : pre + redactionMarker(kind);
  }

  function applyRule(s: string, rule: Rule): string {
    // V8 calls a replacer without capture groups on a cheaper path (about 3x less per match, measured).
    if (!rule.prefixed) {
      return s.replace(rule.re, (match: string, offset: number, whole: string) => replacement(rule, match, '', match, offset, whole));
    }
    return s.replace(rule.re, (match: string, pre: string, secret: string, offset: number, whole: string) =>
      replacement(rule, match, pre, secret, offset, whole),
    );
  }

  function redactString(input: string): string {
    let s = input;
    for (const literal of literals) {
      if (!s.includes(literal)) continue;
      const parts = s.split(literal);
      note('hookhive-token', parts.length - 1);
      s = parts.join(redactionMarker('hookhive-token'));
    }
    if (!usePatterns) return s;
    if (!PRE_MARKS.test(s) && !PRE_PREFIXES.test(s) && !PRE_WORDS.test(s)) return s;
    if (s.includes('-----BEGIN')) s = redactPem(s);
    for (const rule of RULES) if (rule.hint.test(s)) s = applyRule(s, rule);
    return s;
  }

  function redact(value: unknown): RedactResult {
    count = 0;
    kinds = new Set();
    let result = value;
    if (typeof value === 'string') {
      if (value.length >= MIN_LENGTH) result = redactString(value);
    } else if (typeof value === 'object' && value !== null) {
      result = walk(value as Container, redactString);
    }
    return { value: count > 0 ? result : value, count, kinds: [...kinds].sort() };
  }

  // A literal as it appears inside JSON text (a quote or backslash in a token is escaped there).
  const literalsInJson = literals.map((l) => JSON.stringify(l).slice(1, -1));
  function mayContain(json: string): boolean {
    for (const l of literalsInJson) if (json.includes(l)) return true;
    return usePatterns && (PRE_MARKS.test(json) || PRE_PREFIXES.test(json) || PRE_WORDS.test(json));
  }

  return { redact, mayContain };
}

type Container = Record<string, unknown> | unknown[];

/**
 * Writes into a clone made by spread/slice. Spread copies an own `__proto__` key as data, so the
 * clone already owns every key written here and plain assignment never reaches the __proto__ setter.
 */
const setOwn = (clone: Container, key: string | number, v: unknown) => {
  (clone as Record<string | number, unknown>)[key] = v;
};

/** Maps every string through `fix` with an explicit stack, copying only the containers on a changed path. */
function walk(root: Container, fix: (s: string) => string): Container {
  const nodes: Container[] = [root];
  const parent: number[] = [-1];
  const slot: (string | number)[] = [''];
  const clones: Container[] = [];
  const cloneOf = (idx: number): Container => {
    const chain: number[] = [];
    for (let i = idx; i >= 0 && clones[i] === undefined; i = parent[i]) chain.push(i);
    for (let j = chain.length - 1; j >= 0; j--) {
      const i = chain[j];
      const n = nodes[i];
      clones[i] = Array.isArray(n) ? n.slice() : { ...n };
      if (parent[i] >= 0) setOwn(clones[parent[i]], slot[i], clones[i]);
    }
    return clones[idx];
  };
  const stack: number[] = [0];
  const visit = (idx: number, key: string | number, v: unknown) => {
    if (typeof v === 'string') {
      if (v.length < MIN_LENGTH) return;
      const fixed = fix(v);
      if (fixed !== v) setOwn(cloneOf(idx), key, fixed);
    } else if (typeof v === 'object' && v !== null) {
      stack.push(nodes.length);
      nodes.push(v as Container);
      parent.push(idx);
      slot.push(key);
    }
  };
  while (stack.length > 0) {
    const idx = stack.pop() as number;
    const node = nodes[idx];
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(idx, i, node[i]);
    else for (const key of Object.keys(node)) visit(idx, key, node[key]);
  }
  return clones[0] ?? root;
}
