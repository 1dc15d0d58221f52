// Runs Argo CD health scripts in the language Argo CD runs them in: gopher-lua implements Lua 5.1, so the
// scripts run in Debian's lua5.1 (a JavaScript Lua VM is 5.3 or 5.4: another language). Argo CD calls a
// script as a function body with the object as the global `obj`; one process runs every case of a script.
import { execFile, spawnSync } from 'node:child_process';

export interface HealthResult {
  status: string;
  message: string;
  /** Set when the script raised an error, or returned no table. */
  error?: string;
}

let found: string | null | undefined;

/** The Lua 5.1 interpreter: GITOPS_LUA, else `lua5.1` on PATH; undefined when there is none. */
export function findLua(): string | undefined {
  if (found !== undefined) return found ?? undefined;
  for (const candidate of [process.env.GITOPS_LUA, 'lua5.1'].filter((c): c is string => !!c)) {
    // `lua -v` prints its version on stderr.
    const run = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (run.error || run.status !== 0) continue;
    if (/Lua 5\.1/.test(`${run.stdout}${run.stderr}`) || candidate === process.env.GITOPS_LUA)
      return (found = candidate);
  }
  found = null;
  return undefined;
}

/** A JSON value as a Lua table constructor. */
export function luaValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return luaString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(luaValue).join(', ')}}`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `[${luaString(k)}] = ${luaValue(x)}`)
    .join(', ')}}`;
}

/** A Lua string literal: decimal escapes for everything outside printable ASCII (Lua 5.1 has no \u). */
function luaString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte >= 0x20 && byte < 0x7f && c !== '"' && c !== '\\' ? c : `\\${byte}`;
  }
  return `${out}"`;
}

const SEPARATOR = '\u001e';

/** Runs `script` once per object; results in order. Rejects only when the interpreter cannot run at all. */
export function runHealthScript(lua: string, script: string, objects: readonly unknown[]): Promise<HealthResult[]> {
  // Each case in its own function and pcall: a runtime error in one case is that case's result.
  const program = [
    `local function check(obj)\n${script.replace(/^#!.*\n/, '')}\nend`,
    'local function report(obj)',
    '  _G.obj = obj',
    '  local ok, hs = pcall(check, obj)',
    `  if not ok then io.write("error", "${SEPARATOR}", tostring(hs), "${SEPARATOR}\\n") return end`,
    `  if type(hs) ~= "table" then io.write("error", "${SEPARATOR}", "the script returned no health table", "${SEPARATOR}\\n") return end`,
    `  io.write(tostring(hs.status), "${SEPARATOR}", tostring(hs.message or ""), "${SEPARATOR}\\n")`,
    'end',
    ...objects.map((o) => `report(${luaValue(o)})`),
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(lua, ['-'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      // A syntax error stops the whole chunk: every case gets it.
      if (err && !stdout) {
        const message = (stderr || err.message).trim().split('\n')[0] ?? 'lua failed';
        if (/ENOENT/.test(err.message)) return reject(err);
        return resolve(objects.map(() => ({ status: 'error', message: '', error: message })));
      }
      const parts = stdout.split(`${SEPARATOR}\n`).filter((p) => p.length > 0);
      resolve(
        objects.map((_, i) => {
          const [status = '', message = ''] = (parts[i] ?? `error${SEPARATOR}no result`).split(SEPARATOR);
          return status === 'error' ? { status, message: '', error: message } : { status, message };
        }),
      );
    });
    child.stdin?.end(program);
  });
}
