// Judges the paths that interpreters' library deletes (shutil.rmtree, fs.rmSync, FileUtils.rm_rf, ...) are given.
import type { RiskLevel } from './types.js';
import { classifyPath, isCriticalSystemFile, normPath } from './paths.js';
import type { PathClass } from './paths.js';

export interface DeleteVerdict {
  risk: RiskLevel;
  path: string;
  what: string;
}

// Calls that remove one file: on a directory they fail, so only files that matter on their own count.
const FILE_CALL = /^(unlink|unlinkSync|os\.remove|os\.unlink|File\.delete|File\.unlink|FileUtils\.rm|FileUtils\.rm_f|truncate|Path\(.*\)\.unlink)$/s;
// What comes after the call's name: its first argument when that is a string literal or a spelling of home.
const LITERAL_ARG = /^\s*\(?\s*(?:os\.path\.expanduser\(\s*|Path\(\s*|File\.expand_path\(\s*)?(['"])([^'"\n]{0,4096})\1/;
const HOME_ARG = /^\s*\(?\s*(Path\.home\(\)|(?:os\.|require\(\s*['"]os['"]\s*\)\.)homedir\(\)|Dir\.home|process\.env\.HOME|os\.environ\[\s*['"]HOME['"]\s*\]|os\.getenv\(\s*['"]HOME['"]\s*\)|ENV\[\s*['"]HOME['"]\s*\]|\$ENV\{\s*['"]?HOME['"]?\s*\}|Deno\.env\.get\(\s*['"]HOME['"]\s*\))/;
const IMPORT_LIST = /\b(?:import|qw\s*\(|use\s+[\w:]+)[^;\n()]*$|\bimport\s*\{[^}]*$/;
const PATH_CALL = /^Path\(\s*(['"])([^'"\n]{0,4096})\1\s*\)/;

const RECURSIVE: Partial<Record<PathClass, [RiskLevel, string]>> = {
  root: ['CRITICAL', 'the whole file system'],
  home: ['CRITICAL', 'the home directory'],
  system: ['CRITICAL', 'a system directory'],
  'system-deep': ['HIGH', 'files under a system directory'],
  'home-secret': ['HIGH', 'keys or credentials in the home directory'],
  'home-top': ['MEDIUM', 'a whole directory of the home directory'],
  outside: ['MEDIUM', 'files outside the project and the temporary directories'],
  parent: ['MEDIUM', 'directories above the project'],
  cwd: ['MEDIUM', 'everything in the current directory'],
};

const RANK: Record<RiskLevel, number> = { SAFE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/**
 * The worst of the deletes `calls` finds in `code`, judged by the path each is given: null when every one deletes
 * project or scratch files, undefined when some argument is not a literal path (the caller then judges by pattern).
 */
export function judgeDeletes(code: string, calls: RegExp): DeleteVerdict | null | undefined {
  let worst: DeleteVerdict | null = null;
  for (const m of code.matchAll(new RegExp(calls.source, 'g'))) {
    const name = m[0];
    // A name in an import list (`from shutil import rmtree`, `qw(rmtree)`) is not a call; any other bare use is.
    if (IMPORT_LIST.test(code.slice(Math.max(0, (m.index ?? 0) - 200), m.index))) continue;
    const rest = code.slice((m.index ?? 0) + name.length, (m.index ?? 0) + name.length + 4200);
    const lit = PATH_CALL.exec(name) ?? LITERAL_ARG.exec(rest);
    const path = lit !== null ? lit[2] : HOME_ARG.test(rest) ? '~' : undefined;
    if (path === undefined) return undefined;
    const norm = normPath(path);
    if (norm === null) return undefined;
    const v = judge(norm, path, FILE_CALL.test(name));
    if (v !== null && (worst === null || RANK[v.risk] > RANK[worst.risk])) worst = v;
  }
  return worst;
}

function judge(norm: string, path: string, fileOnly: boolean): DeleteVerdict | null {
  const cls = classifyPath(norm);
  if (isCriticalSystemFile(norm)) return { risk: 'CRITICAL', path, what: 'a file the system cannot log in or boot without' };
  const r = RECURSIVE[cls];
  if (r === undefined) return null;
  // Removing one file from a system directory is serious; it cannot remove the directory itself.
  if (fileOnly && r[0] === 'CRITICAL') return { risk: 'HIGH', path, what: 'a system or home file' };
  return { risk: r[0], path, what: r[1] };
}
