import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding } from './shared/util.js';

export const rule: Rule = {
  id: 'argocd-source-exists',
  severity: 'error',
  summary: 'Every local source path of an Application exists in the repository.',
  docs: {
    why: 'An Application whose path is missing fails to render in Argo CD ("app path does not exist") and everything behind it stays out of sync.',
    fix: 'Fix spec.source.path, or run `gitops generate` to write the overlay.',
    source: "Argo CD repo-server behaviour; this repository's layout (docs/generated-tree.md).",
  },
  kinds: ['Application'],
  needs: ['spec'],
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!ctx.repo) return out;
    const own = ctx.repo.repoURLs.map((u) => u.replace(/\.git$/, ''));
    for (const app of ctx.byKind('Application', 'argoproj.io')) {
      for (const { source, path } of appSources(app)) {
        if (!own.includes(String(source.repoURL ?? '').replace(/\.git$/, '')) || typeof source.path !== 'string')
          continue;
        const dir = resolve(ctx.repo.root, source.path);
        if (!existsSync(dir) || !statSync(dir).isDirectory())
          out.push(
            finding(
              app,
              `${path}/path`,
              `Application ${app.name} renders "${source.path}", which does not exist in this repository`,
              'Fix the path or run `gitops generate`.',
            ),
          );
      }
    }
    return out;
  },
};
