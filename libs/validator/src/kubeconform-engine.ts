// --engine kubeconform: the same schemas (exported), kubeconform's verdicts, our findings.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { stringify } from 'yaml';
import { refOf, UsageError, type Finding, type Resource } from '@inference-gitops/core';
import type { SchemaCatalog } from '@inference-gitops/schema-catalog';

export interface KubeconformResult {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped' | 'statusEmpty';
  findings: Finding[];
}

/** Parses `kubeconform -output json` into findings (rule schema, schema-missing or yaml). */
export function parseKubeconformOutput(json: string): KubeconformResult[] {
  const doc = JSON.parse(json) as { resources?: Array<Record<string, unknown>> };
  return (doc.resources ?? []).map((r) => {
    const status = String(r.status) as KubeconformResult['status'];
    const base = {
      filename: String(r.filename ?? ''),
      kind: String(r.kind ?? ''),
      name: String(r.name ?? ''),
      version: String(r.version ?? ''),
    };
    const errors = Array.isArray(r.validationErrors)
      ? (r.validationErrors as Array<{ path?: string; msg?: string }>)
      : [];
    const msg = String(r.msg ?? '');
    let findings: Finding[] = [];
    if (status === 'statusInvalid') {
      findings = errors.length
        ? errors.map((e) => fromValidationError(e.path ?? '', e.msg ?? ''))
        : [{ rule: 'schema', severity: 'error', path: '', message: msg }];
    } else if (status === 'statusError') {
      findings = [
        /could not find schema|schema .* not found/i.test(msg)
          ? {
              rule: 'schema-missing',
              severity: 'error',
              path: '',
              message: `no schema for ${base.kind} in ${base.version}`,
            }
          : /missing 'kind'/.test(msg)
            ? { rule: 'schema', severity: 'error', path: '/kind', message: 'resource has no kind' }
            : { rule: 'yaml', severity: 'error', path: '', message: msg },
      ];
    }
    const resource = { apiVersion: base.version, kind: base.kind, name: base.name };
    return { ...base, status, findings: findings.map((f) => ({ ...f, resource })) };
  });
}

function fromValidationError(path: string, msg: string): Finding {
  const additional = /^additional properties '([^']+)' not allowed$/.exec(msg);
  if (additional)
    return {
      rule: 'schema',
      severity: 'error',
      path: `${path}/${additional[1]!.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      message: `unknown field "${additional[1]}"${path ? ` in ${path}` : ''}`,
    };
  const missing = /^missing property '([^']+)'$/.exec(msg);
  if (missing)
    return {
      rule: 'schema',
      severity: 'error',
      path,
      message: `missing required field "${missing[1]}"${path ? ` in ${path}` : ''}`,
    };
  const type = /^got (\w+), want (\w+)$/.exec(msg);
  if (type) return { rule: 'schema', severity: 'error', path, message: `${path} must be ${type[2]}, not ${type[1]}` };
  return { rule: 'schema', severity: 'error', path, message: `${path} ${msg}` };
}

/**
 * Runs kubeconform on the resources with the catalogue exported to a temporary directory; findings come
 * back in the order of `resources`. Each resource goes to a file of its own: kubeconform validates files in
 * parallel, prints results in the order they finish and leaves valid resources out, so only the file name
 * says which resource a result belongs to.
 */
export async function runKubeconform(
  resources: Resource[],
  options: { catalog: SchemaCatalog; binary?: string },
): Promise<Finding[][]> {
  const binary = options.binary ?? process.env.KUBECONFORM ?? 'kubeconform';
  const work = mkdtempSync(join(tmpdir(), 'gitops-kubeconform-'));
  try {
    await options.catalog.export(join(work, 'schemas'));
    const inputs = join(work, 'inputs');
    mkdirSync(inputs);
    const files = resources.map((r, i) => {
      const file = join(inputs, `${String(i).padStart(6, '0')}.yaml`);
      writeFileSync(file, stringify(r.object));
      return file;
    });
    const location = `${join(work, 'schemas')}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`;
    const coreLocation = `${join(work, 'schemas')}/core/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        binary,
        ['-strict', '-output', 'json', '-schema-location', location, '-schema-location', coreLocation, inputs],
        { maxBuffer: 512 * 1024 * 1024 },
        (error, out, err) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT')
            reject(
              new UsageError(
                `--engine kubeconform: no kubeconform binary found (${binary}); install it or set KUBECONFORM`,
              ),
            );
          else if (error && !out) reject(new Error(`kubeconform failed: ${err || error.message}`));
          else resolve(out);
        },
      );
    });
    const byFile = new Map<string, Finding[]>();
    for (const result of parseKubeconformOutput(stdout))
      byFile.set(resolvePath(result.filename), [
        ...(byFile.get(resolvePath(result.filename)) ?? []),
        ...result.findings,
      ]);
    // kubeconform names a resource without its namespace: the finding names the resource as we read it.
    return files.map((file, i) => (byFile.get(file) ?? []).map((f) => ({ ...f, resource: refOf(resources[i]!) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
