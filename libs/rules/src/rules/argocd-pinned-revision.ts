import type { RuleFinding } from '@inference-gitops/core';
import type { Rule } from '../types.js';
import { appSources, finding } from './shared/util.js';

const BRANCH = /^(HEAD|main|master|develop|dev|trunk|latest|stable)$|^release[-/]/;
const PINNED = /^v?\d+\.\d+(\.\d+)?([-+].*)?$|^[0-9a-f]{40}$|^[a-z0-9-]*v\d+(\.\d+)*([-.][A-Za-z0-9.]+)?$/;

export const rule: Rule = {
  id: 'argocd-pinned-revision',
  severity: { prod: 'error', default: 'warning' },
  summary: 'Remote sources use a tag, chart version or commit, never HEAD, main or another branch.',
  docs: {
    why:
      'A moving branch changes what is deployed without a commit in this repository: the seed pulled ' +
      'KServe from release-v0.15 and helmfiles from main, so two installs of "the same" config differed.',
    fix: 'Pin targetRevision to a release tag, a chart version or a commit SHA.',
    source: 'infra-repo.md (pinning gaps: ref=main, moving release branch, v0.15-latest images).',
  },
  kinds: ['Application'],
  check(ctx) {
    const out: RuleFinding[] = [];
    const own = (ctx.repo?.repoURLs ?? (ctx.spec ? [ctx.spec.argocd.repoURL] : [])).map((u) => u.replace(/\.git$/, ''));
    for (const app of ctx.byKind('Application', 'argoproj.io')) {
      for (const { source, path } of appSources(app)) {
        const url = String(source.repoURL ?? '').replace(/\.git$/, '');
        if (own.includes(url)) continue;
        const rev = String(source.targetRevision ?? 'HEAD');
        if (BRANCH.test(rev) || !PINNED.test(rev))
          out.push(
            finding(
              app,
              `${path}/targetRevision`,
              `remote source ${url} of Application ${app.name} follows "${rev}", which moves`,
              'Pin a release tag, chart version or commit SHA.',
            ),
          );
      }
    }
    return out;
  },
};
