export { withWorktree } from '@inference-gitops/core';
