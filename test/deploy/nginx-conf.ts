// A small reader of nginx's configuration syntax (directives, blocks, quotes, comments), enough to check deploy/nginx.conf.

export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /\s+|#[^\n]*|"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|([{};])|([^\s{};"'#]+)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2]);
    else if (m[3] !== undefined) out.push(m[3]);
    else if (m[4] !== undefined) out.push(m[4]);
  }
  if (re.lastIndex < text.length) throw new Error(`nginx.conf: cannot read at offset ${re.lastIndex}`);
  return out;
}

/** Parses the whole file; unbalanced braces or a directive without `;` throw. */
export function parseNginx(text: string): Directive[] {
  const toks = tokens(text);
  let i = 0;
  const block = (nested: boolean): Directive[] => {
    const list: Directive[] = [];
    while (i < toks.length) {
      if (toks[i] === '}') {
        if (!nested) throw new Error('nginx.conf: unexpected }');
        i++;
        return list;
      }
      const words: string[] = [];
      while (i < toks.length && toks[i] !== ';' && toks[i] !== '{' && toks[i] !== '}') words.push(toks[i++]);
      if (words.length === 0 || i >= toks.length || toks[i] === '}') throw new Error(`nginx.conf: ${words.join(' ')} lacks ; or {`);
      const [name, ...args] = words;
      if (toks[i++] === '{') list.push({ name, args, block: block(true) });
      else list.push({ name, args });
    }
    if (nested) throw new Error('nginx.conf: missing }');
    return list;
  };
  return block(false);
}

/** The first directive named so, optionally with these leading arguments. */
export function child(list: Directive[] | undefined, name: string, ...args: string[]): Directive {
  const d = (list ?? []).find((x) => x.name === name && args.every((a, k) => x.args[k] === a));
  if (!d) throw new Error(`nginx.conf: no ${name} ${args.join(' ')}`);
  return d;
}

/** `proxy_set_header` values of one block, by header name (lower case). */
export function headers(list: Directive[] | undefined): Map<string, string> {
  return new Map((list ?? []).filter((d) => d.name === 'proxy_set_header').map((d) => [d.args[0].toLowerCase(), d.args[1]]));
}
