/**
 * What validate keeps between runs, as the environment says (read here, at the CLI's edge, and passed in):
 * GITOPS_RENDER_CACHE=0 builds every unit again, GITOPS_CHECK_CACHE=0 checks every resource again.
 */
export function keptBetweenRuns(env: NodeJS.ProcessEnv = process.env): { renders: boolean; checks: boolean } {
  return { renders: env.GITOPS_RENDER_CACHE !== '0', checks: env.GITOPS_CHECK_CACHE !== '0' };
}
